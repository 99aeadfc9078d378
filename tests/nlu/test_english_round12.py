"""English kinds of issue 13's round 12 (dev9's misses, grouped), checked with sentences written for these
tests (none taken from a corpus): a thing let go of ("the egg timer can go") and dismissed as one tells a
person ("alarm, pipe down"); what is about to happen said after the command ("... before it wakes the baby",
``ting.nlu.clauses``); terse and recognizer-printed forms (a reminder's message before its time, "start timer
10 minutes eggs"); the artist said after the song ("play Yellow, the Coldplay one"); where the music left off
and the song that just ended; the value said first or as what it should be ("30 percent on the kitchen
light", "the volume should be at 35"); the two states asked as one ("tv on or off?"); "did someone already
switch the tv on" and "see if I left the kitchen light on" as questions; "explain" and "remind me" before a
question ("... what day of the month it is": ``ting.nlu.embedded``); a trip said as a flight or train
arriving; both answers offered ("snow or no snow?"); "the whether" for the weather; the speaker's "I forget"
run on. Sentences near these forms that ask nothing of ting stay refused."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import check

EN: list[tuple[str, str | None, dict[str, Any]]] = [
    # a thing let go of, dismissed, told to stop as a person is
    ("the 7:30 alarm can go now", "alarm.cancel", {"time": "2025-03-14T19:30:00"}),
    ("my 6 am alarm for tomorrow can go", "alarm.cancel", {"time": "2025-03-15T06:00:00"}),
    ("the egg timer can go", "timer.cancel", {}),
    ("that countdown isn't needed anymore", "timer.cancel", {}),
    ("the 9 pm alarm, bin it", "alarm.cancel", {"time": "2025-03-14T21:00:00"}),
    ("every timer in the kitchen, cancel them", "timer.cancel", {}),
    ("alarm, pipe down", "alarm.stop", {}),
    ("oi alarm give it a rest", "alarm.stop", {}),
    ("give that alarm a rest", "alarm.stop", {}),
    # what is about to happen, after the command
    ("turn the alarm off before it wakes the baby", "alarm.stop", {}),
    ("could I get 5 more minutes before it rings again", "alarm.snooze", {"duration": 300}),
    ("hit the snooze button for 10 minutes", "alarm.snooze", {"duration": 600}),
    # terse, and as a recognizer prints it
    ("a 20 minute countdown please", "timer.set", {"duration": 1200}),
    ("start timer 10 minutes eggs", "timer.set", {"duration": 600, "label": "eggs"}),
    ("7 am alarm for saturday, cheers", "alarm.set", {"time": "2025-03-15T07:00:00"}),
    ("reminder, dentist appointment, 4 pm tomorrow", "reminder.set",
     {"message": "dentist appointment", "time": "2025-03-15T16:00:00"}),
    ("where is the pasta timer at", "timer.status", {}),
    ("how many seconds are left on this timer of mine", "timer.status", {}),
    # alarms read out
    ("rattle off my alarms", "alarm.list", {}),
    ("reel off whatever alarms we've got", "alarm.list", {}),
    ("which of the alarms are still on", "alarm.list", {}),
    ("what alarms have we got on for tomorrow", "alarm.list", {}),
    # music
    ("play Yellow, the Coldplay one", "music.play", {"song": "Yellow", "artist": "Coldplay"}),
    ("play some lullabies or whatever", "music.play", {"genre": "children"}),
    ("could you pick up where the music left off", "music.resume", {}),
    ("start the song again from where it stopped", "music.resume", {}),
    ("move me on to the next track", "music.next", {}),
    ("play the next track in the queue", "music.next", {}),
    ("bring back the song that just ended", "music.previous", {}),
    ("skip back to the track before this one", "music.previous", {}),
    ("the volume should be at 35", "volume.set", {"level": 35}),
    ("have the sound on 40", "volume.set", {"level": 40}),
    ("put the volume at half", "volume.set", {"level": 50}),
    ("volume down a couple of notches", "volume.change", {"direction": "down"}),
    # the home
    ("pull the curtains back", "home.turn_on", {"device": "living_room_curtain"}),
    ("kitchen light, off you go", "home.turn_off", {"device": "kitchen_light"}),
    ("knock the desk lamp down to 20 percent", "home.set_brightness",
     {"device": "desk_lamp", "brightness": 20}),
    ("push the bedroom light up to 60", "home.set_brightness", {"device": "bedroom_light", "brightness": 60}),
    ("30 percent on the kitchen light", "home.set_brightness", {"device": "kitchen_light", "brightness": 30}),
    ("can the bedroom light go as bright as it can", "home.set_brightness",
     {"device": "bedroom_light", "brightness": 100}),
    ("bedroom ac on 21", "home.set_temperature", {"device": "bedroom_ac", "temperature": 21}),
    ("did someone already switch the tv on", "home.get_state", {"device": "tv"}),
    ("tv on or off?", "home.get_state", {"device": "tv"}),
    ("see if I left the kitchen light on", "home.get_state", {"device": "kitchen_light"}),
    ("is the ac on in the bedroom", "home.get_state", {"device": "bedroom_ac"}),
    ("fire up the movie mode", "home.activate_scene", {"scene": "movie"}),
    # clock, date, help, cancel
    ("let me hear the hour", "system.time", {}),
    ("announce the date please", "system.date", {}),
    ("is it the 3rd or the 4th today", "system.date", {}),
    ("whats the date again i forget", "system.date", {}),
    ("remind me what day of the month it is", "system.date", {}),
    ("nah it doesn't matter", "system.cancel", {}),
    ("no no i didnt mean to say that", "system.cancel", {}),
    ("skills list", "system.help", {}),
    ("list what you're good at", "system.help", {}),
    ("what sort of chores can you help with", "system.help", {}),
    ("i have no idea what you're for", "system.help", {}),
    ("can you explain what kind of stuff I can ask you", "system.help", {}),
    # weather
    ("tell me if it's going to be misty in Paris tomorrow", "weather.get",
     {"location": "Paris", "date": "2025-03-15"}),
    ("our train gets in to Leeds on Saturday, how's the weather there looking", "weather.get",
     {"location": "Leeds", "date": "2025-03-15"}),
    ("our flight lands in Dublin on Sunday, what's it like there", "weather.get",
     {"location": "Dublin", "date": "2025-03-16"}),
    ("Edinburgh on Sunday, snow or no snow?", "weather.get", {"location": "Edinburgh", "date": "2025-03-16"}),
    ("hows the whether in london tomorrow", "weather.get", {"location": "London", "date": "2025-03-15"}),
    ("do I need a jacket for the walk to school", "weather.get", {}),
    # refusals: the same words about something else
    ("the kids can go now", None, {}),
    ("that bus isn't needed anymore", None, {}),
    ("give it a rest, you two", None, {}),
    ("before it gets dark we should walk the dog", None, {}),
    ("I hit snooze three times this morning", None, {}),
    ("a 20 minute walk to school", None, {}),
    ("the reminder was useless", None, {}),
    ("rattle off some jokes", None, {}),
    ("which of my friends are on holiday", None, {}),
    ("pick up where we left off yesterday in the meeting", None, {}),
    ("bring back the good old days", None, {}),
    ("the volume of the box is 40 litres", None, {}),
    ("off you go to school", None, {}),
    ("80 percent of people like pizza", None, {}),
    ("did somebody already feed the cat", None, {}),
    ("check whether I left my keys in the car", None, {}),
    ("fire up the barbecue", None, {}),
    ("let me hear you sing", None, {}),
    ("it doesn't matter what you think", None, {}),
    ("list what you had for dinner", None, {}),
    ("i have no idea what I'm doing", None, {}),
    ("my flight lands at 6", None, {}),
    ("the whether girl is late", None, {}),
    ("i forgot my keys again", None, {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), EN, ids=[row[0] for row in EN])
def test_english_round12(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")
