"""A Tasmota shutter (``rl`` 3 on two relays) as a ting cover: ``ShutterPosition<n>`` commands, positions
reported in ``RESULT``, moves made at the device known, spoken commands in both languages."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import pytest

from tests.home_ha.fake_ha import wait_until
from tests.home_mqtt.conftest import unique
from tests.home_mqtt.sim_tasmota import TasmotaPlug
from tests.home_mqtt.test_broker_loss import harness
from ting.errors import HomeError
from ting.mqtt.url import BrokerAddress
from ting.server.home_mqtt.tasmota import TasmotaHome
from ting.settings import MqttSettings, TasmotaSettings
from ting.skills.sdk import DeviceState

WAIT_SECONDS = 45.0


@pytest.fixture
async def shutter_box(mosquitto: BrokerAddress) -> AsyncIterator[TasmotaPlug]:
    box = TasmotaPlug(mosquitto, topic=unique("shutter"), mac=uuid.uuid4().hex[:12].upper(),
                      relays=(3, 3, 1), discovery_prefix=f"{unique('disc')}/discovery")  # fmt: skip
    async with box.running() as running:
        yield running


@pytest.fixture
async def home(
    shutter_box: TasmotaPlug, mqtt_settings: Callable[..., MqttSettings]
) -> AsyncIterator[TasmotaHome]:
    settings = TasmotaSettings(
        discovery_prefix=shutter_box.discovery_prefix,
        devices={  # type: ignore[arg-type]
            "bedroom_shutter": {
                "device": shutter_box.topic,
                "relay": 1,
                "area": "bedroom",
                "names": {"zh": ["卧室卷帘"], "en": ["bedroom shutter"]},
            },
            "lamp": {
                "device": shutter_box.topic,
                "relay": 3,
                "area": "bedroom",
                "names": {"zh": ["床头灯"], "en": ["bedside lamp"]},
            },
        },
        reply_timeout_seconds=15.0,
        startup_wait_seconds=15.0,
    )
    async with TasmotaHome(settings, mqtt_settings(), server_id=unique("srv")) as backend:
        await backend.wait_discovered()
        yield backend


async def test_a_shutter_is_a_cover_with_positions(home: TasmotaHome, shutter_box: TasmotaPlug) -> None:
    listed = home.listed()
    assert (listed["bedroom_shutter"].found_domain, listed["bedroom_shutter"].found_capabilities) == (
        "cover",
        frozenset({"open_close", "position"}),
    )
    assert listed["lamp"].found_domain == "switch"
    await wait_until(lambda: home.cache.state("bedroom_shutter") is not None, WAIT_SECONDS)  # asked at start
    assert ("ShutterPosition1", "") in shutter_box.commands

    assert (await home.set_position("bedroom_shutter", 40)).position_percent == 40
    assert shutter_box.commands[-1] == ("ShutterPosition1", "40") and shutter_box.shutters[1] == 40
    state = await home.turn_off("bedroom_shutter")
    assert (state.on, state.position_percent, shutter_box.commands[-1]) == (
        False,
        0,
        ("ShutterPosition1", "0"),
    )
    assert (await home.turn_on("bedroom_shutter")).position_percent == 100
    assert (await home.turn_on("lamp")).on and shutter_box.commands[-1] == ("POWER3", "ON")
    with pytest.raises(HomeError, match="cannot be set to a position"):
        await home.set_position("lamp", 50)

    await shutter_box.move_shutter(1, 70)  # its own buttons
    await wait_until(lambda: (home.cache.state("bedroom_shutter") or DeviceState()).position_percent == 70,
                     WAIT_SECONDS)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lang", "position"),
    [
        ("把卧室卷帘开到一半", "zh", 50),
        ("关上卧室卷帘", "zh", 0),
        ("set the bedroom shutter to 30 percent", "en", 30),
    ],
)
async def test_spoken(
    home: TasmotaHome, shutter_box: TasmotaPlug, text: str, lang: str, position: int
) -> None:
    speaker = await harness(home, home.listed())
    answer = await speaker.ask(text, lang=lang)
    assert answer.ok, answer.text
    assert shutter_box.shutters[1] == position
