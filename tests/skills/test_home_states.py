"""What the home skill says about the state of the new device kinds, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

import ting.skills.home as home
from tests.skills.skill_services import make_services, request
from ting.nlu.registry import Household
from ting.server.store import SqliteStore
from ting.skills.sdk import IntentRequest, Response, Services
from ting.skills.sdk.simulated_home import SimulatedHome


@pytest.fixture
def services(store: SqliteStore, household: Household) -> Services:
    return make_services(store, "home", household)


async def ask(services: Services, intent: str, lang: str = "en", **slots: Any) -> Response:
    return await home.skill.handlers[intent](request(intent, lang, **slots), services)


@pytest.mark.parametrize(
    ("device", "en", "zh"),
    [
        ("front_door_lock", "The front door lock is locked.", "门锁锁着。"),
        ("garage_door", "The garage door is closed.", "车库门关着。"),
        ("living_room_thermometer", "It's 24.5 degrees in the living room.", "客厅现在二十四点五度。"),
        ("bedroom_humidity", "The humidity in the bedroom is 45 percent.", "卧室的湿度是百分之四十五。"),
        (
            "front_door_lock_battery",
            "The front door lock battery is at 87 percent.",
            "门锁电量还有百分之八十七。",
        ),
        ("tv_power", "The TV power meter reads 60 watts.", "电视功率是六十瓦。"),
        ("hallway_motion", "The hallway motion sensor detects no motion.", "门厅人体传感器没有检测到人。"),
        ("bedroom_window", "The bedroom window is closed.", "卧室窗户关着。"),
        ("robot_vacuum", "The robot vacuum is docked.", "扫地机器人在充电座上。"),
        ("living_room_speaker", "The living room speaker is off.", "客厅音箱关着。"),
    ],
)
async def test_state_sentences(services: Services, device: str, en: str, zh: str) -> None:
    assert (await ask(services, "home.get_state", "en", device=device)).text == en
    assert (await ask(services, "home.get_state", "zh", device=device)).text == zh


async def test_changed_states_are_described(services: Services) -> None:
    backend = services.home
    assert isinstance(backend, SimulatedHome)
    await backend.set_position("bedroom_blinds", 50)
    await backend.set_fan_speed("bedroom_fan", 67)
    await backend.set_color("living_room_strip", (0, 0, 250))
    await backend.set_hvac_mode("study_ac", "cool")
    await backend.set_reading("bedroom_window", on=True)
    said = {
        device: (await ask(services, "home.get_state", "zh", device=device)).text
        for device in ("bedroom_blinds", "bedroom_fan", "living_room_strip", "study_ac", "bedroom_window")
    }
    assert said == {
        "bedroom_blinds": "卧室窗帘开了百分之五十。",
        "bedroom_fan": "卧室风扇开着，二档。",
        "living_room_strip": "客厅灯带开着，蓝色。",
        "study_ac": "书房空调是制冷模式，设定二十六度。",
        "bedroom_window": "卧室窗户开着。",
    }


async def test_an_unreachable_device_is_said_to_be(services: Services) -> None:
    from ting.skills.home.describe import state_sentence
    from ting.skills.sdk import DeviceState

    device = services.household.devices["kitchen_light"]
    assert (
        state_sentence(device, DeviceState(available=False), "en")
        == "The kitchen light is not reachable right now."
    )
    assert state_sentence(device, DeviceState(available=False), "zh") == "厨房灯现在连接不上。"


async def test_the_state_of_an_area_leaves_out_its_sensors(services: Services) -> None:
    said = IntentRequest(intent="home.get_state", slots={"area": "hallway"}, lang="en", area="hallway")
    response = await home.skill.handlers["home.get_state"](said, services)
    assert response.text == "The front door lock is locked."
