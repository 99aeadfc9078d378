"""Secrets never leak: settings errors and ``repr`` of the push/chat settings hide them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ting.errors import ConfigError
from ting.settings import (
    ChatCallback,
    ChatSettings,
    PushPlusChannel,
    ServerChanChannel,
    Settings,
    StoreSettings,
    WechatMpChannel,
    WecomAppChannel,
    WecomBotChannel,
    WxPusherChannel,
    load_settings,
)

SECRETS = (
    "bot-key-5ecret",
    "app-5ecret-value",
    "mp-5ecret-value",
    "SCT5ecretsendkey",
    "pp-5ecret-token",
    "AT_5ecretapptoken",
    "cb-5ecret-token",
    "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    "dbpa55word",
    "mqttpa55",
)


def load(tmp_path: Path, toml: str, environ: dict[str, str] | None = None) -> str:
    path = tmp_path / "ting.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ=environ or {})
    return str(caught.value)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, (secret, text)


def test_validation_errors_do_not_print_secret_values(tmp_path: Path) -> None:
    message = load(
        tmp_path,
        """
[push.bot]
type = "wecom_bot"
key = 12345678901
[push.app]
type = "wecom_app"
corpid = "wx1"
secret = ["app-5ecret-value"]
agentid = "not a number"
[push.mp]
type = "wechat_mp"
appid = "wx2"
secret = "mp-5ecret-value"
[push.chan]
type = "serverchan"
sendkey = "SCT5ecretsendkey"
bogus = 1
[push.plus]
type = "pushplus"
token = "pp-5ecret-token"
template = "pdf"
[push.wx]
type = "wxpusher"
app_token = "AT_5ecretapptoken"
topic_ids = ["x"]
[chat.wechat]
channel = "mp"
token = "cb-5ecret-token"
encoding_aes_key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
nonsense = true
[store]
backend = "postgres"
postgres_dsn = 42
[mqtt]
url = "mqtt://ting:mqttpa55@broker:1883"
keepalive_seconds = "often"
""",
    )
    assert_no_secret(message)
    # the errors are still there, and say where
    for where in (
        "push.app.wecom_app.agentid",
        "push.mp.wechat_mp.template_id",
        "push.chan.serverchan.bogus",
        "push.plus.pushplus.template",
        "chat.wechat.nonsense",
        "store.postgres_dsn",
        "mqtt.keepalive_seconds",
    ):
        assert where in message, (where, message)
    assert "***" in message


def test_secrets_from_the_environment_and_in_dsn_strings_are_hidden(tmp_path: Path) -> None:
    message = load(
        tmp_path,
        "",
        {
            "TING_STORE__POSTGRES_DSN": '["postgresql://ting:dbpa55word@db/ting"]',
            "TING_MQTT__URL": '["mqtt://ting:mqttpa55@broker"]',
            "TING_CHAT__WECOM": '{"channel": "x", "token": "cb-5ecret-token", "bad": 1}',
        },
    )
    assert_no_secret(message)
    assert "environment variable TING_STORE__POSTGRES_DSN" in message


def test_repr_of_push_and_chat_settings_hides_secrets() -> None:
    aes = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
    settings = Settings(
        store=StoreSettings(backend="postgres", postgres_dsn="postgresql://ting:dbpa55word@db/ting"),
        push={
            "bot": WecomBotChannel(type="wecom_bot", key="bot-key-5ecret"),
            "app": WecomAppChannel(type="wecom_app", corpid="wx1", secret="app-5ecret-value", agentid=1),
            "mp": WechatMpChannel(type="wechat_mp", appid="wx2", secret="mp-5ecret-value", template_id="t"),
            "chan": ServerChanChannel(type="serverchan", sendkey="SCT5ecretsendkey"),
            "plus": PushPlusChannel(type="pushplus", token="pp-5ecret-token"),
            "wx": WxPusherChannel(type="wxpusher", app_token="AT_5ecretapptoken"),
        },
        chat=ChatSettings(wechat=ChatCallback(channel="mp", token="cb-5ecret-token", encoding_aes_key=aes)),
    )
    text = repr(settings) + str(settings)
    assert_no_secret(text)
    assert "wx1" in text and "corpid" in text  # the rest is still shown
    assert settings.push["bot"].key == "bot-key-5ecret"  # and the values are all there
