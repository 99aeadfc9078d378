"""English kinds of issue 13's round 10, checked with sentences written for these tests in the corpus
writers' styles (none taken from a corpus): a thing named in a remark and then acted on as "it" / "them" /
"that" (``ting.nlu.antecedents``); a remark about someone else run on after the command without a mark
("stop the music the baby is asleep"); "but" and "can you" beginning what is asked after a remark
(``ting.nlu.clauses``). Remarks that name a thing and ask nothing of ting stay refused."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import check

OFF, ON, STATE = "home.turn_off", "home.turn_on", "home.get_state"
EN: list[tuple[str, str | None, dict[str, Any]]] = [
    # a device named in a remark, then "it" / "them"
    ("the extractor fan is so noisy, switch it off", OFF, {"device": "range_hood"}),
    ("the telly's still on and nobody is watching, turn it off", OFF, {"device": "tv"}),
    ("the water heater, could you put it on", ON, {"device": "water_heater"}),
    ("the desk lamp is way too bright, dim it to 30 percent", "home.set_brightness",
     {"device": "desk_lamp", "brightness": 30}),
    ("the bedroom ac is freezing us, set it to 26", "home.set_temperature",
     {"device": "bedroom_ac", "temperature": 26}),
    ("the kitchen lights are still on, turn them off", OFF, {"device": "kitchen_light"}),
    ("the water heater, is it on", STATE, {"device": "water_heater"}),
    # no mark, as a recognizer prints it: the request begins at "can you"
    ("the kids left the tv on again can you switch it off", OFF, {"device": "tv"}),
    # a timer, the music or an alarm named first
    ("the egg timer, we don't need it now, get rid of it", "timer.cancel", {}),
    ("this music is doing my head in, turn it off", "music.stop", {}),
    ("that 6 am alarm on saturday, scrap it", "alarm.cancel", {"time": "2025-03-15T06:00:00"}),
    # a reminder about "it" is about the whole remark, not a thing in it
    ("got to ring the dentist, remind me about it at 4", "reminder.set",
     {"message": "ring the dentist", "time": "2025-03-14T16:00:00"}),
    # a subject "it" stays: nothing named is read into "what time is it"
    ("the oven clock is wrong, what time is it", "system.time", {}),
    # someone else's situation run on after the command, no mark
    ("stop the music the baby is asleep", "music.stop", {}),
    ("pause it my dad is on the phone", "music.pause", {}),
    ("volume down to 20 the kids are sleeping", "volume.set", {"level": 20}),
    ("turn off the kitchen light everyones gone to bed", OFF, {"device": "kitchen_light"}),
    ("skip this one the lyrics are awful", "music.next", {}),
    # terse, with the way the value goes
    ("volume up to 45", "volume.set", {"level": 45}),
    ("bedside lamp down to 25 percent", "home.set_brightness", {"device": "bedroom_light", "brightness": 25}),
    ("living room ac up to 23 degrees", "home.set_temperature",
     {"device": "living_room_ac", "temperature": 23}),
    ("the curtains up to 80 percent", "home.set_position", {"device": "living_room_curtain", "position": 80}),
    # a timer asked about as the writers ask: until it sounds, what it has still got, named first
    ("how much longer till the countdown dings", "timer.status", {}),
    ("how long till it goes off", "timer.status", {}),
    ("how many minutes does the bread timer still have", "timer.status", {}),
    ("the soup timer how much longer has it got", "timer.status", {}),
    ("how long is left on the cookie timer", "timer.status", {}),
    # the song before, brought back
    ("stick the previous track back on", "music.previous", {}),
    ("bring back the tune before this one", "music.previous", {}),
    # what is asked after "but"
    ("sorry to bug you but what's the date today", "system.date", {}),
    # refusals: a thing named, nothing asked of ting
    ("the tv broke last week, can you fix it", None, {}),
    ("my kids keep turning the tv on, i hate it", None, {}),
    ("the timer on my oven is broken, i need to replace it", None, {}),
    ("my sister bought a new range hood, she loves it", None, {}),
    ("the baby is asleep", None, {}),
    # round 12: "... can go" lets a thing go (a blind writer's "so the rice timer can go" is its cancel)
    ("the rice is ready so the timer can go", "timer.cancel", {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), EN, ids=[row[0] for row in EN])
def test_pronouns_and_run_ons(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "en")
