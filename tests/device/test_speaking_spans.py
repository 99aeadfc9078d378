"""``SpeakingSpans``: when the device spoke, kept bounded; the ``Speaker``'s busy spans merge overlapping
sounds (a chunk heard late is routed by them: tests/device/test_barge_in.py)."""

from __future__ import annotations

import asyncio

import numpy as np

from ting.device.audio_out import RecordingSink, encode_wav
from ting.device.speaker import Speaker
from ting.device.speaking_spans import Playing, SpeakingSpans
from ting.device.tts import default_synthesizer
from ting.supervise import Backoff


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_span_covers_from_its_start_to_its_end_and_an_open_one_on() -> None:
    clock = Clock()
    spans = SpeakingSpans(monotonic=clock)
    first = spans.begin(Playing.ANSWER, "s1")
    clock.now = 103.0
    spans.end(first)
    clock.now = 104.0
    second = spans.begin()
    assert spans.at(99.9) == [] and spans.at(100.0) == [first] and spans.at(102.99) == [first]
    assert spans.at(103.0) == [] and spans.at(103.5) == []
    assert spans.at(200.0) == [second] and spans.at() == [second]  # still going on
    assert first.ids == ["s1"] and second.ended is None


def test_old_spans_are_forgotten_by_age_and_by_count() -> None:
    clock = Clock()
    spans = SpeakingSpans(keep_seconds=10.0, max_spans=3, monotonic=clock)
    old = spans.begin()
    clock.now = 101.0
    spans.end(old)
    clock.now = 112.0  # ended 11 s ago: dropped when the next span starts
    spans.begin()
    assert spans.at(100.5) == []
    for start in (113.0, 114.0, 115.0):
        clock.now = start
        spans.end(spans.at()[-1])
        spans.begin()
    assert spans.at(112.5) == []  # the fourth span back is gone (three kept)
    assert len(spans.at(114.5)) == 1


async def test_the_speakers_span_lasts_while_anything_plays_and_ends_with_the_last() -> None:
    sink = RecordingSink(time_scale=1.0)
    speaker = Speaker(
        default_synthesizer, lambda: sink, volume=0.8, earcons=False, backoff=Backoff(0.01, 0.1), restarts={}
    )
    sound = encode_wav(np.full(3_200, 1000, np.int16), 16_000)  # 0.2 s
    assert speaker.speaking_at(None) is None
    both = asyncio.gather(speaker.play(sound), speaker.play(sound))  # one after the other, overlapping calls
    await asyncio.sleep(0.05)
    span = speaker.speaking_at(None)
    assert span is not None and span.ended is None
    await both
    assert speaker.speaking_at(None) is None and span.ended is not None
    assert span.ended - span.started >= 0.39  # one span for both sounds
    assert speaker.speaking_at(span.started + 0.3) is span and speaker.speaking_at(span.ended) is None


def test_a_span_going_on_is_kept_however_many_start_after_it_and_kinds_are_told_apart() -> None:
    """A ring or an hour of music lasts while many answers come and go: its span is not pushed out."""
    clock = Clock()
    spans = SpeakingSpans(max_spans=3, monotonic=clock)
    music = spans.begin(Playing.MUSIC)
    for start in (101.0, 102.0, 103.0, 104.0, 105.0):
        clock.now = start
        spans.end(spans.begin(Playing.ANSWER, "s"))  # ended at once: 0 s long
        clock.now = start + 0.5
    clock.now = 106.0
    ring = spans.begin(Playing.RINGING, "r1")
    assert spans.at(100.5) == [music]  # the open music span outlived the count
    assert spans.at(106.0, Playing.RINGING) == [ring] and spans.last(Playing.MUSIC, 106.0) is music
    assert spans.last(Playing.ANSWER, 106.0) is None and ring.ids == ["r1"]
    assert len(spans.at(106.0)) == 2
