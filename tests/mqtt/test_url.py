"""Broker URLs: what parses, and what a bad one says."""

from __future__ import annotations

import pytest

from ting.errors import ConfigError
from ting.mqtt.url import BrokerAddress, parse_broker_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mqtt://127.0.0.1:1883", BrokerAddress("127.0.0.1", 1883)),
        ("mqtt://broker.lan", BrokerAddress("broker.lan", 1883)),
        ("mqtts://broker.lan", BrokerAddress("broker.lan", 8883, tls=True)),
        ("mqtts://broker.lan:9999", BrokerAddress("broker.lan", 9999, tls=True)),
        (
            "mqtt://ting:s%40cret@10.0.0.2:1884",
            BrokerAddress("10.0.0.2", 1884, username="ting", password="s@cret"),
        ),
        ("mqtt://[::1]:1883", BrokerAddress("::1", 1883)),
        (" mqtt://host:1/ ", BrokerAddress("host", 1)),
    ],
)
def test_parses(url: str, expected: BrokerAddress) -> None:
    assert parse_broker_url(url) == expected


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("http://host:1883", "scheme must be mqtt:// or mqtts://"),
        ("host:1883", "scheme must be"),
        ("mqtt://:1883", "no host"),
        ("mqtt://host:99999", "out of range"),
        ("mqtt://host:abc", "abc"),
        ("mqtt://host:0", "port must be 1-65535"),
        ("mqtt://host:1883/topic", "unexpected path"),
        ("", "scheme must be"),
    ],
)
def test_bad_url_is_a_config_error_naming_the_url(url: str, complaint: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_broker_url(url)
    assert complaint in str(caught.value)
    assert repr(url) in str(caught.value)


def test_password_is_kept_out_of_repr_and_url() -> None:
    address = parse_broker_url("mqtt://user:hunter2@host:1883")
    assert "hunter2" not in repr(address)
    assert address.url == "mqtt://host:1883"
    assert str(parse_broker_url("mqtts://[::1]")) == "mqtts://[::1]:8883"


@pytest.mark.parametrize(
    "url",
    [
        "http://user:hunter2@host:1883",
        "mqtt://user:hunter2@:1883",
        "mqtt://user:hunter2@host:1883/path",
        "mqtt://user:hunter2@host:0",
        "mqtt://user:hunter2@host:99999",
    ],
)
def test_bad_url_errors_hide_the_password(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_broker_url(url)
    assert "hunter2" not in str(caught.value)
    assert "user:***@" in str(caught.value)
