"""English kinds of issue 13's round 11, checked with sentences written for these tests (none taken from a
corpus): a time said before the command ("at 6 tomorrow set an alarm", ``ting.nlu.time_first``); a time
said as a clause before a command run on without a mark ("before I go to bed tell me ..."); two questions
run on, or a question after a remark, without a mark (``ting.nlu.questions``); "remind me" before a question
("remind me what the date is", ``ting.nlu.embedded``); a wish before the thing and its state ("i need the
kitchen light on", ``ting.nlu.fillers``); "the air" for the AC; the song before named in a remark. Sentences
near these forms that ask nothing of ting stay refused."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import check

EN: list[tuple[str, str | None, dict[str, Any]]] = [
    # a time said first, then the command
    ("at 6 tomorrow set an alarm", "alarm.set", {"time": "2025-03-15T06:00:00"}),
    ("when it's 6 tomorrow set an alarm", "alarm.set", {"time": "2025-03-15T06:00:00"}),
    ("when it hits 7 tomorrow wake me up", "alarm.set", {"time": "2025-03-15T07:00:00"}),
    ("6 am tomorrow, alarm please", "alarm.set", {"time": "2025-03-15T06:00:00"}),
    ("tomorrow at 6:45 can you get me up", "alarm.set", {"time": "2025-03-15T06:45:00"}),
    ("on saturday at 9 set an alarm for me", "alarm.set", {"time": "2025-03-15T09:00:00"}),
    ("at 5 pm I need a reminder to call mom", "reminder.set",
     {"time": "2025-03-14T17:00:00", "message": "call mom"}),
    # a time said as a clause, then the command with no mark
    ("before I sleep let me hear the list of alarms", "alarm.list", {}),
    ("before I go to bed tell me what time my alarm is", "alarm.list", {}),
    # two questions run on, a question after a remark
    ("hows the timer doing how much longer till it beeps", "timer.status", {}),
    ("timer check how much is left", "timer.status", {}),
    ("how long is left on the timer is it nearly done", "timer.status", {}),
    ("what time is it is it late", "system.time", {}),
    ("is the tv on is it still on", "home.get_state", {"device": "tv"}),
    ("i just got you what am i supposed to ask you", "system.help", {}),
    # "remind me" before a question: told again, not a reminder
    ("remind me what the date is", "system.date", {}),
    ("could you remind me what today's date is", "system.date", {}),
    ("can you remind me what time it is", "system.time", {}),
    ("remind me how long is left on the timer", "timer.status", {}),
    ("remind me what the weather is doing tomorrow", "weather.get", {"date": "2025-03-15"}),
    # a wish before the thing and its state
    ("I need the kitchen light on", "home.turn_on", {"device": "kitchen_light"}),
    ("can I have the lights on", "home.turn_on", {"domain": "light"}),
    ("I'd like the volume at 30", "volume.set", {"level": 30}),
    ("I need you to turn off the tv", "home.turn_off", {"device": "tv"}),
    ("how about some jazz", "music.play", {"genre": "jazz"}),
    # "the air" for the AC; the song before named in a remark, then "that" / "it"
    ("set the air to 26", "home.set_temperature", {"temperature": 26}),
    ("turn on the air in the bedroom", "home.turn_on", {"device": "bedroom_ac"}),
    ("the one before was better, put that back on", "music.previous", {}),
    ("the song before this one was nicer, put it back on", "music.previous", {}),
    # refusals: a time first, then no command
    ("at 6 i have a meeting", None, {}),
    ("tomorrow at 7 i have to go to the dentist", None, {}),
    ("when it's 6 the kids come home", None, {}),
    ("on friday at 8 my sister arrives", None, {}),
    ("before i go to bed i brush my teeth", None, {}),
    ("before dinner tell them to wash their hands", None, {}),
    # refusals: questions run on that ting cannot answer, "remind me" of what it cannot know
    ("what is love is it real", None, {}),
    ("how are you how old are you", None, {}),
    ("where is my phone is it in the kitchen", None, {}),
    ("i forgot what day it is", None, {}),
    ("remind me what you said", None, {}),
    ("remind me what to buy", None, {}),
    ("can you remind me where i put my keys", None, {}),
    # refusals: a wish for something ting does not do
    ("i need a holiday", None, {}),
    ("can i have a sandwich", None, {}),
    ("i'd like the tv", None, {}),
    ("how about we go out", None, {}),
    # refusals: "the air" and the song before in a remark alone
    ("the air is so dry in here", None, {}),
    ("the one before was fine", None, {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), EN, ids=[row[0] for row in EN])
def test_time_first_and_two_questions(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")
