"""``ting.skills.sdk.testing``, the skill author's kit: each part behaves like the server's part it
stands for (the store beside the real SQLite one), and the harness runs the built-in skills."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import ting.skills.alarms as alarms_skill
import ting.skills.home as home
import ting.skills.push as push
import ting.skills.system as system
from ting.errors import ConfigError, SkillError, StoreError
from ting.server.store import SqliteStore
from ting.skills.sdk import IntentRequest, ItemKind, ItemState, Response, Services, Skill, SkillStore
from ting.skills.sdk.testing import FixedClock, MemoryAlarms, MemoryStore, SkillHarness

NOW = "2026-11-24T19:05:00"
"""A Tuesday evening in Shanghai."""
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(params=["memory", "sqlite"])
def any_store(request: pytest.FixtureRequest, store: SqliteStore) -> SkillStore:
    """The kit's store and the server's, for the same assertions."""
    return MemoryStore() if request.param == "memory" else store.view("kit")


async def test_store_values_round_trip_through_json(any_store: SkillStore) -> None:
    assert await any_store.get("missing", ["default"]) == ["default"]
    await any_store.put("list", ["牛奶", 2, 2.5, None, True])
    await any_store.put("tuple", ("a", "b"))
    await any_store.put("nested", {"rooms": {"厨房": [1, 2]}})
    assert await any_store.get("list") == ["牛奶", 2, 2.5, None, True]
    assert await any_store.get("tuple") == ["a", "b"]  # JSON has lists only
    assert await any_store.items() == {
        "list": ["牛奶", 2, 2.5, None, True],
        "tuple": ["a", "b"],
        "nested": {"rooms": {"厨房": [1, 2]}},
    }
    await any_store.delete("tuple")
    await any_store.delete("never there")
    assert set(await any_store.items()) == {"list", "nested"}


@pytest.mark.parametrize("value", [{1, 2}, datetime(2026, 1, 1), math.nan, object()], ids=repr)
async def test_unstorable_values_are_refused(any_store: SkillStore, value: Any) -> None:
    with pytest.raises(StoreError, match="not JSON-serializable"):
        await any_store.put("bad", value)
    assert await any_store.get("bad") is None


def test_fixed_clock_zones() -> None:
    naive = FixedClock.at("2026-11-24T19:05:00")
    assert naive.now() == datetime(2026, 11, 24, 19, 5, tzinfo=SHANGHAI) and naive.zone.key == "Asia/Shanghai"
    new_york = FixedClock.at("2026-11-24T19:05:00", "America/New_York")
    assert new_york.now().utcoffset() == timedelta(hours=-5)
    seen_from_shanghai = FixedClock.at(datetime(2026, 11, 24, 11, 5, tzinfo=UTC))
    assert seen_from_shanghai.now().isoformat() == "2026-11-24T19:05:00+08:00"
    for bad in (datetime(2026, 1, 1), datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=8)))):
        with pytest.raises(SkillError, match="named zone"):
            FixedClock(bad)


def test_fixed_clock_advances_in_elapsed_time_across_daylight_saving() -> None:
    clock = FixedClock.at("2026-03-08T01:30:00", "America/New_York")  # clocks go forward at 2:00
    before = clock.now()
    clock.advance(3600)
    assert clock.now().isoformat() == "2026-03-08T03:30:00-04:00"
    assert clock.now().timestamp() - before.timestamp() == 3600


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.at(NOW)


async def test_alarms_timers_and_reminders_are_kept_and_changed(clock: FixedClock) -> None:
    alarms = MemoryAlarms(clock)
    timer = await alarms.add_timer(site_id="kitchen", seconds=600, label="面条")
    alarm = await alarms.add_alarm(site_id="bedroom", when=datetime(2026, 11, 25, 7, 0))
    reminder = await alarms.add_reminder(
        site_id="kitchen", when=datetime(2026, 11, 24, 20, 0), message="吃药"
    )
    assert (
        alarm.due_unix == datetime(2026, 11, 25, 7, 0, tzinfo=SHANGHAI).timestamp()
    )  # naive: household time
    assert [i.id for i in await alarms.items()] == [timer.id, reminder.id, alarm.id]  # by due time
    assert [i.id for i in await alarms.items(kind=ItemKind.TIMER)] == [timer.id]
    assert [i.id for i in await alarms.items(site_id="kitchen")] == [timer.id, reminder.id]

    clock.advance(120)
    assert alarms.remaining_seconds(timer) == 480
    paused = await alarms.pause(timer)
    clock.advance(1000)
    assert paused.state is ItemState.PAUSED and alarms.remaining_seconds(paused) == 480
    resumed = await alarms.resume(paused)
    assert resumed.state is ItemState.PENDING and alarms.remaining_seconds(resumed) == 480

    moved = await alarms.change(alarm, datetime(2026, 11, 25, 6, 30))
    assert (await alarms.get(alarm.id)) == moved and moved.due_unix == alarm.due_unix - 1800
    assert await alarms.cancel(reminder.id) is True
    assert await alarms.cancel(reminder.id) is False and await alarms.get(reminder.id) is None
    with pytest.raises(SkillError, match="expected daily, weekdays, weekends or weekly"):
        await alarms.add_alarm(site_id="bedroom", when=datetime(2026, 11, 25, 7, 0), recurrence="weekly:XX")


async def test_ring_then_stop_or_snooze(clock: FixedClock) -> None:
    alarms = MemoryAlarms(clock, snooze_seconds=540)
    assert await alarms.stop("kitchen") is None and await alarms.snooze("kitchen") is None
    timer = await alarms.add_timer(site_id="kitchen", seconds=60)
    assert alarms.ring(timer.id).state is ItemState.RINGING
    stopped = await alarms.stop("kitchen")
    assert stopped is not None and stopped.id == timer.id and stopped.state is ItemState.DONE
    assert await alarms.items() == [] and await alarms.stop("kitchen") is None

    reminder = await alarms.add_reminder(site_id="kitchen", when=clock.now(), message="关火")
    alarms.ring(reminder.id)
    snoozed = await alarms.snooze("kitchen")
    assert snoozed is not None and snoozed.id == reminder.id and snoozed.snoozed
    assert (snoozed.state, snoozed.due_unix) == (ItemState.PENDING, clock.now().timestamp() + 540)
    alarms.ring(reminder.id)
    again = await alarms.snooze("kitchen", 60)
    assert again is not None and again.due_unix == clock.now().timestamp() + 60


async def test_a_recurring_alarm_keeps_its_rule_when_stopped_or_snoozed(clock: FixedClock) -> None:
    alarms = MemoryAlarms(clock)
    daily = await alarms.add_alarm(site_id="bedroom", when=datetime(2026, 11, 25, 7, 0), recurrence="daily")
    assert daily.wall_time == "07:00:00"
    assert alarms.ring(daily.id).state is ItemState.PENDING  # rings, and stays due for its next time
    stopped = await alarms.stop("bedroom")
    assert stopped is not None and stopped.state is ItemState.PENDING
    alarms.ring(daily.id)
    copy = await alarms.snooze("bedroom")
    assert copy is not None and copy.id != daily.id and copy.recurrence is None and copy.snoozed
    assert {item.id for item in await alarms.items()} == {daily.id, copy.id}


@pytest.mark.parametrize(
    ("text", "lang", "answer"),
    [
        ("what time is it", "en", "It's 7:05 PM."),
        ("现在几点", "zh", "现在是晚上七点零五分。"),
        ("几点了", None, "现在是晚上七点零五分。"),  # the language of the text
        ("what's the date today", "en", "Today is Tuesday, November 24."),
    ],
)
async def test_the_system_skill_at_a_fixed_clock(text: str, lang: str | None, answer: str) -> None:
    harness = await SkillHarness.create(system.skill, now=NOW)
    assert (await harness.ask(text, lang=lang)).text == answer


@pytest.mark.parametrize(
    ("text", "lang", "answer"),
    [
        ("turn on the kitchen light", "en", "Turned on the kitchen light."),
        ("把厨房的灯打开", "zh", "好的，厨房灯已打开。"),
    ],
)
async def test_the_home_skill_switches_a_light(text: str, lang: str, answer: str) -> None:
    harness = await SkillHarness.create(home.skill, now=NOW)
    assert (await harness.services.home.get_state("kitchen_light")).on is False
    response = await harness.ask(text, lang=lang)
    assert (response.text, response.ok) == (answer, True)
    assert (await harness.services.home.get_state("kitchen_light")).on is True


async def test_the_light_of_the_room_that_asked() -> None:
    harness = await SkillHarness.create(home.skill, now=NOW)
    response = await harness.ask("turn on the light", lang="en", site_id="bedroom")
    assert response.ok and (await harness.services.home.get_state("bedroom_light")).on is True


async def test_an_utterance_not_understood() -> None:
    harness = await SkillHarness.create(system.skill, home.skill, now=NOW)
    for text, lang in (("I like turtles", "en"), ("我喜欢乌龟", "zh")):
        assert harness.understand(text, lang=lang) is None
        with pytest.raises(SkillError, match="not understood"):
            await harness.ask(text, lang=lang)


async def test_skills_share_the_household_but_not_their_stores() -> None:
    harness = await SkillHarness.create(home.skill, system.skill, push.skill, alarms_skill.skill, now=NOW)
    assert harness.services is harness.services_of("home")
    await harness.services_of("system").store.put("k", 1)
    assert await harness.services_of("home").store.get("k") is None
    assert harness.services_of("push").home is harness.services.home
    listed = {info.name: info.intents for info in harness.services.skills.skills()}
    assert set(listed) == {"home", "system", "push", "alarms"} and "system.time" in listed["system"]
    with pytest.raises(SkillError, match="no skill 'weather'"):
        harness.services_of("weather")
    # "send that to my WeChat": the last answer on the site is logged as the server logs it
    await harness.ask("turn on the kitchen light", lang="en", site_id="kitchen")
    sent = await harness.ask("send that to my wechat", lang="en", site_id="kitchen")
    assert sent.data == {"forwarded": "Turned on the kitchen light."}
    assert [(event, text) for event, text, _ in harness.push.sent] == [
        ("answer.forwarded", "Turned on the kitchen light.")
    ]
    timer = await harness.ask("set a timer for ten minutes", lang="en", site_id="kitchen")
    assert timer.ok and [item.duration_seconds for item in await harness.alarms.items()] == [600]


@dataclass(frozen=True)
class GreetingSettings:
    greeting: str = "Hello"
    times: int = 1


def greeter(tmp_path: Path, settings: type[object] | None = GreetingSettings) -> Skill:
    sentences = tmp_path / "sentences"
    sentences.mkdir(exist_ok=True)
    (sentences / "en.yaml").write_text('language: en\nintents:\n  greet.hello:\n    - "say hello"\n')
    skill = Skill("greeter", sentences=sentences, settings=settings)

    @skill.handle("greet.hello")
    async def hello(request: IntentRequest, services: Services) -> Response:
        chosen = services.config(GreetingSettings)
        return Response(text=" ".join([chosen.greeting] * chosen.times))

    return skill


async def test_harness_settings_like_a_server_table(tmp_path: Path) -> None:
    skill = greeter(tmp_path)
    assert (await (await SkillHarness.create(skill)).ask("say hello")).text == "Hello"  # the defaults
    given = await SkillHarness.create(skill, settings=GreetingSettings(greeting="你好"))
    assert (await given.ask("say hello")).text == "你好"
    table = await SkillHarness.create(skill, settings={"greeting": "Hi", "times": "2"})
    assert (await table.ask("say hello")).text == "Hi Hi"
    assert (await table.with_settings(GreetingSettings(times=3)).ask("say hello")).text == "Hello Hello Hello"
    with pytest.raises(ConfigError, match=r"test: skills\.greeter\.time: no such key"):
        await SkillHarness.create(skill, settings={"time": 2})
    with pytest.raises(SkillError, match="takes GreetingSettings settings, not FixedClock"):
        await SkillHarness.create(skill, settings=FixedClock.at(NOW))
    with pytest.raises(SkillError, match="declares no settings class"):
        await SkillHarness.create(greeter(tmp_path, settings=None), settings=GreetingSettings())


async def test_a_sentences_only_skill_is_understood_but_not_handled(tmp_path: Path) -> None:
    (tmp_path / "en.yaml").write_text('language: en\nintents:\n  garden.water:\n    - "water the garden"\n')
    harness = await SkillHarness.create(Skill("garden", sentences=tmp_path))
    recognition = harness.understand("water the garden", lang="en")
    assert recognition is not None and recognition.intent_name == "garden.water"
    with pytest.raises(SkillError, match=r"no skill here handles garden\.water"):
        await harness.ask("water the garden", lang="en")


async def test_a_skill_without_sentence_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SkillError, match=r"has no <lang>\.yaml files"):
        await SkillHarness.create(Skill("empty", sentences=tmp_path))
    with pytest.raises(SkillError, match="does not exist"):
        await SkillHarness.create(Skill("gone", sentences=tmp_path / "nowhere"))
