"""The Home Assistant backend against a fake Home Assistant on loopback: its WebSocket API, errors too."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass

import pytest

from tests.home_ha.fake_ha import TOKEN, FakeHomeAssistant, wait_until
from ting.errors import HomeError
from ting.nlu import IntentRecognizer, SentenceFile, load_household
from ting.nlu.registry import Household
from ting.server.home_ha import HomeAssistantHome, open_home_assistant
from ting.settings import HomeAssistantSettings
from ting.skills.home import skill as home_skill
from ting.skills.sdk import Response
from ting.skills.sdk.testing import SkillHarness, make_services


def ha_settings(fake: FakeHomeAssistant, **changes: object) -> HomeAssistantSettings:
    values: dict[str, object] = {
        "url": fake.url,
        "token": TOKEN,
        "reconnect_min_seconds": 0.05,
        "reconnect_max_seconds": 0.2,
        "timeout_seconds": 5.0,
        **changes,
    }
    return HomeAssistantSettings(**values)  # type: ignore[arg-type]


@dataclass
class Connected:
    fake: FakeHomeAssistant
    household: Household
    home: HomeAssistantHome
    harness: SkillHarness

    async def ask(self, text: str, lang: str, site: str = "default") -> Response:
        return await self.harness.ask(text, lang=lang, site_id=site)


@pytest.fixture
async def connected() -> AsyncIterator[Connected]:
    async with FakeHomeAssistant() as fake, AsyncExitStack() as stack:
        household, home = await open_home_assistant(ha_settings(fake), load_household(None), stack)
        services = await make_services(household=household, home=home)
        files = [SentenceFile("home", lang, path) for lang, path in home_skill.sentence_files().items()]
        recognizer = IntentRecognizer.from_files(files, household)
        yield Connected(fake, household, home, SkillHarness([home_skill], {"home": services}, recognizer))


async def test_the_registries_become_the_household(connected: Connected) -> None:
    home = connected.household
    assert home.floor("ground").names == {"zh": ("一楼", "楼下"), "en": ("downstairs",)}  # type: ignore[union-attr]
    assert home.area("kitchen").names == {"en": ("Kitchen",), "zh": ("厨房",)}  # type: ignore[union-attr]
    assert home.area("bedroom").floor == "first"  # type: ignore[union-attr]
    light = home.devices["light.ke_ting"]
    assert light.names == {"zh": ("客厅灯", "客厅的灯"), "en": ("living room light",)}
    assert light.capabilities == {"on_off", "brightness", "color", "color_temp"}
    assert light.color_temp_range_kelvin() == (2000, 6500)
    assert home.devices["lock.front_door"].area == "hall"  # from its device
    assert home.devices["lock.front_door"].confirm
    fan = home.devices["fan.bedroom"]
    assert fan.capabilities == {"on_off", "fan_speed", "oscillate"} and fan.fan_speed_count == 3
    assert home.devices["climate.study"].hvac_modes == ("off", "cool", "heat", "dry")
    assert home.devices["cover.bedroom_blinds"].capabilities == {"open_close", "position", "tilt"}
    assert home.devices["sensor.living_temperature"].device_class == "temperature"
    assert "switch.secret_plug" not in home.devices  # not exposed to voice assistants
    assert "sun.sun" not in home.devices  # not a kind ting drives
    assert "灯" in home.domain_names["light"]["zh"]


@pytest.mark.parametrize(
    ("text", "lang", "site", "call"),
    [
        ("打开客厅灯", "zh", "default", ("light", "turn_on", "light.ke_ting", {})),
        (
            "turn the living room light blue",
            "en",
            "default",
            ("light", "turn_on", "light.ke_ting", {"rgb_color": [0, 0, 255]}),
        ),
        (
            "把卧室的窗帘开到一半",
            "zh",
            "default",
            ("cover", "set_cover_position", "cover.bedroom_blinds", {"position": 50}),
        ),
        ("风扇调到三档", "zh", "bedroom", ("fan", "set_percentage", "fan.bedroom", {"percentage": 100})),
        (
            "空调调成制冷模式",
            "zh",
            "study",
            ("climate", "set_hvac_mode", "climate.study", {"hvac_mode": "cool"}),
        ),
        (
            "set the study AC to 24 degrees",
            "en",
            "default",
            ("climate", "set_temperature", "climate.study", {"temperature": 24.0}),
        ),
        ("start the robot vacuum", "en", "default", ("vacuum", "start", "vacuum.robot", {})),
        ("turn off the kitchen light", "en", "default", ("light", "turn_off", "light.kitchen", {})),
        ("关掉楼下的灯", "zh", "bedroom", ("light", "turn_off", "light.ke_ting", {})),
    ],
)
async def test_spoken_commands_reach_the_right_service_call(
    connected: Connected, text: str, lang: str, site: str, call: tuple[str, str, str, dict[str, object]]
) -> None:
    answer = await connected.ask(text, lang, site)
    assert answer.ok, answer.text
    domain, service, entity_id, data = call
    assert any(
        (sent["domain"], sent["service"], sent["target"], sent["service_data"])
        == (domain, service, {"entity_id": entity_id}, data)
        for sent in connected.fake.calls
    ), connected.fake.calls


async def test_unlocking_asks_then_calls_lock_unlock(connected: Connected) -> None:
    assert (await connected.ask("打开大门", "zh")).text == "确定要打开大门吗？"
    assert connected.fake.calls == []
    await connected.ask("确定", "zh")
    assert [(c["domain"], c["service"]) for c in connected.fake.calls] == [("lock", "unlock")]
    assert connected.fake.states["lock.front_door"]["state"] == "unlocked"


async def test_states_and_changes_made_elsewhere(connected: Connected) -> None:
    assert (await connected.ask("客厅温度多少度", "zh")).text == "客厅现在二十三点四度。"
    assert (
        await connected.ask("is the kitchen light on", "en")
    ).text == "The Kitchen light is at 100 percent."
    await connected.fake.change("light.kitchen", "off")  # the wall switch
    await wait_until(lambda: connected.home.raw_states()["light.kitchen"]["state"] != "on")
    assert (await connected.ask("is the kitchen light on", "en")).text == "The Kitchen light is off."
    assert (await connected.ask("哪些窗户开着", "zh")).text == "厨房窗户开着。"  # its only window


async def test_a_service_error_is_said_and_logged(
    connected: Connected, caplog: pytest.LogCaptureFixture
) -> None:
    connected.fake.failing_services["light.turn_on"] = (
        "home_assistant_error",
        "Zigbee device not responding",
    )
    answer = await connected.ask("打开客厅灯", "zh")
    assert (answer.ok, answer.text) == (False, "抱歉，客厅灯没有响应。")
    assert "Zigbee device not responding" in caplog.text
    await connected.home.set_hvac_mode("climate.study", "cool")
    connected.fake.states.pop("climate.study")  # an entity Home Assistant no longer has
    with pytest.raises(HomeError, match=r"not_found: Entity climate\.study not found"):
        await connected.home.set_hvac_mode("climate.study", "heat")


async def test_a_restart_is_survived_and_subscriptions_renewed(connected: Connected) -> None:
    connection = connected.home.connection
    assert connection is not None and connection.connects == 1
    await connected.fake.restart()
    await wait_until(lambda: connection.connects == 2 and connection.connected)
    await connected.fake.change("light.kitchen", "off")  # only seen through the new subscription
    await wait_until(lambda: connected.home.raw_states()["light.kitchen"]["state"] == "off")
    assert (await connected.ask("打开厨房灯", "zh")).ok
    assert connected.fake.states["light.kitchen"]["state"] == "on"


async def test_a_rejected_token_is_logged_and_retried(caplog: pytest.LogCaptureFixture) -> None:
    async with FakeHomeAssistant(token="another-token-entirely-0000") as fake, AsyncExitStack() as stack:
        with caplog.at_level(logging.ERROR), pytest.raises(HomeError, match="did not answer in time"):
            await open_home_assistant(ha_settings(fake, timeout_seconds=1.0), load_household(None), stack)
        await wait_until(lambda: fake.auth_attempts >= 2)  # still trying, nothing crashed
    assert "refused the access token" in caplog.text
    assert TOKEN not in caplog.text


async def test_allow_and_deny_lists(connected: Connected) -> None:
    async with AsyncExitStack() as stack:
        settings = ha_settings(connected.fake, allow=("light.*", "lock.*"), deny=("light.kitchen",))
        household, _ = await open_home_assistant(settings, load_household(None), stack)
    assert sorted(household.devices) == ["light.ke_ting", "lock.front_door"]
