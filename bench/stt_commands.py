"""Command accuracy and real-time factor: PocketSphinx grammar mode vs open vocabulary.

Synthesized English commands (espeak-ng voices x speeds x pitches) with white noise at 20 dB SNR.
    .venv/bin/python bench/stt_commands.py                    # JSGF of the 14 commands, and open vocabulary
    .venv/bin/python bench/stt_commands.py --grammar compact full --voices 2
``compact`` / ``full``: the skills' English grammar as the server publishes it to devices (compact) or
the full export (``ting nlu grammar --lang en --format jsgf --full``), demo household, words missing
from PocketSphinx's dictionary left out. Accuracy is exact text; ``intent`` also counts an utterance
right when the NLU gives the same intent and slots for the transcript as for the command.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from device.stt.grammar import phrases_to_jsgf
from device.stt.pocketsphinx import PocketSphinxRecognizer
from device.wav import read_wav

COMMANDS = [
    "turn on the kitchen light", "turn off the kitchen light", "turn on the bedroom light",
    "turn off the living room light", "what time is it", "what is the weather like",
    "set an alarm for seven", "play some music", "stop the music", "open the curtains",
    "close the curtains", "turn up the volume", "turn down the volume", "what day is it today",
]  # fmt: skip
VOICES = [("en-us", 160, 50), ("en", 140, 40), ("en-us+f3", 175, 60), ("en-us+m3", 150, 30),
          ("en-gb-x-rp", 165, 55), ("en-us+f2", 130, 70)]  # fmt: skip
SNR_DB = 20.0


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


def recognizer_for(mode: str) -> PocketSphinxRecognizer:
    if mode == "commands":
        return PocketSphinxRecognizer(jsgf=phrases_to_jsgf(COMMANDS))
    if mode == "open":
        return PocketSphinxRecognizer()
    return PocketSphinxRecognizer(jsgf=skills_jsgf(compact=mode == "compact"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--grammar", nargs="+", choices=["commands", "open", "compact", "full"], default=["commands", "open"]
    )
    parser.add_argument("--voices", type=int, default=len(VOICES), help="use the first N voice variants")
    args = parser.parse_args()
    from ting.nlu import IntentRecognizer, discover_sentence_files, load_household

    folders = sorted((Path(__file__).resolve().parents[1] / "skills").glob("*/sentences"))
    files = discover_sentence_files([(folder.parent.name, folder) for folder in folders])
    nlu = IntentRecognizer.from_files(files, load_household(None))

    def meaning(text: str) -> tuple[str, dict[str, object]] | None:
        found = nlu.recognize(text, lang="en")
        return None if found is None else (found.intent_name, found.slot_values())

    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as folder:
        audio = [
            (t, synth(t, v, w, p, rng, Path(folder))) for v, w, p in VOICES[: args.voices] for t in COMMANDS
        ]
    seconds = sum(len(pcm) / 32000 for _, pcm in audio)
    for label in args.grammar:
        recognizer = recognizer_for(label)
        recognizer.transcribe(audio[0][1])  # warm-up (the first decode is done twice)
        exact = same_intent = 0
        spent = slowest = 0.0
        for text, pcm in audio:
            started = time.perf_counter()
            heard = recognizer.transcribe(pcm).text
            took = time.perf_counter() - started
            spent, slowest = spent + took, max(slowest, took)
            exact += heard == text
            same_intent += heard == text or (meaning(heard) is not None and meaning(heard) == meaning(text))
        n = len(audio)
        print(
            f"{label:8s} exact {exact}/{n} = {100 * exact / n:.1f}%  intent {same_intent}/{n} = "
            f"{100 * same_intent / n:.1f}%  RTF {spent / seconds:.3f}  mean {spent / n:.2f} s  "
            f"max {slowest:.2f} s"
        )
    print(f"{len(audio)} utterances, {seconds:.0f} s of audio; {platform.processor() or platform.machine()}")


if __name__ == "__main__":
    main()
