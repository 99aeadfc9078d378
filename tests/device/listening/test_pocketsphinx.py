"""PocketSphinx with the grammar the server publishes (minimized to a DFA), streaming, grammar errors.

Real PocketSphinx on espeak-ng speech made at test time (``spoken`` in conftest.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ting.device.stt.pocketsphinx import DecoderTuning, PocketSphinxRecognizer
from ting.device.wav import read_wav
from ting.errors import SpeechModelError
from ting.nlu import IntentRecognizer, discover_sentence_files, load_household, load_sentence_file
from ting.nlu.grammar import export, load_vocabulary, vocabulary_file

SKILLS = Path(__file__).resolve().parents[3] / "skills"
COMMANDS = [
    "turn on the kitchen light",
    "turn off the bedroom light",
    "what time is it",
    "what day is it today",
    "open the curtains",
    "play some music",
    "stop the music",
    "set a timer for ten minutes",
]
VOICES = [("en-us", 160, 50, False), ("en-us+m3", 150, 30, True)]


def published_jsgf() -> str:
    """What the server publishes on ``ting/nlu/grammar/en`` (server/grammar.py): the compact JSGF of
    every skill's English sentences and the demo household, words PocketSphinx lacks left out."""
    files = discover_sentence_files([(folder.parent.name, folder) for folder in SKILLS.glob("*/sentences")])
    sentences = [load_sentence_file(file.path, file.lang) for file in files]
    dictionary = vocabulary_file("pocketsphinx")
    assert dictionary is not None
    return export(sentences, load_household(None), "en", "jsgf", load_vocabulary(dictionary), compact=True)


@pytest.fixture(scope="module")
def recognizer() -> PocketSphinxRecognizer:
    return PocketSphinxRecognizer(jsgf=published_jsgf())


@pytest.fixture(scope="module")
def nlu() -> IntentRecognizer:
    files = discover_sentence_files([(folder.parent.name, folder) for folder in SKILLS.glob("*/sentences")])
    return IntentRecognizer.from_files(files, load_household(None))


def meaning(nlu: IntentRecognizer, text: str) -> tuple[str, dict[str, object]] | None:
    found = nlu.recognize(text, lang="en")
    return None if found is None else (found.intent_name, found.slot_values())


def streamed(recognizer: PocketSphinxRecognizer, pcm: bytes, chunk_bytes: int = 960) -> tuple[str, float]:
    """The transcript of ``pcm`` fed in pieces, and how long ``finish()`` took after the last one."""
    stream = recognizer.stream()
    for start in range(0, len(pcm), chunk_bytes):
        stream.feed(pcm[start : start + chunk_bytes])
    started = time.perf_counter()
    text = stream.finish().text
    return text, time.perf_counter() - started


@pytest.mark.parametrize("voice", VOICES, ids=[v[0] for v in VOICES])
def test_published_grammar_gets_commands_to_their_intent(
    recognizer: PocketSphinxRecognizer,
    nlu: IntentRecognizer,
    spoken: Callable[..., Path],
    voice: tuple[str, int, int, bool],
) -> None:
    name, wpm, pitch, noise = voice
    audio = {text: read_wav(spoken(text, voice=name, wpm=wpm, pitch=pitch, noise=noise)) for text in COMMANDS}
    heard = {text: recognizer.transcribe(pcm).text for text, pcm in audio.items()}
    assert all(meaning(nlu, text) is not None for text in COMMANDS)
    wrong = {text: said for text, said in heard.items() if meaning(nlu, said) != meaning(nlu, text)}
    assert len(wrong) <= 1, wrong


def test_stream_gives_the_same_transcript_as_the_whole_utterance(
    recognizer: PocketSphinxRecognizer, spoken: Callable[..., Path]
) -> None:
    finish_seconds: list[float] = []  # finish() as a share of decoding the whole command
    for text, voice in [("what time is it", "en-us"), ("turn on the kitchen light", "en-us+f3")] + [
        (text, "en") for text in COMMANDS[4:7]
    ]:
        pcm = read_wav(spoken(text, voice=voice, noise=True))
        started = time.perf_counter()
        whole = recognizer.transcribe(pcm)
        whole_seconds = time.perf_counter() - started
        small, took = streamed(recognizer, pcm, 960)  # 30 ms pieces, like the microphone's
        odd, _ = streamed(recognizer, pcm, 4_002)
        assert small == odd == whole.text, (text, voice)
        finish_seconds.append(took / whole_seconds)
    short = read_wav(spoken("stop", pad_seconds=0.2))  # shorter than the 1.5 s held back for the mean
    assert streamed(recognizer, short)[0] == recognizer.transcribe(short).text
    # Only the end of the search is left for finish(): a fraction of decoding the whole command, judged
    # against the whole decode in the same moment so that a busy machine slows both alike
    assert sorted(finish_seconds)[len(finish_seconds) // 2] < 0.5, finish_seconds


def test_empty_pieces_change_nothing(recognizer: PocketSphinxRecognizer, spoken: Callable[..., Path]) -> None:
    # PocketSphinx's process_raw raises IndexError on no audio; a stage before the recognizer may hand one on
    pcm = read_wav(spoken("turn on the kitchen light", voice="en-us"))
    stream = recognizer.stream()
    stream.feed(b"")
    for start in range(0, len(pcm), 960):
        stream.feed(pcm[start : start + 960])
        stream.feed(b"")
    assert stream.finish().text == recognizer.transcribe(pcm).text == "turn on the kitchen light"


def test_a_fresh_decoder_hears_its_first_command_like_any_other(spoken: Callable[..., Path]) -> None:
    # PocketSphinx's running cepstral mean used to make a fresh decoder's first utterance end off the
    # grammar; every utterance is now normalized by its own mean, so history does not matter.
    jsgf = published_jsgf()
    texts = ["what time is it", "turn off the bedroom light", "open the curtains"]
    audio = [read_wav(spoken(text, voice="en-us")) for text in texts]
    used = PocketSphinxRecognizer(jsgf=jsgf)
    after_others = [used.transcribe(pcm).text for pcm in audio]
    for text, pcm, heard in zip(texts, audio, after_others, strict=True):
        fresh = PocketSphinxRecognizer(jsgf=jsgf)
        assert fresh.transcribe(pcm).text == heard == text
    assert streamed(PocketSphinxRecognizer(jsgf=jsgf), audio[0])[0] == texts[0]


def test_stream_cancel_and_per_call_phrases_share_the_decoder(
    recognizer: PocketSphinxRecognizer, spoken: Callable[..., Path]
) -> None:
    pcm = read_wav(spoken("what time is it"))
    abandoned = recognizer.stream()
    abandoned.feed(pcm[:64_000])
    abandoned.cancel()
    assert recognizer.transcribe(pcm, phrases=["stop", "snooze", "what time is it"]).text == "what time is it"
    left_open = recognizer.stream()
    left_open.feed(pcm[:64_000])
    newer = recognizer.stream()  # one stream at a time: the newer one takes the decoder over
    newer.feed(pcm)
    assert newer.finish().text == "what time is it"
    assert left_open.finish().text == ""
    assert recognizer.stream().finish().text == ""  # nothing fed


def test_transcribe_waits_for_the_open_stream(
    recognizer: PocketSphinxRecognizer, spoken: Callable[..., Path]
) -> None:
    pcm = read_wav(spoken("stop the music"))
    stream = recognizer.stream()
    stream.feed(pcm[:64_000])
    result: list[str] = []
    other = threading.Thread(target=lambda: result.append(recognizer.transcribe(pcm).text))
    other.start()
    other.join(timeout=0.5)
    assert other.is_alive() and not result  # the decoder is the stream's until it finishes
    stream.feed(pcm[64_000:])
    assert stream.finish().text == "stop the music"
    other.join(timeout=30)
    assert result == ["stop the music"]


def test_a_grammar_with_an_unknown_word_still_loads(
    spoken: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    jsgf = (
        "#JSGF V1.0;\ngrammar g;\n"
        "public <c> = turn on the ( kitchen | xyzzyqplugh ) light | what time is it | stop the music;\n"
    )
    with caplog.at_level(logging.INFO, logger="ting.device.stt.pocketsphinx"):
        recognizer = PocketSphinxRecognizer(jsgf=jsgf)
    assert "xyzzyqplugh" in caplog.text
    assert recognizer.transcribe(read_wav(spoken("what time is it"))).text == "what time is it"
    assert recognizer.transcribe(read_wav(spoken("stop the music"))).text == "stop the music"
    light = recognizer.transcribe(read_wav(spoken("turn on the kitchen light")))
    assert light.text == "turn on the kitchen light" and 0 < light.confidence <= 1


@pytest.mark.parametrize(
    "jsgf",
    [
        "#JSGF V1.0;\ngrammar g;\npublic <c> = ( turn on the lamp;\n",
        "#JSGF V1.0;\ngrammar g;\npublic <c> = <missing> lamp;\n",
        "#JSGF V1.0;\ngrammar g;\npublic <c> = xyzzyq | plughq;\n",  # no word PocketSphinx can say
    ],
    ids=["unbalanced", "undefined-rule", "all-unknown"],
)
def test_a_broken_grammar_is_a_speech_model_error(jsgf: str) -> None:
    with pytest.raises(SpeechModelError, match="grammar"):
        PocketSphinxRecognizer(jsgf=jsgf)


def test_published_grammar_has_the_everyday_commands_without_a_room(
    recognizer: PocketSphinxRecognizer, spoken: Callable[..., Path]
) -> None:
    """ "Turn on the light" (the room is the speaker's site) is in the devices' grammar: the compact
    export keeps only the first alternatives of ``<target>``, so the home skill says it outright."""
    for text in ("turn on the light", "turn off the light"):
        assert recognizer.transcribe(read_wav(spoken(text, voice="en-us"))).text == text


def test_published_grammar_has_set_an_alarm(
    recognizer: PocketSphinxRecognizer, spoken: Callable[..., Path]
) -> None:
    """The compact export keeps "an" wherever it keeps "a" (it used to cap ``[a|an|...]`` to "a")."""
    for voice in ("en-us", "en-us+m3"):
        pcm = read_wav(spoken("set an alarm for seven", voice=voice))
        assert recognizer.transcribe(pcm).text == "set an alarm for seven", voice


def test_a_search_that_ends_off_the_grammar_is_decoded_again_with_wider_beams(
    spoken: Callable[..., Path],
) -> None:
    # Beams this narrow prune every path to the grammar's end: the first search gives nothing, the
    # second (DecoderTuning.fallback_beams) the command; streamed and whole utterance alike. (At 1e-6 / 1e-3 a
    # path through the grown grammar survived for "stop the music": "pink entrance air".)
    jsgf = published_jsgf()
    narrow = (1e-4, 1e-2, 1e-4)
    alone = PocketSphinxRecognizer(jsgf=jsgf, tuning=DecoderTuning(beams=narrow, fallback_beams=None))
    again = PocketSphinxRecognizer(jsgf=jsgf, tuning=DecoderTuning(beams=narrow))
    for text in ("what time is it", "turn off the bedroom light", "stop the music"):
        pcm = read_wav(spoken(text, voice="en-us"))
        assert alone.transcribe(pcm).text == ""
        assert again.transcribe(pcm).text == text
        assert streamed(again, pcm)[0] == text
    phrases = ["stop", "snooze", "what time is it"]  # per-call phrase lists get a second search too
    pcm = read_wav(spoken("what time is it", voice="en-us"))
    assert alone.transcribe(pcm, phrases=phrases).text == ""
    assert again.transcribe(pcm, phrases=phrases).text == "what time is it"
