"""The home skill's handlers on the demo household, state in a real SQLite store."""

from __future__ import annotations

from typing import Any

import pytest

import ting.skills.home as home
from tests.skills.skill_services import make_services, request
from ting.errors import HomeError
from ting.nlu.registry import Household
from ting.server.store import SqliteStore
from ting.skills.sdk import DeviceState, IntentRequest, Response, Services
from ting.skills.sdk.simulated_home import SimulatedHome


@pytest.fixture
async def services(store: SqliteStore, household: Household) -> Services:
    services = make_services(store, "home", household)
    for hook in home.skill.start_hooks:
        await hook(services)
    return services


async def ask(services: Services, intent: str, lang: str = "en", **slots: Any) -> Response:
    handler = home.skill.handlers[intent]
    return await handler(request(intent, lang, **slots), services)


async def state_of(services: Services, device_id: str) -> DeviceState:
    return await services.home.get_state(device_id)


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "Turned on the kitchen light."), ("zh", "好的，厨房灯已打开。")]
)
async def test_turn_on_a_device(services: Services, lang: str, expected: str) -> None:
    response = await ask(services, "home.turn_on", lang, device="kitchen_light")
    assert (response.ok, response.text) == (True, expected)
    assert response.data == {
        "devices": {"kitchen_light": {"on": True, "brightness_percent": None, "temperature_c": None}}
    }
    assert (await state_of(services, "kitchen_light")).on


async def test_turn_off_the_lights_of_an_area(services: Services) -> None:
    await ask(services, "home.turn_on", area="living_room")
    assert (await state_of(services, "living_room_light")).on
    response = await ask(services, "home.turn_off", "zh", area="living_room", domain="light")
    assert response.text == "好的，客厅灯和客厅灯带已关闭。"
    assert not (await state_of(services, "living_room_light")).on
    assert not (await state_of(services, "tv")).on


async def test_domain_uses_the_site_area_else_the_whole_home(services: Services) -> None:
    response = await home.switch(request("home.turn_on", "en", area="bedroom", domain="light"), services)
    assert response.text == "Turned on the bedroom light."
    response = await ask(services, "home.turn_on", "zh", domain="light")
    assert response.text == "好的，客厅灯、卧室灯、厨房灯、台灯和客厅灯带已打开。"


async def test_curtains_open_and_close(services: Services) -> None:
    assert (await ask(services, "home.turn_on", device="living_room_curtain")).text == "Opened the curtains."
    closed = await ask(services, "home.turn_off", "zh", device="living_room_curtain")
    assert closed.text == "好的，窗帘已关上。"
    assert (
        await ask(services, "home.get_state", device="living_room_curtain")
    ).text == "The curtains are closed."


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Set the bedroom light to 20 percent."), ("zh", "好的，卧室灯亮度已调到百分之二十。")],
)
async def test_set_brightness(services: Services, lang: str, expected: str) -> None:
    response = await ask(services, "home.set_brightness", lang, device="bedroom_light", brightness=20)
    assert response.text == expected
    assert await state_of(services, "bedroom_light") == DeviceState(on=True, brightness_percent=20)
    state = await ask(services, "home.get_state", lang, device="bedroom_light")
    assert (
        state.text
        == {"en": "The bedroom light is at 20 percent.", "zh": "卧室灯开着，亮度百分之二十。"}[lang]
    )


async def test_brightness_on_a_plain_light_is_refused(services: Services) -> None:
    response = await ask(services, "home.set_brightness", device="kitchen_light", brightness=50)
    assert (response.ok, response.text) == (False, "The kitchen light can't be dimmed.")
    zh = await ask(services, "home.set_brightness", "zh", device="kitchen_light", brightness=50)
    assert zh.text == "厨房灯不能调亮度。"
    assert not (await state_of(services, "kitchen_light")).on


async def test_brightness_out_of_range_or_missing(services: Services) -> None:
    assert (await ask(services, "home.set_brightness", device="desk_lamp", brightness=150)).ok is False
    missing = await ask(services, "home.set_brightness", "zh", device="desk_lamp")
    assert (missing.ok, missing.text) == (False, "要调到多少亮度？")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Set the living room air conditioner to 26 degrees."), ("zh", "客厅空调已调到二十六度。")],
)
async def test_set_temperature(services: Services, lang: str, expected: str) -> None:
    response = await ask(services, "home.set_temperature", lang, device="living_room_ac", temperature=26)
    assert response.text == expected
    assert await state_of(services, "living_room_ac") == DeviceState(on=True, temperature_c=26.0)


async def test_temperature_in_the_site_area(services: Services) -> None:
    response = await home.set_temperature(
        request("home.set_temperature", "zh", area="bedroom", temperature=24), services
    )
    assert response.text == "卧室空调已调到二十四度。"


async def test_temperature_outside_range_is_refused(services: Services) -> None:
    response = await ask(services, "home.set_temperature", device="bedroom_ac", temperature=35)
    assert (response.ok, response.text) == (
        False,
        "The bedroom air conditioner can be set between 16 and 30 degrees.",
    )
    zh = await ask(services, "home.set_temperature", "zh", device="bedroom_ac", temperature=10)
    assert zh.text == "卧室空调只能调到十六到三十度之间。"
    tv = await ask(services, "home.set_temperature", "zh", device="tv", temperature=24)
    assert (tv.ok, tv.text) == (False, "电视不能调温度。")


async def test_unknown_or_missing_target(services: Services) -> None:
    unknown = await ask(services, "home.turn_on", "zh", device="spaceship")
    assert (unknown.ok, unknown.text) == (False, "我不认识这个设备。")
    nothing = await ask(services, "home.turn_on")
    assert (nothing.ok, nothing.text) == (False, "Which device do you mean?")
    no_ac = await ask(services, "home.turn_on", "zh", area="kitchen", domain="climate")
    assert (no_ac.ok, no_ac.text) == (False, "厨房没有这样的设备。")


async def test_a_device_said_with_another_room_is_not_acted_on(services: Services) -> None:
    # the recognizer keeps the room only when it is not the device's ("the desk lamp in the kitchen")
    async def said(intent: str, lang: str, **slots: str) -> Response:
        return await home.skill.handlers[intent](
            IntentRequest(intent=intent, slots=slots, lang=lang), services
        )

    wrong = await said("home.turn_on", "en", device="desk_lamp", area="kitchen")
    assert (wrong.ok, wrong.text) == (False, "The desk lamp is not in the kitchen: it's in the study.")
    assert not (await state_of(services, "desk_lamp")).on
    zh = await said("home.turn_off", "zh", device="living_room_curtain", area="bedroom")
    assert (zh.ok, zh.text) == (False, "窗帘不在卧室，在客厅。")
    right = await said("home.turn_on", "en", device="desk_lamp", area="study")
    assert right.ok and (await state_of(services, "desk_lamp")).on


async def test_get_state_of_an_area(services: Services) -> None:
    await ask(services, "home.set_temperature", device="living_room_ac", temperature=22)
    # said on the living room's site: the recognizer puts the site's area in the slots
    said = IntentRequest(
        intent="home.get_state", slots={"area": "living_room"}, lang="en", area="living_room"
    )
    response = await home.skill.handlers["home.get_state"](said, services)
    assert response.text == (
        "The living room light is off. The living room air conditioner is on, set to 22 degrees. "
        "The curtains are closed. The TV is off. The living room light strip is off. "
        "The robot vacuum is docked. The living room speaker is off."
    )
    assert set(response.data["devices"]) == {
        "living_room_light",
        "living_room_ac",
        "living_room_curtain",
        "tv",
        "living_room_strip",
        "robot_vacuum",
        "living_room_speaker",
    }


@pytest.mark.parametrize(("lang", "expected"), [("en", "Movie mode is on."), ("zh", "已开启观影模式。")])
async def test_movie_scene(services: Services, lang: str, expected: str) -> None:
    await ask(services, "home.turn_on", device="living_room_curtain")
    response = await ask(services, "home.activate_scene", lang, scene="movie")
    assert (response.ok, response.text) == (True, expected)
    assert await state_of(services, "living_room_light") == DeviceState(on=True, brightness_percent=10)
    assert not (await state_of(services, "living_room_curtain")).on
    assert (await state_of(services, "tv")).on
    assert set(response.data["devices"]) == {"living_room_light", "living_room_curtain", "tv"}


async def test_sleep_and_away_scenes(services: Services) -> None:
    await ask(services, "home.turn_on", domain="light")
    assert (await ask(services, "home.activate_scene", "zh", scene="sleep")).text == "已开启睡眠模式。"
    states = await services.home.states()
    assert not any(states[device_id].on for device_id in ("living_room_light", "bedroom_light", "desk_lamp"))
    assert states["bedroom_ac"] == DeviceState(on=True, temperature_c=26.0)
    await ask(services, "home.activate_scene", scene="away")
    assert not any(state.on for state in (await services.home.states()).values())


async def test_unknown_scene(services: Services) -> None:
    response = await ask(services, "home.activate_scene", scene="party")
    assert (response.ok, response.text) == (False, "I don't know that scene.")


async def test_state_survives_a_restart(store: SqliteStore, household: Household, services: Services) -> None:
    await ask(services, "home.set_brightness", device="desk_lamp", brightness=40)
    reloaded = await SimulatedHome.load(store.view("home"), household)
    assert await reloaded.get_state("desk_lamp") == DeviceState(on=True, brightness_percent=40)
    assert await store.get("home", "device:desk_lamp") == {
        "on": True,
        "brightness_percent": 40,
        "temperature_c": None,
    }


async def test_backend_raises_home_error(store: SqliteStore, household: Household) -> None:
    simulated = await SimulatedHome.load(store.view("sim"), household)
    with pytest.raises(HomeError):
        await simulated.turn_on("spaceship")
    with pytest.raises(HomeError):
        await simulated.set_brightness("tv", 10)
    with pytest.raises(HomeError):
        await simulated.set_temperature("living_room_ac", 31)
    assert await simulated.set_brightness("desk_lamp", 0) == DeviceState(on=False, brightness_percent=0)
    assert await simulated.turn_on("desk_lamp") == DeviceState(on=True, brightness_percent=100)
