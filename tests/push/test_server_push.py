"""The server end to end: events and "send that to my WeChat" reach the fake robot once; device
status becomes device.offline; chat callbacks (crypto checked against wechatpy) run commands."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import xmltodict
from wechatpy.crypto import WeChatCrypto as WechatpyMpCrypto
from wechatpy.enterprise.crypto import WeChatCrypto as WechatpyWecomCrypto
from wechatpy.exceptions import InvalidSignatureException

from tests.fake_http import serving
from tests.push.fakes import FakeTencent
from tests.server.conftest import make_settings, probe  # noqa: F401 (fixture)
from ting.server.host import running_server
from ting.server.push.crypto import MessageCrypto, signature
from ting.settings import (
    ChatCallback,
    ChatSettings,
    ChatUser,
    MqttSettings,
    PushOutboxSettings,
    PushRule,
    WecomAppChannel,
    WecomBotChannel,
)

AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
CORP_ID = "wx5823bf96d3bd56c7"


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeTencent, str]]:
    api = FakeTencent()
    async with serving(api) as url:
        yield api, url


def push_settings(tmp_path: Path, mqtt: MqttSettings, url: str) -> Any:
    base = make_settings(tmp_path, mqtt)
    return replace(
        base,
        push={
            "family_bot": WecomBotChannel(type="wecom_bot", key="family", api_base_url=url),
            "family_app": WecomAppChannel(
                type="wecom_app", corpid=CORP_ID, secret="app-secret", agentid=1, api_base_url=url
            ),
        },
        push_rules=(
            PushRule(events=("timer.done", "device.offline", "answer.forwarded"), channels=("family_bot",)),
        ),
        push_outbox=PushOutboxSettings(poll_seconds=0.05, backoff_min_seconds=0.05, backoff_max_seconds=0.2),
        chat=ChatSettings(
            wecom=ChatCallback(channel="family_app", token="QDG6eK", encoding_aes_key=AES_KEY),
            users={"zhangsan": ChatUser(member="dad", site="office")},
            # the commands' passive replies must come within this: the product's 4 s was close under load
            reply_within_seconds=20.0,
        ),
    )


async def until(condition: Callable[[], bool], timeout_seconds: float = 10.0) -> None:
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 (polling a plain predicate)
            await asyncio.sleep(0.02)


def robot_texts(api: FakeTencent) -> list[str]:
    return [m["text"]["content"] for m in api.bot_messages.get("family", [])]


async def test_event_voice_forward_and_device_offline_reach_the_robot_once(
    tmp_path: Path,
    mqtt_settings: Callable[..., MqttSettings],
    fake: tuple[FakeTencent, str],
    probe: Any,  # noqa: F811
) -> None:
    api, url = fake
    async with running_server(push_settings(tmp_path, mqtt_settings(), url)) as server:
        state = server.state
        await asyncio.wait_for(state.client.wait_connected(10), 15)
        services = next(iter(state.runtime._services.values()))
        for _ in range(2):  # the same timer event twice (a replay) is pushed once
            await services.push.notify("timer.done", "泡面的计时器到了", {"id": "timer-1"})
        await until(lambda: robot_texts(api) == ["泡面的计时器到了"])
        await services.push.notify("unrouted.event", "nobody hears this")
        base = f"http://127.0.0.1:{server.port}"
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            await http.post("/api/text", json={"text": "现在几点", "site_id": "kitchen"})
            answer = (await http.post("/api/text", json={"text": "发到微信上", "site_id": "kitchen"})).json()
            assert answer["intent"] == "push.send_last" and answer["ok"]
            await until(lambda: len(robot_texts(api)) == 2)
            assert robot_texts(api)[1].startswith("现在是")
            site = f"kitchen-{uuid.uuid4().hex[:6]}"
            await probe.publish(f"ting/status/{site}", f'{{"siteId": "{site}", "state": "online"}}')
            await probe.publish(f"ting/status/{site}", f'{{"siteId": "{site}", "state": "offline"}}')
            await until(lambda: len(robot_texts(api)) == 3)
            assert site in robot_texts(api)[2]
            messages = (await http.get("/api/push/messages")).json()
            assert [m["status"] for m in messages] == ["sent"] * 3
            test = (await http.post("/api/push/test/family_bot")).json()
            assert test == {
                "ok": True,
                "channel": "family_bot",
                "answers": [{"errcode": 0, "errmsg": "ok"}],
                "warnings": [],
                "error": None,
            }


def test_our_crypto_matches_wechatpy() -> None:
    ours = MessageCrypto("QDG6eK", AES_KEY, CORP_ID)
    theirs = WechatpyWecomCrypto("QDG6eK", AES_KEY, CORP_ID)
    xml = "<xml><Content><![CDATA[客厅空调调到二十六度]]></Content></xml>"
    reply = theirs.encrypt_message(xml, "nonce1", "1700000000")
    parsed = xmltodict.parse(reply)["xml"]
    assert ours.decrypt(parsed["Encrypt"], parsed["MsgSignature"], "1700000000", "nonce1") == xml
    our_reply = ours.reply_xml(xml, "1700000001", "n2")
    mine = xmltodict.parse(our_reply)["xml"]
    assert theirs.decrypt_message(our_reply, mine["MsgSignature"], "1700000001", "n2") == xml
    echo = ours.encrypt("echo-42")
    assert theirs.check_signature(signature("QDG6eK", "1", "n", echo), "1", "n", echo) == "echo-42"
    mp = WechatpyMpCrypto("QDG6eK", AES_KEY, "wxappid")
    mp_reply = xmltodict.parse(mp.encrypt_message(xml, "n3", "5"))["xml"]
    assert (
        MessageCrypto("QDG6eK", AES_KEY, "wxappid").decrypt(
            mp_reply["Encrypt"], mp_reply["MsgSignature"], "5", "n3"
        )
        == xml
    )


async def test_wecom_chat_command_changes_the_home_and_the_reply_comes_back(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], fake: tuple[FakeTencent, str]
) -> None:
    _, url = fake
    theirs = WechatpyWecomCrypto("QDG6eK", AES_KEY, CORP_ID)
    async with running_server(push_settings(tmp_path, mqtt_settings(), url)) as server:
        base = f"http://127.0.0.1:{server.port}"
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            # URL verification
            echostr = MessageCrypto("QDG6eK", AES_KEY, CORP_ID).encrypt("1616140317555161061")
            ts = str(int(time.time()))
            params = {"msg_signature": signature("QDG6eK", ts, "n", echostr), "timestamp": ts, "nonce": "n"}
            verified = await http.get("/api/wecom/callback", params={**params, "echostr": echostr})
            assert verified.status_code == 200 and verified.text == "1616140317555161061"

            def command(text: str, msg_id: str, sender: str = "zhangsan") -> tuple[str, dict[str, str]]:
                inner = (
                    f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[{sender}]]>"
                    f"</FromUserName><CreateTime>{ts}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                    f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId><AgentID>1</AgentID></xml>"
                )
                outer = xmltodict.parse(theirs.encrypt_message(inner, "nonce9", ts))["xml"]
                body = (
                    f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
                    f"<Encrypt><![CDATA[{outer['Encrypt']}]]></Encrypt><AgentID>1</AgentID></xml>"
                )
                return body, {"msg_signature": outer["MsgSignature"], "timestamp": ts, "nonce": "nonce9"}

            body, query = command("客厅空调调到二十六度", "1001")
            reply = await http.post("/api/wecom/callback", params=query, content=body)
            assert reply.status_code == 200
            outer = xmltodict.parse(reply.text)["xml"]
            plain = theirs.decrypt_message(
                reply.text, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"]
            )
            answer = xmltodict.parse(plain)["xml"]
            assert answer["ToUserName"] == "zhangsan" and "二十六度" in answer["Content"]
            states = await server.state.device_states()
            assert states["living_room_ac"]["temperature_c"] == 26.0 and states["living_room_ac"]["on"]

            # the same MsgId again (WeCom retries): acknowledged, not run again
            again = await http.post("/api/wecom/callback", params=query, content=body)
            assert again.status_code == 200 and again.text == ""

            # a forged signature: 401, nothing processed
            body, query = command("把客厅的灯打开", "1002")
            forged = await http.post(
                "/api/wecom/callback", params={**query, "msg_signature": "0" * 40}, content=body
            )
            assert forged.status_code == 401
            assert not (await server.state.device_states())["living_room_light"]["on"]

            # an old timestamp (replay): 403
            old = str(int(time.time()) - 3600)
            sign = signature("QDG6eK", old, "nonce9", xmltodict.parse(body)["xml"]["Encrypt"])
            replayed = await http.post(
                "/api/wecom/callback",
                params={"msg_signature": sign, "timestamp": old, "nonce": "nonce9"},
                content=body,
            )
            assert replayed.status_code == 403

            # someone not in chat.users: acknowledged, ignored
            body, query = command("把客厅的灯打开", "1003", sender="stranger")
            ignored = await http.post("/api/wecom/callback", params=query, content=body)
            assert ignored.text == "" and not (await server.state.device_states())["living_room_light"]["on"]

            # hostile XML (entity expansion) is refused before anything runs
            bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>'
            hostile = await http.post("/api/wecom/callback", params=query, content=bomb)
            assert hostile.status_code == 400


def test_wechatpy_rejects_a_forged_signature_too() -> None:
    theirs = WechatpyWecomCrypto("QDG6eK", AES_KEY, CORP_ID)
    with pytest.raises(InvalidSignatureException):
        theirs.check_signature("0" * 40, "1", "n", MessageCrypto("QDG6eK", AES_KEY, CORP_ID).encrypt("x"))


async def test_a_retried_chat_message_after_a_restart_is_not_run_again(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], fake: tuple[FakeTencent, str]
) -> None:
    """The MsgId dedupe was in memory: WeCom's retry of a command that arrived just before a restart ran
    the command again after it. Now the seen ids are in the store for the replay window."""
    _, url = fake
    theirs = WechatpyWecomCrypto("QDG6eK", AES_KEY, CORP_ID)
    settings = push_settings(tmp_path, mqtt_settings(), url)
    ts = str(int(time.time()))
    inner = (
        f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>"
        f"<CreateTime>{ts}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[把客厅的灯打开]]></Content><MsgId>2001</MsgId><AgentID>1</AgentID></xml>"
    )
    outer = xmltodict.parse(theirs.encrypt_message(inner, "nonce7", ts))["xml"]
    body = f"<xml><Encrypt><![CDATA[{outer['Encrypt']}]]></Encrypt><AgentID>1</AgentID></xml>"
    query = {"msg_signature": outer["MsgSignature"], "timestamp": ts, "nonce": "nonce7"}
    async with (
        running_server(settings) as server,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=30) as http,
    ):
        first = await http.post("/api/wecom/callback", params=query, content=body)
        assert first.status_code == 200 and first.text  # answered (encrypted reply)
        assert (await server.state.device_states())["living_room_light"]["on"]
        await http.post("/api/text", json={"text": "把客厅的灯关掉"})
        assert not (await server.state.device_states())["living_room_light"]["on"]
    async with (
        running_server(settings) as server,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=30) as http,
    ):
        retried = await http.post("/api/wecom/callback", params=query, content=body)
        assert retried.status_code == 200 and retried.text == ""
        assert not (await server.state.device_states())["living_room_light"]["on"]
