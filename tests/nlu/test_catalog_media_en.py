"""English: weather, music, volume, system and speech-robustness cases over every shipped skill."""

from __future__ import annotations

import pytest

from tests.nlu.catalog import Case, check
from ting.nlu import IntentRecognizer

WEATHER: list[Case] = [
    ("what's the weather like", "weather.get", {}),
    ("what's the weather like in Shanghai", "weather.get", {"location": "Shanghai"}),
    ("how is the weather in beijing", "weather.get", {"location": "Beijing"}),
    ("weather in new york city", "weather.get", {"location": "New York"}),
    ("what's the forecast for London", "weather.get", {"location": "London"}),
    ("is it going to rain in Tokyo", "weather.get", {"location": "Tokyo"}),
    ("will it snow in harbin", "weather.get", {"location": "Harbin"}),
    ("how cold is it outside", "weather.get", {}),
    ("do i need an umbrella", "weather.get", {}),
    ("what is the temperature in Hong Kong", "weather.get", {"location": "Hong Kong"}),
    ("weather forecast for springfield", "weather.get", {"location": "springfield"}),
    ("Peking weather", "weather.get", {"location": "Beijing"}),
    ("um what's the weather in xian", "weather.get", {"location": "Xi'an"}),
    (
        "what's the weather in Shanghai tomorrow",
        "weather.get",
        {"location": "Shanghai", "date": "2025-03-15"},
    ),
    ("weather tomorrow", "weather.get", {"date": "2025-03-15"}),
    (
        "what's the weather like on Friday in London",
        "weather.get",
        {"location": "London", "date": "2025-03-21"},
    ),
    ("will it rain the day after tomorrow", "weather.get", {"date": "2025-03-16"}),
    ("weather this weekend", "weather.get", {"date": "2025-03-15"}),
]
MUSIC: list[Case] = [
    ("play some jazz", "music.play", {"genre": "jazz"}),
    ("put on a little classical music", "music.play", {"genre": "classical"}),
    ("play rock and roll", "music.play", {"genre": "rock"}),
    ("I want to listen to folk music", "music.play", {"genre": "folk"}),
    ("play some kids songs", "music.play", {"genre": "children"}),
    ("play nursery rhymes", "music.play", {"genre": "children"}),
    ("play some EDM", "music.play", {"genre": "electronic"}),
    ("play pop music", "music.play", {"genre": "pop"}),
    ("play some music", "music.play", {}),
    ("play yesterday by the beatles", "music.play", {"song": "yesterday", "artist": "the beatles"}),
    ("play the song hotel california", "music.play", {"song": "hotel california"}),
    ("play some taylor swift", "music.play", {"artist": "taylor swift"}),
    ("play adele songs", "music.play", {"artist": "adele"}),
    ("play music by queen", "music.play", {"artist": "queen"}),
    (
        "play the album thriller by michael jackson",
        "music.play",
        {"album": "thriller", "artist": "michael jackson"},
    ),
    ("play my running playlist", "music.play", {"playlist": "running"}),
    ("play the playlist road trip", "music.play", {"playlist": "road trip"}),
    ("could you play bohemian rhapsody", "music.play", {"song": "bohemian rhapsody"}),
    ("pause", "music.pause", {}),
    ("pause the music", "music.pause", {}),
    ("resume", "music.resume", {}),
    ("continue playing", "music.resume", {}),
    ("keep going", "music.resume", {}),
    ("stop the music", "music.stop", {}),
    ("stop playing", "music.stop", {}),
    ("next song", "music.next", {}),
    ("skip this track", "music.next", {}),
    ("play the next song", "music.next", {}),
    ("previous track", "music.previous", {}),
    ("go back to the last song", "music.previous", {}),
]
VOLUME: list[Case] = [
    ("set the volume to 30", "volume.set", {"level": 30}),
    ("volume to fifty percent", "volume.set", {"level": 50}),
    ("turn the volume down to 20", "volume.set", {"level": 20}),
    ("volume 80", "volume.set", {"level": 80}),
    ("mute", "volume.set", {"level": 0}),
    ("max volume", "volume.set", {"level": 100}),
    ("louder", "volume.change", {"direction": "up"}),
    ("a bit louder please", "volume.change", {"direction": "up"}),
    ("turn it up", "volume.change", {"direction": "up"}),
    ("volume up", "volume.change", {"direction": "up"}),
    ("increase the volume", "volume.change", {"direction": "up"}),
    ("I can't hear you", "volume.change", {"direction": "up"}),
    ("quieter", "volume.change", {"direction": "down"}),
    ("turn it down a little", "volume.change", {"direction": "down"}),
    ("lower the volume", "volume.change", {"direction": "down"}),
    ("it's too loud", "volume.change", {"direction": "down"}),
]
SYSTEM: list[Case] = [
    ("never mind", "system.cancel", {}),
    ("never mind then", "system.cancel", {}),
    ("forget about it", "system.cancel", {}),
    ("no thanks", "system.cancel", {}),
    ("what can you do", "system.help", {}),
    ("what should I say", "system.help", {}),
    ("what time is it", "system.time", {}),
    ("uh what's the time", "system.time", {}),
    ("what day is it today", "system.date", {}),
    ("what's today's date", "system.date", {}),
]
ROBUST: list[Case] = [
    ("TURN ON THE TV", "home.turn_on", {"device": "tv"}),
    ("Ｔｕｒｎ ｏｆｆ ｔｈｅ ｋｉｔｃｈｅｎ ｌｉｇｈｔ", "home.turn_off", {"device": "kitchen_light"}),
    ("turn off the kitchin light", "home.turn_off", {"device": "kitchen_light"}),
    ("turn on the living rom light", "home.turn_on", {"device": "living_room_light"}),
    ("turn on the bedside lamps", "home.turn_on", {"device": "bedroom_light"}),
    ("turn on the kitchen lights", "home.turn_on", {"area": "kitchen", "domain": "light"}),
    ("um turn on the tv", "home.turn_on", {"device": "tv"}),
    ("could you turn off the water heater", "home.turn_off", {"device": "water_heater"}),
    ("hey ting turn on the desk lamp", "home.turn_on", {"device": "desk_lamp"}),
    ("open the curtains", "home.turn_on", {"device": "living_room_curtain"}),
    ("turn on the light", "home.turn_on", {"domain": "light"}),
    ("set the bedroom light to 40%", "home.set_brightness", {"device": "bedroom_light", "brightness": 40}),
]
NEGATIVE: list[Case] = [
    ("tell me a joke", None, {}),
    ("I love you", None, {}),
    ("my brother lives in Shanghai now", None, {}),
    ("the kitchen is a mess", None, {}),
    ("what is the meaning of life", None, {}),
    ("I went to the shop yesterday", None, {}),
    ("how old are you", None, {}),
    ("thanks for dinner last night", None, {}),
]
CASES = WEATHER + MUSIC + VOLUME + SYSTEM + ROBUST + NEGATIVE


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[case[0] for case in CASES])
def test_catalog_en(catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict) -> None:
    check(catalog_recognizer, text, intent, slots, "en")
