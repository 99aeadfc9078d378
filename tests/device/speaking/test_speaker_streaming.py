"""Streaming speech: an answer is synthesized sentence by sentence (real espeak-ng) and played piece by piece
into a ``RecordingSink``; ``say`` returns after the last piece (``sayFinished`` follows it); ``stop`` drops
the rest.
"""

from __future__ import annotations

import asyncio

import pytest

from ting.device.audio_out import RecordingSink
from ting.device.sentences import clauses, sentences
from ting.device.speaker import Speaker
from ting.device.synthesis import LanguageVoices, build_synthesizer
from ting.settings import DeviceSettings
from ting.supervise import Backoff

ANSWER = "The kitchen light is on. The bedroom light is off. It is seven thirty."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "今天北京晴，气温3.5到12度。明天有雨！要带伞吗？",
            ["今天北京晴，气温3.5到12度。", "明天有雨！", "要带伞吗？"],
        ),
        (
            "It is 3.5 degrees. Rain tomorrow! Bring an umbrella? ok",
            ["It is 3.5 degrees.", "Rain tomorrow!", "Bring an umbrella?", "ok"],
        ),
        ("ting.local is up", ["ting.local is up"]),
        ("   ", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_clauses() -> None:
    assert clauses("今天北京晴，气温3.5到12度，风不大。") == ["今天北京晴，", "气温3.5到12度，", "风不大。"]
    assert clauses("Well, it is 7:30, so get up.") == ["Well,", "it is 7:30,", "so get up."]


def _speaker(sink: RecordingSink, *, streaming: bool, target_seconds: float = 0.15) -> Speaker:
    synthesizer = build_synthesizer(DeviceSettings(tts_engine="espeak-ng"))
    return Speaker(
        lambda: synthesizer,
        lambda: sink,
        volume=1.0,
        earcons=False,
        backoff=Backoff(0.05, 1.0),
        restarts={},
        streaming=streaming,
        first_audio_target_seconds=target_seconds,
    )


async def test_each_sentence_plays_as_its_own_piece_and_say_returns_after_the_last() -> None:
    sink = RecordingSink(time_scale=0.2)
    speaker = _speaker(sink, streaming=True, target_seconds=60.0)
    await asyncio.wait_for(speaker.say(ANSWER, "en"), 30)
    assert len(sink.played) == 3 and all(p.seconds > 0.5 and not p.interrupted for p in sink.played)
    starts = [p.started_monotonic for p in sink.played]
    assert starts == sorted(starts)
    assert all(p.ended_monotonic is not None for p in sink.played) and not speaker.busy


async def test_without_streaming_the_answer_is_one_piece() -> None:
    sink = RecordingSink(time_scale=0)
    await asyncio.wait_for(_speaker(sink, streaming=False).say(ANSWER, "en"), 30)
    assert len(sink.played) == 1 and sink.played[0].seconds > 2.0


def test_a_slow_voice_has_its_first_sentence_cut_at_commas() -> None:
    speaker = _speaker(RecordingSink(), streaming=True, target_seconds=0.15)
    text = "Good morning, it is seven thirty, and sunny. Have a nice day."
    # speed unknown yet: cut, to be safe
    assert speaker.pieces(text, "en") == [
        "Good morning,",
        "it is seven thirty, and sunny.",
        "Have a nice day.",
    ]
    speaker._seconds_per_char["en"] = 0.0001  # a voice this fast says the whole sentence within the target
    assert speaker.pieces(text, "en") == ["Good morning, it is seven thirty, and sunny.", "Have a nice day."]
    speaker._seconds_per_char["en"] = 0.01
    assert speaker.pieces(text, "en")[0] == "Good morning,"


async def test_stop_ends_the_piece_playing_and_drops_the_rest() -> None:
    # a piece "plays" for >10 s: the stop lands while it plays, loaded machine or not
    sink = RecordingSink(time_scale=10.0)
    speaker = _speaker(sink, streaming=True, target_seconds=60.0)
    saying = asyncio.create_task(speaker.say(ANSWER, "en"))
    await sink.wait_played(1, timeout_seconds=30)
    await speaker.stop()
    await asyncio.wait_for(saying, 10)
    assert len(sink.played) == 1 and sink.played[0].interrupted
    sink.time_scale = 0
    await asyncio.wait_for(speaker.say("Still talking.", "en"), 30)  # a later answer plays again
    assert len(sink.played) == 2 and not sink.played[1].interrupted


async def test_prepare_loads_the_voice_once_plays_nothing_and_learns_no_speed() -> None:
    voices = build_synthesizer(DeviceSettings(tts_engine="espeak-ng"))
    assert isinstance(voices, LanguageVoices)
    built: list[LanguageVoices] = []

    def make() -> LanguageVoices:
        built.append(voices)
        return voices

    sink = RecordingSink(time_scale=0)
    speaker = Speaker(make, lambda: sink, volume=1.0, earcons=False, backoff=Backoff(0.05, 1.0),
                      restarts={}, streaming=True)  # fmt: skip
    # an answer arriving while the voice is prepared waits for the same synthesizer
    await asyncio.wait_for(asyncio.gather(speaker.prepare("en"), speaker.say(ANSWER, "en")), 60)
    assert len(built) == 1 and len(sink.played) >= 3  # the answer only: the warm-up word is not played
    speaker._seconds_per_char.clear()
    await asyncio.wait_for(speaker.prepare("zh"), 30)
    assert "zh" not in speaker._seconds_per_char and len(sink.played) >= 3


async def test_a_voice_that_cannot_be_prepared_is_loaded_again_for_the_answer() -> None:
    voices = build_synthesizer(DeviceSettings(tts_engine="espeak-ng"))
    assert isinstance(voices, LanguageVoices)
    tries: list[int] = []

    def make() -> LanguageVoices:
        tries.append(1)
        if len(tries) == 1:
            raise OSError("no voice yet")
        return voices

    sink = RecordingSink(time_scale=0)
    speaker = Speaker(make, lambda: sink, volume=1.0, earcons=False, backoff=Backoff(0.05, 1.0),
                      restarts={}, streaming=False)  # fmt: skip
    await asyncio.wait_for(speaker.prepare("en"), 30)  # logged, not raised
    await asyncio.wait_for(speaker.say("The kitchen light is on.", "en"), 30)
    assert len(tries) == 2 and len(sink.played) == 1 and sink.played[0].seconds > 0.5
