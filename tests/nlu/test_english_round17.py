"""English kinds of issue 13's round 17, from the tuning sets' English misses, checked here with sentences
written for these tests (none taken from a corpus): a recurrence said with a part of the day ("on weekday
mornings", "every morning", "weeknights": ``ting.nlu.recurrence``), which also gives a bare clock time its
half of the day; a no or a never mind before the taking back in other words ("nah leave it", "nope, scrap
that"); a remark of what has just happened run on after a command without a mark ("what time is it my phone
died": ``ting.nlu.clauses``); how warm a room feels before a bare number ("it's baltic in here, make it 22");
a band no list knows named as a plural with "the", and its song right after it (``a_band`` in
``ting.nlu.wildcard``); the Irish "sure" before a reason ("play some jazz, sure it's nearly christmas").
Sentences near these forms that ask nothing of ting stay refused."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from ting.nlu import IntentRecognizer
from ting.nlu.dates import Period
from ting.nlu.lists import MatchContext, ValueList, possessive
from ting.nlu.normalize import tokenize
from ting.nlu.recurrence import part_of_day, recurrence_readings, time_in_part
from ting.nlu.wildcard import build_wildcard

from .catalog import NOW, check

# NOW is Friday 2025-03-14, 09:30
EN: list[tuple[str, str | None, dict[str, Any]]] = [
    # a recurrence with a part of the day: the repeat and the half of the day of a bare clock time
    ('set an alarm for 7 on weekday mornings', 'alarm.set',
     {'time': '2025-03-17T07:00:00', 'recurrence': 'weekdays'}),
    ('put an alarm on for six every weekday morning, like', 'alarm.set',
     {'time': '2025-03-17T06:00:00', 'recurrence': 'weekdays'}),
    ('wake me at 6:30 every morning', 'alarm.set', {'time': '2025-03-15T06:30:00', 'recurrence': 'daily'}),
    ('set an alarm for 8 on saturday mornings', 'alarm.set',
     {'time': '2025-03-15T08:00:00', 'recurrence': 'weekly:SA'}),
    ('set an alarm for 9 on weekend mornings', 'alarm.set',
     {'time': '2025-03-15T09:00:00', 'recurrence': 'weekends'}),
    ('set an alarm for 10 every night', 'alarm.set', {'time': '2025-03-14T22:00:00', 'recurrence': 'daily'}),
    ('set an alarm for 5 on weekday afternoons', 'alarm.set',
     {'time': '2025-03-14T17:00:00', 'recurrence': 'weekdays'}),
    ('set an alarm for 7 on monday and thursday evenings', 'alarm.set',
     {'time': '2025-03-17T19:00:00', 'recurrence': 'weekly:MO,TH'}),
    ('set an alarm at 7 on weekdays in the morning', 'alarm.set',
     {'time': '2025-03-17T07:00:00', 'recurrence': 'weekdays'}),
    ('set an alarm for 11 on weeknights', 'alarm.set',
     {'time': '2025-03-14T23:00:00', 'recurrence': 'weekdays'}),
    # a time with its own half of the day keeps it; a singular part of one day is no recurrence
    ('set an alarm for 7 am every weekday morning', 'alarm.set',
     {'time': '2025-03-17T07:00:00', 'recurrence': 'weekdays'}),
    ('set an alarm for 7 on monday morning', 'alarm.set', {'time': '2025-03-17T07:00:00'}),
    # a no or a never mind, then the taking back in other words
    ('nah leave it', 'system.cancel', {}),
    ('nah leave it ting', 'system.cancel', {}),
    ('no, leave it be', 'system.cancel', {}),
    ('nope, scrap that', 'system.cancel', {}),
    ('never mind, cancel that', 'system.cancel', {}),
    ("nah don't bother", 'system.cancel', {}),
    ('scrap that', 'system.cancel', {}),
    ('leave it', 'home.confirm', {'answer': 'no'}),
    # what has just happened, run on after a command without a mark
    ('what time is it my phone died', 'system.time', {}),
    ('go back a track that last one was brilliant', 'music.previous', {}),
    ('turn the music down the baby woke up', 'volume.change', {'direction': 'down'}),
    ('pause it my mum rang', 'music.pause', {}),
    # how warm it feels, then a bare number
    ("it's baltic in here, make it twenty-two", 'home.set_temperature', {'temperature': 22}),
    ("i'm freezing, set it to 24", 'home.set_temperature', {'temperature': 24}),
    ("it's getting nippy in the bedroom so put it on 23", 'home.set_temperature',
     {'area': 'bedroom', 'temperature': 23}),
    ("it's roasting in here make it 19 degrees", 'home.set_temperature', {'temperature': 19}),
    # a band named as a plural with "the", and its song
    ('play the pogues fairytale of new york', 'music.play',
     {'artist': 'the pogues', 'song': 'fairytale of new york'}),
    ('put on the black keys lonely boy', 'music.play', {'artist': 'the black keys', 'song': 'lonely boy'}),
    ('play the pogues songs', 'music.play', {'artist': 'the pogues'}),
    ('play the song hello', 'music.play', {'song': 'hello'}),
    # a known artist said as the owner of the song
    ("play adele's hello", 'music.play', {'artist': 'adele', 'song': 'hello'}),
    ("put on taylor swift's shake it off", 'music.play', {'artist': 'taylor swift', 'song': 'shake it off'}),
    # other forms
    ('sixty on the volume', 'volume.set', {'level': 60}),
    ("I really can't hear the song over the dishwasher", 'volume.change', {'direction': 'up'}),
    ('could you set things up for a movie night', 'home.activate_scene', {'scene': 'movie'}),
    ('what are u even good for', 'system.help', {}),
    ("wait, pause, I wanna hear what grandpa's saying", 'music.pause', {}),
    ('play simon says', 'music.play', {'song': 'simon says'}),
    # "sure" before a reason
    ("play some jazz, sure it's nearly christmas", 'music.play', {'genre': 'jazz'}),
    ("turn it up, sure we're all awake now", 'volume.change', {'direction': 'up'}),
    ('sure', 'home.confirm', {'answer': 'yes'}),
    # refusals: the same words about something else, or said to no one in particular
    ('I go running every weekday morning', None, {}),
    ('my weekday mornings are a nightmare', None, {}),
    ('saturday mornings are for lie-ins', None, {}),
    ('leave it on the table', None, {}),
    ("don't bother the cat", None, {}),
    ('my phone died last night', None, {}),
    ('that last one was brilliant', None, {}),
    ("it's cold in here, make it quick", None, {}),
    ("it's baltic out there", None, {}),
    ('the pogues were a great band', None, {}),
    ("I wanna hear what grandpa's saying", None, {}),
    ("adele's voice is amazing", None, {}),
    ('the volume on the radio is broken', None, {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), EN, ids=[row[0] for row in EN])
def test_english_round17(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")


@pytest.mark.parametrize(
    ("said", "value", "part"),
    [
        ("weekday mornings", "weekdays", Period.AM),
        ("on saturday evenings", "weekly:SA", Period.EVENING),
        ("every weekday morning", "weekdays", Period.AM),
        ("every afternoon", "daily", Period.PM),
        ("weeknights", "weekdays", Period.EVENING),
        ("on weekdays", "weekdays", None),
    ],
)
def test_recurrence_with_a_part_of_the_day(said: str, value: str, part: Period | None) -> None:
    words = [token.text for token in tokenize(said)]
    readings = dict(recurrence_readings(words, 0, "en"))
    assert readings[len(words)] == value
    assert part_of_day(words) is part


def test_a_singular_part_of_one_day_is_no_recurrence() -> None:
    words = [token.text for token in tokenize("monday morning")]
    assert len(words) not in dict(recurrence_readings(words, 0, "en"))


def test_a_part_of_the_day_fixes_only_a_bare_clock_time() -> None:
    now = NOW.replace(tzinfo=None)
    assert time_in_part(["seven"], Period.AM, "en", now) == "2025-03-15T07:00:00"
    assert time_in_part(["at", "5"], Period.PM, "en", now) == "2025-03-14T17:00:00"
    assert time_in_part(["7", "pm"], Period.AM, "en", now) is None
    assert time_in_part(["19:00"], Period.AM, "en", datetime(2025, 3, 14, 9, 30)) is None


def test_names_said_as_owners_keep_their_value() -> None:
    names = possessive(
        ValueList.from_aliases("artist", [("adele", "adele"), ("taylor swift", "taylor swift")])
    )
    assert dict(names.entries) == {("adele's",): "adele", ("taylor", "swift's"): "taylor swift"}


@pytest.mark.parametrize(
    ("said", "ends"),
    [
        ("the pogues fairytale of new york", [2]),
        ("the rolling stones paint it black", [3]),
        ("the kids some jazz", []),
        ("pogues fairytale", []),
        ("the boss", []),
    ],
)
def test_a_band_is_a_plural_said_with_the(said: str, ends: list[int]) -> None:
    band = build_wildcard("band", {"a_band": True, "never_ends_with": ["kids"]})
    words = [token.text for token in tokenize(said)]
    context = MatchContext(lang="en", now=NOW)
    matches = list(band.match(words, 0, context))
    assert [match.end for match in matches] == ends
    assert all(match.wildcard is False for match in matches)
