"""Command accuracy and real-time factor: PocketSphinx grammar mode vs open vocabulary.

Synthesized English commands (espeak-ng voices x speeds x pitches) with white noise at 20 dB SNR.
    .venv/bin/python bench/stt_commands.py                    # JSGF of the 14 commands, and open vocabulary
    .venv/bin/python bench/stt_commands.py --grammar commands compact compact-jsgf
    .venv/bin/python bench/stt_commands.py --grammar compact compact-jsgf --held-out
``compact`` / ``full``: the skills' English grammar as the server publishes it to devices (compact) or
the full export (``ting nlu grammar --lang en --format jsgf --full``), demo household, words missing
from PocketSphinx's dictionary left out, decoded the way the device does (``PocketSphinxRecognizer``:
the grammar as a minimal DFA). ``compact-jsgf`` / ``full-jsgf``: the same grammar searched as
PocketSphinx compiles the JSGF itself (``add_jsgf_string``, whole utterance at once, the first
decoded twice) — how the device decoded before device/stt/fsg.py. ``compact-single``: the device's
decoding without the second, wider search when the first ends off the grammar
(``DecoderTuning.fallback_beams=None``). Accuracy is exact text; ``intent``
also counts an utterance right when the NLU gives the same intent and slots for the transcript as for
the command. For the recognizer's modes, each command is also streamed in 30 ms pieces: ``finish``
is the time ``finish()`` takes after the last piece (what is left after the end of speech), and
``same`` counts streamed transcripts equal to the whole-utterance ones. RTF is wall-clock time; ``CPU``
is this process's CPU time, less inflated when other work shares the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Protocol

import numpy as np
from pocketsphinx import Decoder

from ting.device.interfaces import Transcript
from ting.device.stt.fsg import WordNfa, minimal_dfa, parse_fsg
from ting.device.stt.grammar import phrases_to_jsgf
from ting.device.stt.pocketsphinx import DecoderTuning, PocketSphinxRecognizer
from ting.device.wav import read_wav

COMMANDS = [
    "turn on the kitchen light", "turn off the kitchen light", "turn on the bedroom light",
    "turn off the living room light", "what time is it", "what is the weather like",
    "set an alarm for seven", "play some music", "stop the music", "open the curtains",
    "close the curtains", "turn up the volume", "turn down the volume", "what day is it today",
]  # fmt: skip
VOICES = [("en-us", 160, 50), ("en", 140, 40), ("en-us+f3", 175, 60), ("en-us+m3", 150, 30),
          ("en-gb-x-rp", 165, 55), ("en-us+f2", 130, 70)]  # fmt: skip
SNR_DB = 20.0
HELD_OUT_COMMANDS = [
    *COMMANDS[::2], "set a timer for ten minutes", "what's the weather tomorrow",
    "turn off the bedroom light", "cancel all alarms", "what time is it", "pause the music",
    "turn on the living room light", "how long is left on my timer",
]  # fmt: skip
HELD_OUT_VOICES = [("en-us+m1", 155, 45), ("en-us+f4", 145, 65), ("en-gb", 170, 50)]
"""``--held-out``: voices and commands the decoder settings were not chosen on (45 utterances)."""


def synth(text: str, voice: str, wpm: int, pitch: int, rng: np.random.Generator, folder: Path) -> bytes:
    path = folder / "s.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(wpm), "-p", str(pitch), "-w", str(path), text], check=True
    )
    speech = np.frombuffer(read_wav(path), dtype="<i2").astype(np.float64)
    speech = np.concatenate([np.zeros(4800), speech, np.zeros(4800)])
    noise = rng.normal(0, 1, len(speech))
    noise *= np.sqrt(np.mean(speech**2) / 10 ** (SNR_DB / 10)) / np.sqrt(np.mean(noise**2))
    return np.clip(speech + noise, -32768, 32767).astype("<i2").tobytes()


class Recognizer(Protocol):
    def transcribe(self, pcm: bytes) -> Transcript: ...


class JsgfDecoder:
    """The device's decoding before the minimal DFA: PocketSphinx's own JSGF search, whole utterance
    (batch cepstral mean), a fresh decoder's first utterance decoded twice."""

    def __init__(self, jsgf: str) -> None:
        self._decoder = Decoder(loglevel="ERROR")
        self._decoder.add_jsgf_string("g", jsgf)
        self._decoder.activate_search("g")
        self._warm = False

    def transcribe(self, pcm: bytes) -> Transcript:
        for _ in range(1 if self._warm else 2):
            self._decoder.start_utt()
            self._decoder.process_raw(pcm, no_search=False, full_utt=True)
            self._decoder.end_utt()
        self._warm = True
        hyp = self._decoder.hyp()
        return Transcript(text=hyp.hypstr.strip() if hyp else "", confidence=0, seconds=0, engine="jsgf")


def grammar_size(jsgf: str) -> str:
    """PocketSphinx's FSG of ``jsgf`` (states / word arcs) and the minimal DFA's."""
    decoder = Decoder(loglevel="ERROR")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "g.fsg")
        decoder.parse_jsgf(jsgf).writefile(path)
        nfa = parse_fsg(Path(path).read_text(encoding="utf-8"))
    started = time.perf_counter()
    dfa = minimal_dfa(nfa, lambda word: decoder.lookup_word(word) is not None)
    took = time.perf_counter() - started
    return (
        f"{len(jsgf) / 1000:.1f} KB; FSG {n_states(nfa):,} states / {n_arcs(nfa):,} arcs "
        f"({sum(map(len, nfa.words.values())):,} word arcs) -> minimal DFA {dfa.n_states:,} / "
        f"{dfa.n_arcs:,} (made in {took:.2f} s)"
    )


def n_states(nfa: WordNfa) -> int:
    ends = {t for arcs in nfa.words.values() for _, t in arcs} | {t for ts in nfa.nulls.values() for t in ts}
    return len({nfa.start, *nfa.words, *nfa.nulls, *ends})


def n_arcs(nfa: WordNfa) -> int:
    return sum(map(len, nfa.words.values())) + sum(map(len, nfa.nulls.values()))


def skills_jsgf(*, compact: bool) -> str:
    from ting.nlu import discover_sentence_files, load_household, load_sentence_file
    from ting.nlu.grammar import export, load_vocabulary, vocabulary_file

    folders = sorted((Path(__file__).resolve().parents[1] / "skills").glob("*/sentences"))
    files = discover_sentence_files([(folder.parent.name, folder) for folder in folders])
    sentences = [load_sentence_file(file.path, file.lang) for file in files]
    dictionary = vocabulary_file("pocketsphinx")
    assert dictionary is not None
    vocabulary = load_vocabulary(dictionary)
    return export(sentences, load_household(None), "en", "jsgf", vocabulary, compact=compact)


def grammar_for(mode: str) -> str | None:
    if mode == "commands":
        return phrases_to_jsgf(COMMANDS)
    if mode == "open":
        return None
    return skills_jsgf(compact=mode.startswith("compact"))


def recognizer_for(mode: str, jsgf: str | None) -> Recognizer:
    if jsgf is not None and mode.endswith("-jsgf"):
        return JsgfDecoder(jsgf)
    if mode.endswith("-single"):
        return PocketSphinxRecognizer(jsgf=jsgf, tuning=DecoderTuning(fallback_beams=None))
    return PocketSphinxRecognizer(jsgf=jsgf)


def streamed(recognizer: PocketSphinxRecognizer, pcm: bytes) -> tuple[str, float]:
    """The transcript of ``pcm`` fed in 30 ms pieces, and the seconds ``finish()`` took."""
    stream = recognizer.stream()
    for start in range(0, len(pcm), 960):
        stream.feed(pcm[start : start + 960])
    started = time.perf_counter()
    text = stream.finish().text
    return text, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--grammar",
        nargs="+",
        choices=["commands", "open", "compact", "full", "compact-jsgf", "full-jsgf", "compact-single"],
        default=["commands", "open"],
    )
    parser.add_argument("--voices", type=int, default=len(VOICES), help="use the first N voice variants")
    parser.add_argument("--held-out", action="store_true", help="other voices and commands (HELD_OUT_*)")
    args = parser.parse_args()
    from ting.nlu import IntentRecognizer, discover_sentence_files, load_household

    folders = sorted((Path(__file__).resolve().parents[1] / "skills").glob("*/sentences"))
    files = discover_sentence_files([(folder.parent.name, folder) for folder in folders])
    nlu = IntentRecognizer.from_files(files, load_household(None))

    def meaning(text: str) -> tuple[str, dict[str, object]] | None:
        found = nlu.recognize(text, lang="en")
        return None if found is None else (found.intent_name, found.slot_values())

    voices, commands = (HELD_OUT_VOICES, HELD_OUT_COMMANDS) if args.held_out else (VOICES, COMMANDS)
    rng = np.random.default_rng(7 if args.held_out else 0)
    with tempfile.TemporaryDirectory() as folder:
        audio = [
            (t, synth(t, v, w, p, rng, Path(folder))) for v, w, p in voices[: args.voices] for t in commands
        ]
    seconds = sum(len(pcm) / 32000 for _, pcm in audio)
    for label in args.grammar:
        jsgf = grammar_for(label)
        if jsgf is not None:
            print(f"{label}: {grammar_size(jsgf)}")
        recognizer = recognizer_for(label, jsgf)
        recognizer.transcribe(audio[0][1])  # warm-up (JsgfDecoder: the first decode is done twice)
        exact = same_intent = same = 0
        spent = spent_cpu = slowest = finish_total = finish_max = 0.0
        for text, pcm in audio:
            started, started_cpu = time.perf_counter(), time.process_time()
            heard = recognizer.transcribe(pcm).text
            took = time.perf_counter() - started
            spent, slowest = spent + took, max(slowest, took)
            spent_cpu += time.process_time() - started_cpu
            exact += heard == text
            same_intent += heard == text or (meaning(heard) is not None and meaning(heard) == meaning(text))
            if isinstance(recognizer, PocketSphinxRecognizer):
                heard_streaming, finish = streamed(recognizer, pcm)
                same += heard_streaming == heard
                finish_total, finish_max = finish_total + finish, max(finish_max, finish)
        n = len(audio)
        streaming = (
            f"  stream: finish {1000 * finish_total / n:.0f} / {1000 * finish_max:.0f} ms, same {same}/{n}"
            if isinstance(recognizer, PocketSphinxRecognizer)
            else ""
        )
        print(
            f"{label:12s} exact {exact}/{n} = {100 * exact / n:.1f}%  intent {same_intent}/{n} = "
            f"{100 * same_intent / n:.1f}%  RTF {spent / seconds:.3f} (CPU {spent_cpu / seconds:.3f})  "
            f"mean {spent / n:.2f} s  "
            f"max {slowest:.2f} s{streaming}"
        )
    print(
        f"{len(audio)} utterances, {seconds:.0f} s of audio; {platform.processor() or platform.machine()}, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end"
    )


if __name__ == "__main__":
    main()
