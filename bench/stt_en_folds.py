"""English spoken commands from the dev sets, each judged and read by an NLU whose second pass has not seen
its sentence: the device's default English pipeline (hybrid, Whisper tiny.en first, then PocketSphinx's
grammar, ``ting.device.transcript_judge``) on tuning sentences, as held-out hears it.

    PYTHONPATH=TREE nice -n 10 .venv/bin/python bench/stt_en_folds.py --models ~/.local/share/ting/models \
        [--per-fold 12] [--peer-tree DIR] [--record DIR] [--replay DIR/en-folds.jsonl] [--misses]

Why: ``bench/stt_whisper.py``'s tune sentences are the second pass's own examples (``tools/nlu_examples.py``
makes them from every dev set), so a transcript near the sentence is read as surely as the sentence, and
tune showed few of the wrong actions held-out does. Here each fold k of ``bench/nlu_leave_one_out.py``
(dev<k> and its out-of-scope set left out of the examples) reads and judges the clips of dev<k>'s sentences.

Sentences: ``--per-fold`` English sentences with an intent from each fold's dev set (fixed seed), those the
fold's NLU reads as text with their intent (the question is what hearing loses, not what the NLU never had).
Voices: six espeak-ng voices and speeds, none of the held-out sets' voices nor the babble's, one per
sentence in turn; each sentence clean, in pink noise at 20 dB SNR and in babble at 10 dB (``stt_whisper``'s
noises). A command is right when the fold's NLU reads the transcript as it reads the sentence; a miss is a
wrong action (another reading) or refused (none: "say that again"). CPU at the end of speech: Whisper's
decode, the grammar's only when the hybrid asks for it, and the NLU, as ``stt_whisper.py`` counts it.

``--record DIR``: also each clip's raw Whisper n best and the grammar's phrase (decoded on a stream of its
own, outside the timing), one JSON line each, for ``--replay``: the judge, the sound gate and the NLU of the
tree in ``PYTHONPATH`` re-run on what was heard, no decoding (Whisper's words and the grammar's phrase do not
depend on them). ``--misses``: each miss with Whisper's n best, the grammar's phrase and the NLU's reading.
Never reads a held-out set.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

import ting  # first: the tree in PYTHONPATH (a peer's), before the bench modules put this tree on sys.path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "tools"))

from nlu_generalization import load  # noqa: E402
from nlu_leave_one_out import FOLDS, pair  # noqa: E402
from stt_whisper import NOISES, device_settings, noisy_clip, report  # noqa: E402

from ting.device.wav import read_wav  # noqa: E402

VOICES = [
    ("en-us", 160),
    ("en-gb", 185),
    ("en-us+m3", 150),
    ("en-us+f3", 175),
    ("en-gb-x-gbclan", 165),
    ("en-us-nyc+f1", 195),
]
"""espeak-ng voice and words a minute: none is a held-out set's voice (en-us+f4, en-gb-x-rp, en-us+m1) nor
the babble's (en-us+f2, en-gb-scotland, en-us+m2)."""
AREA = "living_room"
"""The site's room, as ``stt_whisper.py`` reads."""


def speak(text: str, voice: str, speed: int, folder: Path) -> np.ndarray:
    raw, out = folder / "raw.wav", folder / "out.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
    subprocess.run(["sox", "-R", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return np.frombuffer(read_wav(out), dtype="<i2").astype(np.float64)


def sentences(per_fold: int) -> list[dict[str, Any]]:
    """``per_fold`` English sentences with an intent from each fold's dev set (seeded by the fold)."""
    chosen = []
    for k in FOLDS:
        dev, _oos = pair(k)
        _now, said = load(dev)
        english = [s for s in said if s.lang == "en" and s.intent]
        for sentence in random.Random(14 + k).sample(english, min(per_fold, len(english))):
            chosen.append({"fold": k, "set": dev, "text": sentence.text, "intent": sentence.intent})
    return chosen


def clips(folder: Path, per_fold: int) -> list[dict[str, Any]]:
    """Every sentence spoken by its voice, clean and in each noise (the same audio every run: espeak-ng and
    ``sox -R`` are deterministic)."""
    items = []
    for index, sentence in enumerate(sentences(per_fold)):
        voice, speed = VOICES[index % len(VOICES)]
        speech = speak(sentence["text"], voice, speed, folder)
        speech = np.concatenate([np.zeros(4800), speech, np.zeros(4800)])
        for noise, snr in NOISES:
            path = folder / f"en-{index}-{noise}.raw"
            noisy_clip(speech, noise, snr, folder, path)
            items.append({**sentence, "split": sentence["set"], "voice": f"{voice}/{speed}", "noise": noise,
                          "path": str(path)})  # fmt: skip
    return items


class Folds:
    """The device's NLU with fold k's examples left out, built in the tree under test (one at a time)."""

    def __init__(self) -> None:
        from nlu_examples import examples
        from nlu_generalization import _files, corpus_household

        from ting.device.nlu import build_recognizer as build_nlu
        from ting.nlu import IntentRecognizer
        from ting.nlu.fallback import FallbackOptions
        from ting.settings import Settings

        self.settings = Settings()
        self.device, self.household = build_nlu(self.settings)
        self._options = FallbackOptions.of(self.settings.nlu)
        # the corpus household's names are the ones made placeholders (as tools/nlu_examples.py makes them)
        self._maker = IntentRecognizer.from_files(_files(), corpus_household(), fallback=self._options)
        self._examples = examples

    def nlu(self, k: int) -> Any:
        from nlu_leave_one_out import taught_files

        from ting.clock import HouseholdClock
        from ting.nlu import IntentRecognizer

        data = taught_files(k, self._maker, self._examples)
        settings = self.settings
        return IntentRecognizer(
            data, self.household, confidence_threshold=settings.nlu.confidence_threshold,
            clock=HouseholdClock(settings.household.timezone), fallback=self._options,
        )  # fmt: skip


def judge_of(current: list[Any], now: datetime) -> Callable[[Any], float]:
    """The device's judge (``transcript_confidence``) of the tree under test, on the fold's NLU in use."""
    try:
        from ting.device.transcript_judge import transcript_confidence
    except ImportError:  # a tree from before it: the templates alone, as its device judged

        def transcript_confidence(nlu: Any, text: str, lang: str, **context: Any) -> float:
            found = nlu.recognize(text, lang=lang, statistical=False, **context)
            return found.confidence if found is not None else 0.0

    def judge(heard: Any) -> float:  # a transcript (a tree from before 2026-12-07 17:00: its text)
        if isinstance(heard, str):
            return transcript_confidence(current[0], heard, "en", area=AREA, now=now)
        return transcript_confidence(
            current[0], heard.text, "en", asr_confidence=heard.confidence, area=AREA, now=now
        )

    return judge


def pipeline(folds: Folds, models: Path, threads: int, judge: Callable[[str], float]) -> Any:
    from ting.cli.nlu import household_of, sentence_data
    from ting.device.stt import build_recognizer
    from ting.device.stt.prompt import household_prompt
    from ting.server.grammar import announcement

    device = device_settings("hybrid-whisper-first", models, threads)
    grammar = announcement(sentence_data(folds.settings), household_of(folds.settings), "en")
    prompt = household_prompt(folds.device.household, "en", max_chars=device.whisper_prompt_max_chars)  # type: ignore[attr-defined]
    return build_recognizer(device, "en", phrases=grammar.vosk, jsgf=grammar.jsgf, prompt=prompt, judge=judge)  # type: ignore[arg-type]


def by_fold(items: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for item in items:
        grouped.setdefault(int(item["fold"]), []).append(item)
    return grouped


def row(item: dict[str, Any], nlu: Any, want: Any, text: str, engine: str, now: datetime) -> dict[str, Any]:
    got = nlu.recognize(text, lang="en", area=AREA, now=now)
    confidence = got.confidence if got is not None else 0.0
    return {**item, "heard": text, "engine": engine, "right": _same(got, want), "parsed": _parsed(got),
            "source": getattr(got, "source", "-"), "nlu_confidence": confidence}  # fmt: skip


def worker(items_file: Path, models: Path, threads: int, record: Path | None) -> None:
    """The pipeline on every clip in this process (the tree in ``PYTHONPATH``): JSON on stdout."""
    import psutil

    now = datetime.now(UTC)
    folds = Folds()
    current = [folds.device]
    recognizer = pipeline(folds, models, threads, judge_of(current, now))
    whisper = recognizer.first
    heard: list[Any] = []
    decode = whisper._decode_window

    def recorded(*args: Any) -> Any:  # Whisper's raw n best, kept for --replay
        heard[:] = [decode(*args)]
        return heard[0]

    whisper._decode_window = recorded
    results, kept = [], []
    for k, items in sorted(by_fold(json.loads(items_file.read_text())).items()):
        nlu = current[0] = folds.nlu(k)
        for item in items:
            want = nlu.recognize(item["text"], lang="en", area=AREA, now=now)
            if want is None or want.intent_name != item["intent"]:
                continue  # not read as text with its intent by the fold's NLU: nothing for hearing to lose
            pcm = Path(item["path"]).read_bytes()
            cpu_all = time.process_time()
            stream = recognizer.stream()
            for offset in range(0, len(pcm), 2880):
                stream.feed(pcm[offset : offset + 2880])
            wall, cpu = time.perf_counter(), time.process_time()
            transcript = stream.finish()
            done = row(item, nlu, want, transcript.text, transcript.engine, now)
            latency, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
            done |= {"alternatives": list(transcript.alternatives), "latency": latency, "cpu": cpu_seconds,
                     "cpu_total": time.process_time() - cpu_all}  # fmt: skip
            results.append(done)
            if record is not None:
                grammar = recognizer.second.stream()
                grammar.feed(pcm)
                phrase = grammar.finish().text
                seconds = len(pcm) / 32000
                kept.append({**item, "found": heard[0], "grammar": phrase, "seconds": seconds})
    if record is not None:
        record.mkdir(parents=True, exist_ok=True)
        lines = "".join(json.dumps(one, ensure_ascii=False) + "\n" for one in kept)
        (record / "en-folds.jsonl").write_text(lines, encoding="utf-8")
    rss = psutil.Process().memory_info().rss / 1e6
    print(json.dumps({"results": results, "rss_mb": rss, "tree": str(Path(ting.__file__).parents[1])}))


def replay(records: Path, models: Path, misses: bool) -> None:
    """The tree in ``PYTHONPATH``'s judge, sound gate and NLU on recorded n best and grammar phrases."""
    from ting.device.interfaces import Transcript

    now = datetime.now(UTC)
    folds = Folds()
    current = [folds.device]
    recognizer = pipeline(folds, models, 1, judge_of(current, now))
    whisper = recognizer.first
    kept = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    results = []
    for k, items in sorted(by_fold(kept).items()):
        nlu = current[0] = folds.nlu(k)
        for item in items:
            want = nlu.recognize(item["text"], lang="en", area=AREA, now=now)
            if want is None or want.intent_name != item["intent"]:
                continue
            found = [(str(text), float(confidence)) for text, confidence in item["found"]]
            text, confidence = whisper.best(found)
            alternatives = tuple(whisper._cleaned(said) for said, _ in found)
            first = Transcript(text, confidence, item["seconds"], "whisper", alternatives=alternatives)
            phrase = Transcript(item["grammar"], 1.0, item["seconds"], "pocketsphinx")
            chosen = recognizer.choose(first, lambda phrase=phrase: phrase)
            done = row(item, nlu, want, chosen.text, chosen.engine, now)
            results.append(done | {"latency": 0.0, "cpu": 0.0, "cpu_total": 0.0, "alternatives": alternatives,
                                   "want": _parsed(want)})  # fmt: skip
    report(f"replay of {records}", "en", {"results": results, "rss_mb": 0.0})
    for done in results:
        if misses and not done["right"]:
            print(json.dumps({key: done[key] for key in ("voice", "noise", "text", "alternatives", "grammar",
                  "heard", "engine", "parsed", "source", "nlu_confidence", "want", "right")},
                  ensure_ascii=False))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=Path, required=True, help="models dir with the Whisper models")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--per-fold", type=int, default=12, help="English sentences from each fold's dev set")
    parser.add_argument("--peer-tree", type=Path, default=None, help="also run on the ting code in this tree")
    parser.add_argument(
        "--record", type=Path, default=None, metavar="DIR", help="keep n best and grammar phrases"
    )
    parser.add_argument("--replay", type=Path, default=None, metavar="FILE", help="re-judge a --record file")
    parser.add_argument("--misses", action="store_true", help="with --replay: print every miss in full")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.replay is not None:
        replay(args.replay, args.models, args.misses)
        return
    if args.worker is not None:
        worker(args.worker, args.models, args.threads, args.record)
        return
    folder = Path(tempfile.mkdtemp(prefix="ting-bench-en-folds-"))
    items = clips(folder, args.per_fold)
    items_file = folder / "items.json"
    items_file.write_text(json.dumps(items, ensure_ascii=False))
    print(f"{len(items)} clips; load: {os.getloadavg()}; threads {args.threads}", flush=True)
    for tree in [None, args.peer_tree] if args.peer_tree else [None]:
        # the same audio through the other tree's code: its own recognizer, judge and NLU
        env = {**os.environ, "PYTHONPATH": str(tree.resolve())} if tree else None
        command = [sys.executable, __file__, "--models", str(args.models), "--threads", str(args.threads)]
        if args.record is not None and tree is None:
            command += ["--record", str(args.record)]
        done = subprocess.run(
            [*command, "--worker", str(items_file)], capture_output=True, text=True, env=env
        )
        label = f"hybrid-whisper-first, left out @ {tree}" if tree else "hybrid-whisper-first, left out"
        if done.returncode != 0:
            print(f"{label}: failed\n{done.stderr[-2000:]}")
            continue
        data = json.loads(done.stdout.splitlines()[-1])
        report(f"{label} (ting from {data['tree']})", "en", data)
        print(f"  load after: {os.getloadavg()}", flush=True)


def _same(got: Any, want: Any) -> bool:
    from stt_whisper import _same as same

    return same(got, want)


def _parsed(found: Any) -> str:
    from stt_whisper import _parsed as parsed

    return parsed(found)


if __name__ == "__main__":
    main()
