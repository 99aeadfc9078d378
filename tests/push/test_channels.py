"""Every channel against the fake API: requests as documented, errcodes checked, limits kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fake_http import serving
from tests.push.fakes import FakeTencent
from ting.errors import ConfigError, PermanentPushError, TransientPushError
from ting.server.push.base import Notification, split_utf8, truncate_utf8
from ting.server.push.channels import build_channel, http_client
from ting.settings import (
    PushPlusChannel,
    ServerChanChannel,
    WechatMpChannel,
    WecomAppChannel,
    WecomBotChannel,
    WxPusherChannel,
    load_settings,
)


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTencent, str]]:
    api = FakeTencent()
    async with serving(api) as url:
        yield api, url


def test_utf8_limits_never_split_a_character() -> None:
    text = "温度" * 1000  # 6,000 bytes
    pieces = split_utf8(text, 2048)
    assert "".join(pieces) == text
    assert all(len(p.encode()) <= 2048 for p in pieces)
    cut = truncate_utf8("天气晴朗" * 100, 128)
    assert len(cut.encode()) <= 128 and cut.endswith("…")


async def test_wecom_bot_text_with_mentions_and_long_text_split(fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    settings = WecomBotChannel(type="wecom_bot", key="k1", api_base_url=url, mentioned_list=("@all",))
    async with http_client() as http:
        delivery = await build_channel("bot", settings, http).send(Notification(text="计时器到了\n" * 500))
    sent = api.bot_messages["k1"]
    assert len(sent) == len(delivery.answers) > 1
    assert sent[0]["text"]["mentioned_list"] == ["@all"] and "mentioned_list" not in sent[1]["text"]
    assert all(len(m["text"]["content"].encode()) <= 2048 for m in sent)


async def test_wecom_bot_webhook_url_pasted_as_copied(fake: tuple[FakeTencent, str], tmp_path: Path) -> None:
    """The robot's whole webhook address, as WeCom shows it, was sent as the key."""
    api, url = fake
    config = tmp_path / "ting.toml"
    webhook = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa"
    config.write_text(f'[push.family]\ntype = "wecom_bot"\nkey = "{webhook}"\napi_base_url = "{url}"\n')
    settings = load_settings(config, environ={}).push["family"]
    assert isinstance(settings, WecomBotChannel) and settings.key == "693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa"
    async with http_client() as http:
        await build_channel("family", settings, http).send(Notification(text="hi"))
    assert [m["text"]["content"] for m in api.bot_messages["693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa"]] == ["hi"]
    config.write_text(
        '[push.family]\ntype = "wecom_bot"\nkey = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"\n'
    )
    with pytest.raises(ConfigError, match=r"push\.family\.wecom_bot\.key.*without key="):
        load_settings(config, environ={})


@pytest.mark.parametrize("kind", ["markdown", "markdown_v2", "news"])
async def test_wecom_bot_formats(fake: tuple[FakeTencent, str], kind: str) -> None:
    api, url = fake
    settings = WecomBotChannel(type="wecom_bot", key="k2", api_base_url=url, format=kind)  # type: ignore[arg-type]
    async with http_client() as http:
        await build_channel("bot", settings, http).send(
            Notification(text="**闹钟** 响了" * 100, title="闹钟")
        )
    (message,) = api.bot_messages["k2"]
    assert message["msgtype"] == kind
    if kind == "news":
        article = message["news"]["articles"][0]
        assert len(article["description"].encode()) <= 512 and article["title"] == "闹钟"


async def test_wecom_bot_removed_is_permanent_and_rate_limit_transient(fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    api.removed_keys.add("gone")
    async with http_client() as http:
        with pytest.raises(PermanentPushError, match=r"93000.*removed") as removed:
            await build_channel(
                "b", WecomBotChannel(type="wecom_bot", key="gone", api_base_url=url), http
            ).send(Notification(text="x"))
        assert "gone" not in str(removed.value)  # the key is a secret
        api.rate_limited_until = float("inf")
        with pytest.raises(TransientPushError, match="45009") as limited:
            await build_channel("b", WecomBotChannel(type="wecom_bot", key="k", api_base_url=url), http).send(
                Notification(text="x")
            )
    assert limited.value.retry_after_seconds == 60.0


def _app(url: str, **values: object) -> WecomAppChannel:
    return WecomAppChannel(
        type="wecom_app",
        corpid="ww1",
        secret="app-secret",
        agentid=1000002,
        api_base_url=url,
        **values,  # type: ignore[arg-type]
    )


async def test_wecom_app_token_cached_and_refreshed_after_expiry(fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    async with http_client() as http:
        channel = build_channel("app", _app(url, touser=("zhangsan",)), http)
        await channel.send(Notification(text="一"))
        await channel.send(Notification(text="二"))
        assert api.token_requests == 1
        api.expire_tokens()  # the token expires mid-run: the next send gets 42001
        await channel.send(Notification(text="三"))
    assert api.token_requests == 2
    assert [m["text"]["content"] for m in api.app_messages] == ["一", "二", "三"]
    assert api.app_messages[0]["touser"] == "zhangsan" and api.app_messages[0]["agentid"] == 1000002


async def test_wecom_app_textcard_invaliduser_and_60020(fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    async with http_client() as http:
        channel = build_channel("app", _app(url, format="textcard"), http)
        delivery = await channel.send(Notification(text="提醒", title="吃药", to=("zhangsan", "nobody")))
        assert delivery.warnings == ("invaliduser: nobody",)
        assert api.app_messages[0]["textcard"]["title"] == "吃药"
        with pytest.raises(PermanentPushError, match="81013"):
            await channel.send(Notification(text="x", to=("nobody",)))
        api.untrusted_ip = True
        with pytest.raises(PermanentPushError, match=r"60020.*api_base_url") as untrusted:
            await channel.send(Notification(text="x"))
    assert "app-secret" not in str(untrusted.value) and "token-" not in str(untrusted.value)


async def test_wechat_mp_template_stable_token_field_limits(fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    settings = WechatMpChannel(
        type="wechat_mp",
        appid="wx1",
        secret="mp-secret",
        template_id="T1",
        touser=("oAbc",),
        api_base_url=url,
    )
    async with http_client() as http:
        channel = build_channel("mp", settings, http)
        await channel.send(
            Notification(text="客厅的灯已经开了两个小时，要不要关掉？还有别的事情", title="提醒")
        )
        api.expire_tokens()
        await channel.send(Notification(text="二", to=("oDef",)))
        with pytest.raises(PermanentPushError, match="40003"):
            await channel.send(Notification(text="x", to=("bad-openid",)))
    first = api.template_messages[0]
    assert first["template_id"] == "T1" and first["touser"] == "oAbc"
    assert len(first["data"]["thing2"]["value"]) == 20
    assert api.token_requests == 2 and api.template_messages[1]["touser"] == "oDef"


async def test_relays(fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    async with http_client() as http:
        await build_channel(
            "sc", ServerChanChannel(type="serverchan", sendkey="SCT1", api_base_url=url), http
        ).send(Notification(text="正文", title="标题"))
        await build_channel(
            "pp", PushPlusChannel(type="pushplus", token="pp-token", api_base_url=url), http
        ).send(Notification(text="正文"))
        await build_channel(
            "wx", WxPusherChannel(type="wxpusher", app_token="AT_1", uids=("UID_1",), api_base_url=url), http
        ).send(Notification(text="正文"))
        with pytest.raises(PermanentPushError, match="903"):
            await build_channel(
                "pp", PushPlusChannel(type="pushplus", token="wrong", api_base_url=url), http
            ).send(Notification(text="x"))
    assert [name for name, _ in api.relay_messages] == ["serverchan", "pushplus", "wxpusher"]
    assert api.relay_messages[0][1] == {"title": "标题", "desp": "正文"}
    assert api.relay_messages[2][1]["uids"] == ["UID_1"]


async def test_outage_is_transient(fake: tuple[FakeTencent, str]) -> None:
    api, url = fake
    api.down = True
    async with http_client() as http:
        with pytest.raises(TransientPushError, match="503"):
            await build_channel("b", WecomBotChannel(type="wecom_bot", key="k", api_base_url=url), http).send(
                Notification(text="x")
            )
        with pytest.raises(TransientPushError, match="ConnectError"):
            await build_channel(
                "b", WecomBotChannel(type="wecom_bot", key="k", api_base_url="http://127.0.0.1:9"), http
            ).send(Notification(text="x"))
