"""The English hybrid (Whisper first) refuses the grammar's phrase when it sounds too far from all of
Whisper's n best (``ting.device.stt.sound_gate``): real tiny.en and PocketSphinx with the skills' real
grammar, judged by ting's real NLU, on commands spoken at test time by espeak-ng."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.device.listening.judging import english_hybrid, intent_of
from ting.device.command_audio import SpeechTrim
from ting.device.recognition import CommandRecognition
from ting.device.recognizer_pool import RecognizerPool
from ting.device.stt.hybrid import HybridRecognizer
from ting.device.stt.sound_gate import sound_distance
from ting.device.wav import read_wav
from ting.nlu import IntentRecognizer

Speech = Callable[..., Path]


def test_sound_distance_is_metaphone_edits_per_sound_to_the_nearest_hypothesis() -> None:
    assert sound_distance("turn on the light", ["turn on the light"]) == 0.0
    # NMRBPNK against NMRBTNK: one edit in seven sounds
    assert sound_distance("no more beeping", ["no more beating"]) == pytest.approx(1 / 7)
    assert sound_distance("no more beeping", ["turn on the light", "no more beating"]) == pytest.approx(1 / 7)
    # PTNMTNS against BTMT: four edits in seven (the "put on my tunes" for "alarm at noon")
    assert sound_distance("put on my tunes", ["but i'm at 2"]) == pytest.approx(4 / 7)
    assert sound_distance("do it", []) == sound_distance("do it", ["", ""]) == 1.0  # nothing heard to vouch


def test_numbers_whisper_writes_as_digits_sound_as_they_are_said() -> None:
    assert sound_distance("set an alarm for seven thirty pm", ["set an alarm for 7:30 pm"]) == 0.0
    assert sound_distance("brightness forty percent", ["Brightness 40%."]) == 0.0
    near = sound_distance("the living room light thirty percent", ["pin the living room light to 30%"])
    assert near < 0.2 < sound_distance("the living room light thirty percent", ["pin the living room light"])


@pytest.fixture(scope="module")
def hybrid(whisper_models_dir: Path, nlu: IntentRecognizer) -> HybridRecognizer:
    """The device's default English pipeline on the demo household's grammar."""
    built = english_hybrid(whisper_models_dir, nlu)
    assert built.max_edits_per_sound == 0.45
    return built


def test_a_grammar_phrase_far_from_what_whisper_heard_is_refused_not_acted_on(
    hybrid: HybridRecognizer, nlu: IntentRecognizer, spoken: Speech, caplog: pytest.LogCaptureFixture
) -> None:
    ungated = HybridRecognizer(
        hybrid.first, hybrid.second, hybrid.judge, min_confidence=hybrid.min_confidence
    )
    cases = [
        # (said, voice, words a minute, noise): tiny.en "but i'm at 2", the grammar "put on my tunes" (music)
        ("alarm at noon", "en-gb", 190, True),
        # ("Could you go back a track, please?" left out: the second pass now reads tiny.en's best, "can you
        # go make a track, please", as music.previous, so Whisper's right transcript is taken ungated)
        # tiny.en "the night, quick", the grammar "i'm awake" (stops an alarm)
        ("the date, quick", "en-gb", 160, False),
    ]
    for said, voice, wpm, noise in cases:
        pcm = read_wav(spoken(said, voice=voice, wpm=wpm, noise=noise))
        taken = ungated.transcribe(pcm)  # without the gate: the grammar's phrase, a wrong action
        assert taken.engine == "pocketsphinx", taken
        assert intent_of(nlu, taken.text) not in ("", intent_of(nlu, said)), taken
        with caplog.at_level(logging.DEBUG, logger="ting.device.stt.hybrid"):
            caplog.clear()
            refused = hybrid.transcribe(pcm)
        assert refused.text == "" and nlu.recognize(refused.text, lang="en") is None, refused
        assert any(
            f"{taken.text!r} refused" in record.getMessage() and "edits per sound" in record.getMessage()
            for record in caplog.records
        ), caplog.text


def test_a_grammar_phrase_near_what_whisper_heard_is_still_taken(
    hybrid: HybridRecognizer, nlu: IntentRecognizer, spoken: Speech
) -> None:
    cases = [
        # tiny.en "can you put the house info mode" (not understood): the grammar's phrase sounds near
        ("can you put the house in home mode", "en-us", 160, True),
        # tiny.en "turn the water feed around"
        ("turn the water heater on", "en-us", 160, False),
        # tiny.en "set the timer for mad"
        ("set things up for bed", "en-us+m3", 160, True),
    ]
    for said, voice, wpm, noise in cases:
        heard = hybrid.transcribe(read_wav(spoken(said, voice=voice, wpm=wpm, noise=noise)))
        assert heard.engine == "pocketsphinx", heard
        assert intent_of(nlu, heard.text) == intent_of(nlu, said) != "", heard


def test_a_refused_phrase_decoded_again_after_a_grammar_update_is_refused_again(
    hybrid: HybridRecognizer,
    nlu: IntentRecognizer,
    whisper_models_dir: Path,
    spoken: Speech,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The gate's refusal is an empty transcript, the very case ``CommandRecognition`` decodes again with the
    newer grammar's recognizer when the grammar changed during the command (``RecognizerPool.newer``): that
    second decode, on a hybrid the pool built anew, must be gated too, or the refused phrase comes back."""
    built: list[HybridRecognizer] = []

    def make(lang: str) -> HybridRecognizer:
        # the first build is the module's hybrid; a rebuild is a new one from the (re-announced) grammar
        if not built:
            built.append(hybrid)
            return hybrid
        newer = english_hybrid(whisper_models_dir, nlu)
        assert newer is not hybrid
        built.append(newer)
        return newer

    # tiny.en "but i'm at 2", the grammar "put on my tunes": refused (the test above)
    pcm = read_wav(spoken("alarm at noon", voice="en-gb", wpm=190, noise=True))

    async def command(pool: RecognizerPool, builder: ThreadPoolExecutor) -> str:
        with ThreadPoolExecutor(1) as worker:
            recognition = CommandRecognition(pool, "en", worker, SpeechTrim(), speculate=False)
            for offset in range(0, len(pcm), 960):
                recognition.feed(pcm[offset : offset + 960])
            pool.rebuild("en")  # the grammar changed while the command was spoken
            # built before the end of speech (the builder's one thread runs in order): no wait for the
            # build that a loaded machine could outlast (NEWER_GRAMMAR_WAIT_SECONDS)
            await asyncio.wrap_future(builder.submit(lambda: None))
            assert not pool.building("en")
            return (await recognition.finish()).text

    with ThreadPoolExecutor(1) as builder:
        pool = RecognizerPool(make, builder)
        pool.prepare(["en"])
        with caplog.at_level(logging.DEBUG, logger="ting.device"):
            heard = asyncio.run(command(pool, builder))
    assert len(built) == 2 and pool.current("en") is built[1]
    messages = [record.getMessage() for record in caplog.records]
    assert any("nothing heard in the old grammar" in message for message in messages), caplog.text
    refusals = [message for message in messages if "refused" in message and "edits per sound" in message]
    assert heard == "" and len(refusals) == 2, (heard, caplog.text)  # once per hybrid: the old, the newer
