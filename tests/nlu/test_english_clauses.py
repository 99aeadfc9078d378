"""English kinds of issue 13's round 9, each written once in the sentence data or the recognizer and checked
here with sentences written for these tests, not taken from any corpus: a day said after the alarm its clock
time came before, a reminder's message said in a clause of its own, a device name said inside out ("the lamp
on my desk"), a plan for a day before a question about the sky, alarms asked about as "they" after a remark.
Sentences of the same words that must stay refused are here too."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import check

C, S, R, W = "alarm.cancel", "alarm.set", "reminder.set", "weather.get"
B, P, T = "home.set_brightness", "music.play", "home.set_temperature"
AT6, AT11, AT4 = "2025-03-14T18:00:00", "2025-03-14T11:00:00", "2025-03-14T16:00:00"
SAT, SUN = "2025-03-15", "2025-03-16"
MONDAY_GARAGE = {"time": "2025-03-17T04:00:00", "message": "ring the garage"}
BEDSIDE_15 = {"device": "bedroom_light", "brightness": 15}
BOSTON_SAT, BOSTON_SUN = {"location": "Boston", "date": SAT}, {"location": "Boston", "date": SUN}
EN: list[tuple[str, str | None, dict[str, Any]]] = [
    # a time before "alarm" and its day after it: the day moves the time, a bare hour reads as on that day
    ("kill my 6:15 am alarm for saturday", C, {"time": "2025-03-15T06:15:00"}),
    ("delete the 7 am one on monday", C, {"time": "2025-03-17T07:00:00"}),
    ("i don't need the 6 alarm tomorrow anymore", C, {"time": "2025-03-15T06:00:00"}),
    ("set a 5:30 alarm for sunday", S, {"time": "2025-03-16T05:30:00"}),
    ("cancel the 9 pm alarm today", C, {"time": "2025-03-14T21:00:00"}),
    # what to remind of said in a clause of its own, before or after "remind me"
    ("i need to water the plants, remind me at 6 pm", R, {"message": "water the plants", "time": AT6}),
    ("we've got to book the vet at 11 so can you remind us", R, {"message": "book the vet", "time": AT11}),
    ("remind me at 4 because i have to pick up the kids", R, {"time": AT4, "message": "pick up the kids"}),
    ("remind me at 3 this afternoon", None, {}),  # no message: the afternoon is the time's
    ("i need to water the plants", None, {}),
    # a device said as the thing and where it is
    ("turn on the lamp on my desk", "home.turn_on", {"device": "desk_lamp"}),
    ("dim the light on the ceiling to 30 percent", B, {"device": "living_room_light", "brightness": 30}),
    ("is the lock on the front door locked", "home.get_state", {"device": "front_door_lock"}),
    ("turn on the lamp on the piano", None, {}),
    # a plan for a day, then the sky asked about
    ("we're having a picnic on sunday, is it going to rain", W, {"date": "2025-03-16"}),
    ("i'd like to wash the car tomorrow, will it be sunny", W, {"date": "2025-03-15"}),
    ("we're having a picnic on sunday", None, {}),
    # alarms named in a remark, then asked about as "they"
    ("i think we set a couple of alarms yesterday, can you tell me what they are", "alarm.list", {}),
    ("i set a bunch of alarms", None, {}),
    # carrying on playing, said with the song
    ("you can go on playing the song now", "music.resume", {}),
    # British "half six"; the chance of the sky and what it is "supposed to" do; "outside" after the adjective
    ("wake me at half seven", S, {"time": "2025-03-14T19:30:00"}),
    ("what's the chance of sleet on sunday", W, {"date": "2025-03-16"}),
    ("any showers in the forecast for tomorrow", W, {"date": "2025-03-15"}),
    ("how warm is it supposed to get today", W, {"date": "2025-03-14"}),
    ("is it meant to snow on saturday", W, {"date": "2025-03-15"}),
    ("is it chilly out there", W, {}),
    ("is it chilly in the bathroom", None, {}),
    # "stop" for a while is a pause; something else instead is the next song; enough of it stops it
    ("stop the song for a sec", "music.pause", {}),
    ("could you put on something else", "music.next", {}),
    ("we've heard enough of this song, stop it", "music.stop", {}),
    # the room after the verb's particle; what a device is doing
    ("put the lights on in my bedroom", "home.turn_on", {"domain": "light", "area": "bedroom"}),
    ("flick the lights off in the kitchen", "home.turn_off", {"domain": "light", "area": "kitchen"}),
    ("what's the tv doing right now", "home.get_state", {"device": "tv"}),
    # the scene as what one is about to do, after a goodbye; a scene said as "the X scene"
    ("see you later, we're off to school", "home.activate_scene", {"scene": "away"}),
    ("we're gonna watch a film now", "home.activate_scene", {"scene": "movie"}),
    ("i'm about to turn in", "home.activate_scene", {"scene": "sleep"}),
    ("switch on the sleep scene", "home.activate_scene", {"scene": "sleep"}),
    ("we're off to the beach", None, {}),
    # alarms: "anything" set, when one is woken, seeing them, what the alarm should do, kept from going off
    ("have i got anything set for saturday", "alarm.list", {}),
    ("when am i being woken up tomorrow", "alarm.list", {}),
    ("could we see the alarms", "alarm.list", {}),
    ("set an alarm to wake me at 5:40 am", S, {"time": "2025-03-15T05:40:00"}),
    ("keep my 6 am alarm from ringing on sunday", C, {"time": "2025-03-16T06:00:00"}),
    ("make sure we're awake by 6 am", S, {"time": "2025-03-15T06:00:00"}),
    # a timer named by what is in it; a reminder said as a noun first
    ("how long until the soup is done", "timer.status", {}),
    ("a reminder to stretch at 4 pm", R, {"message": "stretch", "time": AT4}),
    # a habit of forgetting before the reminder; the speaker's habit after a command
    ("i always forget to feed the fish, remind me at 6 pm", R, {"message": "feed the fish", "time": AT6}),
    ("set an alarm for 6 am i never hear the first one", S, {"time": "2025-03-15T06:00:00"}),
    # music: as such, shuffled, fancied; the previous one "again"
    ("put the tunes on", P, {}),
    ("shuffle the dinner party playlist", P, {"playlist": "dinner party"}),
    ("i fancy some mellow jazz", P, {"genre": "jazz"}),
    ("play that last track again", "music.previous", {}),
    # volume said after the value
    ("put it at 35 volume", "volume.set", {"level": 35}),
    # weather: what to wear or bring, what it is doing, staying dry, any plan before a yes/no question
    ("what should we wear tomorrow", W, {"date": "2025-03-15"}),
    ("do we need to pack umbrellas for tomorrow", W, {"date": "2025-03-15"}),
    ("what's the weather doing in Leeds on sunday", W, {"location": "Leeds", "date": "2025-03-16"}),
    ("my brother's race is in Boston on saturday, will it stay dry", W, BOSTON_SAT),
    ("will it be warm enough to eat outside tonight", W, {"date": "2025-03-14"}),
    ("hey quick question, is it windy out", W, {}),
    ("i wonder whether it'll snow tomorrow", W, {"date": "2025-03-15"}),
    ("my brother's race is in Denver on saturday", None, {}),
    # a run-on ending with a day is no song; a day after the message moves the reminder's time
    ("play date at the park is on sunday", None, {}),
    ("play saturday night", P, {"song": "saturday night"}),
    ("remind me at 4 to ring the garage on monday", R, MONDAY_GARAGE),
    # the day as the subject of a weather question
    ("is sunday looking wet", W, {"date": "2025-03-16"}),
    # alarms: to be woken; other verbs for cancelling, "that" alarm
    ("i'd like to be woken up at 6:40 am", S, {"time": "2025-03-15T06:40:00"}),
    ("nix that 5 am alarm", C, {"time": "2025-03-15T05:00:00"}),
    # timers: the object first and a bare verb, no need for it, a short name and a length, named alone
    ("countdown, cancel", "timer.cancel", {}),
    ("no need for the egg timer anymore, kill it", "timer.cancel", {}),
    ("soup 25 minutes", "timer.set", {"label": "soup", "duration": 1500}),
    ("the cake, 35 minutes", "timer.set", {"label": "cake", "duration": 2100}),
    ("wait 10 minutes", None, {}),
    ("countdown?", "timer.status", {}),
    # music going again; songs from an album
    ("let's get the music playing again", "music.resume", {}),
    ("play a track off the album thriller", P, {"album": "thriller"}),
    # everyone leaving; is everything off
    ("ok we're all off to work now", "home.activate_scene", {"scene": "away"}),
    ("is everything switched off downstairs", "home.get_state", {"floor": "ground"}),
    # someone else's question relayed; a trip and the question in a statement's order
    ("my dad wants to know whether it'll be icy tomorrow", W, {"date": "2025-03-15"}),
    ("the kids are asking what time it is", "system.time", {}),
    ("we're flying out to Boston on sunday, any idea what it's gonna be like over there", W, BOSTON_SUN),
    # a value said again after taking it back
    ("set the volume to 40, no wait, 35", "volume.set", {"level": 35}),
    ("start a timer for 6 minutes, i mean 8 minutes", "timer.set", {"duration": 480}),
    # someone needs to be up, then the alarm; an alarm "put on"; what alarms someone set; hearing the list
    ("my husband has to be up at 5:30 am for his flight, set an alarm", S, {"time": SAT + "T05:30:00"}),
    ("can you just stick an alarm on for 9 pm", S, {"time": "2025-03-14T21:00:00"}),
    ("which alarms did the kids set on here", "alarm.list", {}),
    ("let me see the list of alarms", "alarm.list", {}),
    ("the dog walk alarm, 7 am, weekends only", S, {"time": "2025-03-15T07:00:00", "recurrence": "weekends"}),
    # the alarm ringing, "make it shut up"; a countdown nearly done; the object before a reminder's time
    ("that's the alarm ringing, make it be quiet", "alarm.stop", {}),
    ("is this countdown nearly done", "timer.status", {}),
    ("gotta call the bank, nudge me about it at 4", R, {"message": "call the bank", "time": AT4}),
    ("set a reminder for 6 pm, defrost the chicken", R, {"time": AT6, "message": "defrost the chicken"}),
    # music: a reason after the genre, a whole album, someone wants a genre, whatever is playing, going on
    ("put on some jazz while we cook", P, {"genre": "jazz"}),
    ("play the entire thriller album start to finish", P, {"album": "thriller"}),
    ("grandma wants some classical music, can you put some on", P, {"genre": "classical"}),
    ("shut off whatever's on", "music.stop", {}),
    ("pause what's playing", "music.pause", {}),
    ("let the song play on", "music.resume", {}),
    ("go forward one song", "music.next", {}),
    ("crank it all the way up", "volume.set", {"level": 100}),
    # home: for someone, drawing the curtains, "I want the lights at", the device and then "put it on"
    ("switch on the tv for mum", "home.turn_on", {"device": "tv"}),
    ("draw the curtains please", "home.turn_off", {"device": "living_room_curtain"}),
    ("are the curtains drawn", "home.get_state", {"device": "living_room_curtain"}),
    ("i'd like the desk lamp at 45 percent", B, {"device": "desk_lamp", "brightness": 45}),
    ("the living room ac, put it on 24", T, {"device": "living_room_ac", "temperature": 24}),
    ("did my daughter leave the tv on again", "home.get_state", {"device": "tv"}),
    # time, date, help and cancel said other ways
    ("does anybody know the time", "system.time", {}),
    ("is it eleven o'clock yet", "system.time", {}),
    ("what does the calendar say today", "system.date", {}),
    ("how are we supposed to talk to you", "system.help", {}),
    ("forget i said anything", "system.cancel", {}),
    ("don't bother then", "system.cancel", {}),
    # what is wrong with a device, then "set it to"
    ("the bedside lamp is way too bright, dim it to 15 percent", B, BEDSIDE_15),
    ("it's too cold in the study, set it to 23 degrees", T, {"area": "study", "temperature": 23}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), EN, ids=[row[0] for row in EN])
def test_english_clauses(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")
