"""Spoken-style commands for the new device kinds in both languages: utterance -> NLU -> handler -> state."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ting.nlu import load_household
from ting.skills.home import skill as home_skill
from ting.skills.sdk import DeviceState
from ting.skills.sdk.simulated_home import SimulatedHome
from ting.skills.sdk.testing import SkillHarness
from ting.skills.system import skill as system_skill

NOW = "2026-12-03T19:00:00"


@pytest.fixture
async def harness() -> SkillHarness:
    return await SkillHarness.create(home_skill, system_skill, now=NOW)


async def state(harness: SkillHarness, device: str) -> DeviceState:
    return await harness.services.home.get_state(device)


@pytest.mark.parametrize(
    ("text", "lang", "site", "position"),
    [
        ("把卧室的窗帘开到一半", "zh", "default", 50),
        ("把百叶窗开到百分之三十", "zh", "default", 30),
        ("open the bedroom blinds halfway", "en", "default", 50),
        ("set the blinds to 30 percent", "en", "default", 30),
    ],
)
async def test_cover_positions(harness: SkillHarness, text: str, lang: str, site: str, position: int) -> None:
    answer = await harness.ask(text, lang=lang, site_id=site)
    assert answer.ok, answer.text
    assert (await state(harness, "bedroom_blinds")).position_percent == position


@pytest.mark.parametrize(
    ("text", "lang", "yes", "question"),
    [
        ("unlock the front door", "en", "yes", "Are you sure you want to unlock the front door lock?"),
        ("开门", "zh", "确定", "确定要打开门锁吗？"),
        ("打开门锁", "zh", "是的", "确定要打开门锁吗？"),
    ],
)
async def test_unlocking_asks_first(
    harness: SkillHarness, text: str, lang: str, yes: str, question: str
) -> None:
    answer = await harness.ask(text, lang=lang)
    assert answer.text == question and "home.confirm" in answer.expect
    assert (await state(harness, "front_door_lock")).locked is True  # not yet
    done = await harness.ask(yes, lang=lang)
    assert done.ok and (await state(harness, "front_door_lock")).locked is False
    again = await harness.ask(yes, lang=lang)  # a yes answers one question once
    assert again.ok is False and again.data == {"error": "nothing_to_confirm"}


async def test_no_leaves_the_lock_alone(harness: SkillHarness) -> None:
    await harness.services.home.unlock("front_door_lock")
    assert (await harness.ask("lock the front door", lang="en")).expect
    assert (await harness.ask("no", lang="en")).text == "OK, I left it alone."
    assert (await state(harness, "front_door_lock")).locked is False


async def test_a_late_yes_does_nothing(harness: SkillHarness) -> None:
    await harness.ask("打开车库门", lang="zh")
    harness.clock.advance(seconds=31)
    assert (await harness.ask("确定", lang="zh")).data == {"error": "nothing_to_confirm"}
    assert not (await state(harness, "garage_door")).on


async def test_locks_are_barred_from_chat(harness: SkillHarness) -> None:
    recognition = harness.understand("开门", lang="zh")
    assert recognition is not None
    from ting.skills.sdk import IntentRequest

    request = IntentRequest(
        intent=recognition.intent_name, slots=recognition.slot_values(), lang="zh", channel="chat", who="mom"
    )
    answer = await harness.handle(request)
    assert answer.ok is False and answer.text == "为了安全，门锁不能通过聊天操作。"
    allowed = harness.with_settings({"chat_may_operate_confirmed": True})
    assert (await allowed.handle(request)).expect  # still asks first


@pytest.mark.parametrize(
    ("text", "lang", "rgb"),
    [
        ("turn the living room lights blue", "en", (0, 0, 255)),
        ("把客厅灯带调成红色", "zh", (255, 0, 0)),
        ("把灯带换成绿色", "zh", (0, 255, 0)),
    ],
)
async def test_colours(harness: SkillHarness, text: str, lang: str, rgb: tuple[int, int, int]) -> None:
    answer = await harness.ask(text, lang=lang, site_id="living_room")
    assert answer.ok, answer.text
    assert (await state(harness, "living_room_strip")).rgb == rgb
    assert not (await state(harness, "living_room_light")).on  # the plain light cannot: left alone


@pytest.mark.parametrize(
    ("text", "lang", "kelvin"),
    [("把灯带调成暖光", "zh", 2700), ("set the light strip to cool white", "en", 6500)],
)
async def test_colour_temperature(harness: SkillHarness, text: str, lang: str, kelvin: int) -> None:
    assert (await harness.ask(text, lang=lang)).ok
    assert (await state(harness, "living_room_strip")).color_temp_kelvin == kelvin


@pytest.mark.parametrize(
    ("text", "lang", "site", "percent"),
    [
        ("风扇调到三档", "zh", "bedroom", 100),
        ("把卧室风扇调到二档", "zh", "default", 67),
        ("set the bedroom fan to speed 1", "en", "default", 33),
    ],
)
async def test_fan_speeds(harness: SkillHarness, text: str, lang: str, site: str, percent: int) -> None:
    answer = await harness.ask(text, lang=lang, site_id=site)
    assert answer.ok, answer.text
    assert (await state(harness, "bedroom_fan")).fan_percent == percent


async def test_a_fan_speed_out_of_range_is_explained(harness: SkillHarness) -> None:
    answer = await harness.ask("卧室风扇调到五档", lang="zh")
    assert (answer.ok, answer.text) == (False, "卧室风扇只有一到三档。")


@pytest.mark.parametrize(
    ("text", "lang", "site", "mode"),
    [
        ("空调调成制冷模式", "zh", "study", "cool"),
        ("把书房空调调成除湿模式", "zh", "default", "dry"),
        ("set the study AC to heating", "en", "default", "heat"),
    ],
)
async def test_hvac_modes(harness: SkillHarness, text: str, lang: str, site: str, mode: str) -> None:
    answer = await harness.ask(text, lang=lang, site_id=site)
    assert answer.ok, answer.text
    assert (await state(harness, "study_ac")).hvac_mode == mode


async def test_a_climate_device_without_modes_says_so(harness: SkillHarness) -> None:
    answer = await harness.ask("空调调成制冷模式", lang="zh", site_id="living_room")
    assert (answer.ok, answer.text) == (False, "客厅空调不能调模式。")


@pytest.mark.parametrize(
    ("text", "lang", "site", "expected"),
    [
        ("客厅温度多少度", "zh", "default", "客厅现在二十四点五度。"),
        (
            "what's the temperature in the living room",
            "en",
            "default",
            "It's 24.5 degrees in the living room.",
        ),
        ("室内多少度", "zh", "living_room", "客厅现在二十四点五度。"),
        ("书房多少度", "zh", "default", "书房现在二十四点五度。"),  # the AC's thermometer
        ("卧室湿度多少", "zh", "default", "卧室的湿度是百分之四十五。"),
        ("门锁还有多少电", "zh", "default", "门锁电量还有百分之八十七。"),
        ("厨房温度多少度", "zh", "default", "厨房没有温度数据。"),
    ],
)
async def test_readings(harness: SkillHarness, text: str, lang: str, site: str, expected: str) -> None:
    assert (await harness.ask(text, lang=lang, site_id=site)).text == expected


async def test_state_questions(harness: SkillHarness) -> None:
    assert (await harness.ask("is the garage door open", lang="en")).text == "The garage door is closed."
    assert (await harness.ask("is the front door locked", lang="en")).text == "The front door lock is locked."
    home = harness.services.home
    assert isinstance(home, SimulatedHome)
    await home.set_reading("kitchen_window", on=True)  # opened "elsewhere"
    # a group question: how many of them and which, in the whole home when no place is said
    assert (
        await harness.ask("哪些窗户开着", lang="zh", site_id="bedroom")
    ).text == "两个里有一个开着：厨房窗户。"
    assert (
        await harness.ask("are any windows open", lang="en")
    ).text == "1 of 2 are open: the kitchen window."


async def test_which_and_how_many_lights(harness: SkillHarness) -> None:
    await harness.ask("turn on the kitchen light", lang="en")
    await harness.ask("打开台灯", lang="zh")
    which = await harness.ask("which lights are on", lang="en", site_id="living_room")
    assert which.text == "2 of 5 are on: the kitchen light and the desk lamp."
    assert which.data["on"] == ["kitchen_light", "desk_lamp"]
    how_many = await harness.ask("how many lights are on", lang="en", site_id="living_room")
    assert how_many.text == which.text  # the whole home, not the room it was asked in
    assert (await harness.ask("楼下有几盏灯开着", lang="zh")).text == "三个里有一个开着：厨房灯。"
    assert (await harness.ask("卧室哪些灯开着", lang="zh")).text == "卧室灯关着。"  # its only light
    assert (await harness.ask("有哪些灯没关", lang="zh")).text == "五个里有两个开着：厨房灯和台灯。"
    # one device asked about: its own state, not a count
    assert (await harness.ask("is the desk lamp on", lang="en")).text.startswith("The desk lamp is")


async def test_floors(harness: SkillHarness) -> None:
    for light in ("living_room_light", "kitchen_light", "bedroom_light"):
        await harness.services.home.turn_on(light)
    answer = await harness.ask("turn off all the lights downstairs", lang="en", site_id="bedroom")
    assert answer.ok, answer.text
    assert (
        not (await state(harness, "living_room_light")).on and not (await state(harness, "kitchen_light")).on
    )
    assert (await state(harness, "bedroom_light")).on  # upstairs, where the speaker is: untouched
    await harness.ask("关掉一楼的灯", lang="zh")
    await harness.ask("打开二楼的灯", lang="zh", site_id="living_room")
    assert (await state(harness, "desk_lamp")).on and not (await state(harness, "kitchen_light")).on


@pytest.mark.parametrize(
    ("start", "stop", "home", "lang"),
    [
        ("start the vacuum", "stop the vacuum", "send the vacuum home", "en"),
        ("扫地机器人开始打扫", "扫地机器人停止打扫", "让扫地机回去充电", "zh"),
    ],
)
async def test_vacuum(harness: SkillHarness, start: str, stop: str, home: str, lang: str) -> None:
    assert (await harness.ask(start, lang=lang)).ok
    assert (await state(harness, "robot_vacuum")).activity == "cleaning"
    assert (await harness.ask(stop, lang=lang)).ok
    assert (await state(harness, "robot_vacuum")).activity == "idle"
    assert (await harness.ask(home, lang=lang)).ok
    assert (await state(harness, "robot_vacuum")).activity == "docked"


async def test_every_command_is_logged_with_the_site(
    harness: SkillHarness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="ting.skills.home"):
        await harness.ask("风扇调到三档", lang="zh", site_id="bedroom")
    assert any(
        "home.set_fan_speed" in record.getMessage() and "bedroom_fan" in record.getMessage()
        and "site bedroom" in record.getMessage()
        for record in caplog.records
    )  # fmt: skip


async def test_cancel_is_still_system_cancel(harness: SkillHarness) -> None:
    for text, lang in (("算了", "zh"), ("cancel", "en"), ("取消", "zh")):
        recognition = harness.understand(text, lang=lang)
        assert recognition is not None and recognition.intent_name == "system.cancel", text


async def test_the_weather_keeps_its_questions() -> None:
    from ting.skills.weather import skill as weather_skill

    harness = await SkillHarness.create(home_skill, weather_skill, now=NOW)
    for text, lang, intent in (
        ("现在多少度", "zh", "weather.get"),
        ("what's the temperature", "en", "weather.get"),
        ("客厅多少度", "zh", "home.get_reading"),
        ("what's the temperature in the living room", "en", "home.get_reading"),
    ):
        recognition = harness.understand(text, lang=lang, site_id="living_room")
        assert recognition is not None and recognition.intent_name == intent, text


def _docs_household(folder: Path) -> Path:
    page = (Path(__file__).resolve().parents[2] / "docs" / "home.md").read_text(encoding="utf-8")
    section = page.split("## A Chinese household file", 1)[1]
    path = folder / "home.yaml"
    path.write_text(section.split("```yaml\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    return path


async def test_the_chinese_household_file_in_the_docs_works(tmp_path: Path) -> None:
    household = load_household(_docs_household(tmp_path))
    harness = await SkillHarness.create(home_skill, now=NOW, household=household)
    assert (await harness.ask("把主卧窗帘开到一半", lang="zh")).ok
    assert (await state(harness, "zhuwo_chuanglian")).position_percent == 50
    assert (await harness.ask("开门", lang="zh")).text == "确定要打开大门吗？"
    assert (await harness.ask("主卧空调调成制冷模式", lang="zh")).ok
    assert (await state(harness, "zhuwo_kongtiao")).hvac_mode == "cool"
    await harness.services.home.turn_on("keting_deng")
    assert (await harness.ask("关掉楼下的灯", lang="zh", site_id="zhuwo")).ok
    assert not (await state(harness, "keting_deng")).on


async def test_everything_in_a_room_is_every_device_there_that_switches(harness: SkillHarness) -> None:
    home = harness.services.home
    for device in ("water_heater", "kitchen_light", "tv"):
        await home.turn_on(device)
    answer = await harness.ask("turn off everything in the bathroom", lang="en", site_id="bedroom")
    assert answer.ok, answer.text
    assert not (await home.get_state("water_heater")).on  # a switch, not a light
    assert (await home.get_state("kitchen_light")).on  # another room: untouched
    answer = await harness.ask("把客厅的电器都关了", lang="zh")
    assert answer.ok, answer.text
    assert not (await home.get_state("tv")).on
    assert (await home.get_state("kitchen_light")).on
