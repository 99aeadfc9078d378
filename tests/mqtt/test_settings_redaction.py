"""The broker URL's password never shows in ``repr``/``str`` of the settings, and the URL still works."""

from __future__ import annotations

from pathlib import Path

import pytest

from ting.mqtt.url import parse_broker_url
from ting.settings import MqttSettings, load_settings, redact_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("mqtt://ting:s3cretpw@broker:1883", "mqtt://ting:***@broker:1883"),
        ("mqtts://ting:p%40ss%2Fw0rd@broker", "mqtts://ting:***@broker"),
        ("mqtt://ting:has@at:and:colon@broker:1884", "mqtt://ting:***@broker:1884"),
        ("mqtt://:onlypass@broker", "mqtt://:***@broker"),
        ("mqtt://ting@broker:1883", "mqtt://ting@broker:1883"),
        ("mqtt://127.0.0.1:1883", "mqtt://127.0.0.1:1883"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_repr_and_str_hide_the_password_and_the_url_still_logs_in(tmp_path: Path) -> None:
    config = tmp_path / "ting.toml"
    config.write_text('[mqtt]\nurl = "mqtt://ting:s3cretpw@broker:1884"\nkeepalive_seconds = 12\n')
    settings = load_settings(config, environ={})
    for text in (repr(settings), str(settings), repr(settings.mqtt), str(settings.mqtt), f"{settings.mqtt}"):
        assert "s3cretpw" not in text
        assert "mqtt://ting:***@broker:1884" in text and "keepalive_seconds=12" in text
    assert settings.mqtt.url == "mqtt://ting:s3cretpw@broker:1884"
    address = parse_broker_url(settings.mqtt.url)
    assert (address.username, address.password, address.port) == ("ting", "s3cretpw", 1884)
    assert settings.mqtt == MqttSettings(url="mqtt://ting:s3cretpw@broker:1884", keepalive_seconds=12)


def test_mqtt_flag_password_is_hidden_too(tmp_path: Path) -> None:
    (tmp_path / "empty.toml").write_text("")
    settings = load_settings(tmp_path / "empty.toml", environ={}, mqtt_url="mqtts://u:fl4gpass@host:8883")
    assert "fl4gpass" not in repr(settings) and "mqtts://u:***@host:8883" in repr(settings)
