"""False stops of a trained stop model, per threshold: other people's speech (not the phrase) said over the
device's answer, the same speech alone, and the answer's echo alone (self-stops).

The cost side of a stop phrase's threshold (issue 18): bench/barge_hit_dev.py says how soon the model fires
on the phrase at each threshold; this says how often it fires on everything else. The speech is the NLU dev
and out-of-scope dev sentences (household commands and chit-chat, Mandarin with English words in it; the stop
model's training reads zhconv's dictionary words and Python docstrings, and 5 of these in negatives.yaml)
without the phrase in them, said by espeak-ng's dev voices (Mandarin: the training variants plain, m1, m3, m7,
f1, f4; English: three of the bench's voices) at 120-210 wpm, one after the other with 0.3-1.2 s between them.
"Over the answer": that track ``--db`` over the echo of Piper answers the bench does not say
(``barge_dev.DEV_ANSWERS``), through the room and the echo canceller as in the capture path; "alone": the
track scored as it is; "echo alone": the canceller's residual of the answers without the speech (once
through); and the device's wake phrases said over the answer (the clips the stop model fires on: a trained
wake model must win those, ``barge.CONTEST_SECONDS``). A false stop is the product's trigger
(``STOP_TRIGGER_STEPS`` windows at the threshold, then the device's wake cooldown). Offline, stream time: the
machine's load does not change a figure. The held-out variants (m2, m4, m5, m6, f5) are never said here.

  .venv/bin/python bench/barge_false_stops.py --trained DIR [--minutes 6] [--db 6] [--thresholds ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import yaml
from barge.audio import Audio, espeak, piper, room_echo, speech_only
from barge_dev import DEV_ANSWERS
from barge_hit_dev import AFTER_SAMPLES, LEAD_SAMPLES, cancelled, residual, scores

from ting.device.wake.classifier import WakeModel
from ting.device.wake.embedding import STEP_SAMPLES, SpeechEmbedder
from ting.device.wake.stop_training import stop_model_path
from ting.device.wake.texts import squash
from ting.device.wake.trained import DEFAULT_LOGIT, STOP_DEFAULT_LOGIT, STOP_TRIGGER_STEPS, Trigger
from ting.settings import DeviceSettings

CORPUS = Path(__file__).parent / "corpus" / "nlu"
DEV_FILES = (
    *(f"dev{n}.yaml" for n in ("", "3", "4", "5", "7", "8", "9")),
    *(f"out_of_scope{n}.yaml" for n in ("", "3", "4", "5", "7", "8", "10")),
)
"""The NLU's dev and dev out-of-scope sets (never a held-out one)."""
MANDARIN_DEV_VOICES = [f"cmn-latn-pinyin{v}" for v in ("", "+m1", "+m3", "+m7", "+f1", "+f4")]
ENGLISH_DEV_VOICES = ["en-us", "en-gb+f2", "en-us+m3"]
SPEECH_RMS = 3000.0
"""Each sentence's RMS (int16 scale) before it joins the track; the answer's echo is set against it."""
THRESHOLDS = [DEFAULT_LOGIT, 3.25, STOP_DEFAULT_LOGIT, 2.75, 2.5, 2.25, 2.0, 1.75, 1.5, 1.0, 0.5]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trained", type=Path, required=True, help="models dir (stop/)")
    parser.add_argument("--phrase", default="停")
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--minutes", type=float, default=5.0, help="of speech per language")
    parser.add_argument("--english-share", type=float, default=0.33, help="of the minutes, English")
    parser.add_argument("--db", type=float, default=6.0, help="the speech's RMS over the echo's")
    parser.add_argument("--thresholds", type=float, nargs="+", default=THRESHOLDS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--baseline",
        type=float,
        default=DEFAULT_LOGIT,
        help="the choice keeps false stops within this threshold's (+3.44: the stop phrases' until issue 18)",
    )
    return parser.parse_args()


def sentences(phrase: str, lang: str) -> list[str]:
    """The dev sets' sentences in ``lang`` that do not hold ``phrase``."""
    found: list[str] = []
    for name in DEV_FILES:
        data = yaml.safe_load((CORPUS / name).read_text("utf-8"))
        found += [s["text"] for s in data["sentences"] if s["lang"] == lang]
    key = squash(phrase)
    return sorted({text for text in found if key not in squash(text)})


def track(texts: list[str], voices: list[str], seconds: float, rng: np.random.Generator) -> Audio:
    """Sentences in random voices and speeds, each at ``SPEECH_RMS``, until ``seconds`` of audio."""
    parts: list[Audio] = []
    total = 0
    while total < seconds * 16_000:
        text = texts[int(rng.integers(len(texts)))]
        clip = espeak(text, voices[int(rng.integers(len(voices)))], int(rng.integers(120, 211)))
        clip = clip * np.float32(SPEECH_RMS / (float(np.sqrt(np.mean(clip.astype(np.float64) ** 2))) + 1.0))
        gap = np.zeros(int(rng.uniform(0.3, 1.2) * 16_000), np.float32)
        parts += [clip, gap]
        total += len(clip) + len(gap)
    return np.concatenate(parts)


def false_stops(logits: np.ndarray, thresholds: list[float], cooldown_steps: int) -> dict[float, int]:
    return {t: Trigger(t, STOP_TRIGGER_STEPS, cooldown_steps).count(logits) for t in thresholds}


def wake_phrase_hits(
    model: WakeModel, embedder: SpeechEmbedder, bed: Audio, db: float, thresholds: list[float]
) -> dict[str, dict[str, str]]:
    """Per default wake phrase: on how many of its clips (dev voices at 155 wpm, over the answer) the stop
    model reaches each threshold, from the phrase's start to ``AFTER_SAMPLES`` after its end."""
    found: dict[str, dict[str, str]] = {}
    for lang, phrase in DeviceSettings().wake_phrases.items():
        voices = MANDARIN_DEV_VOICES if lang == "zh" else ENGLISH_DEV_VOICES
        peaks = []
        for index, voice in enumerate(voices):
            clip = speech_only(espeak(phrase, voice, 155))
            said, _ = residual(clip, bed[16_000 * index :], db)
            ends, logits = scores(model, embedder, said)
            near = (ends > LEAD_SAMPLES) & (ends <= LEAD_SAMPLES + len(clip) + AFTER_SAMPLES)
            peaks.append(float(logits[near].max()))
        found[phrase] = {f"{t:+.2f}": f"{sum(p >= t for p in peaks)}/{len(peaks)}" for t in thresholds}
    return found


def main() -> None:
    args = arguments()
    model = WakeModel.load(stop_model_path(args.trained, args.phrase, args.lang))
    embedder = SpeechEmbedder()
    cooldown_steps = round(DeviceSettings().wake_cooldown_seconds * 16_000 / STEP_SAMPLES)
    bed = np.concatenate([piper(text) * 0.8 for text in DEV_ANSWERS])
    bed_level = SPEECH_RMS * 10 ** (-args.db / 20) / float(np.sqrt(np.mean(bed.astype(np.float64) ** 2)))
    rng = np.random.default_rng(args.seed)
    counts: dict[str, dict[float, int]] = {}
    minutes: dict[str, float] = {}
    peaks: dict[str, float] = {}
    for lang, voices, share in (
        ("zh", MANDARIN_DEV_VOICES, 1 - args.english_share),
        ("en", ENGLISH_DEV_VOICES, args.english_share),
    ):
        if share <= 0:
            continue
        speech = track(sentences(args.phrase, lang), voices, args.minutes * 60 * share, rng)
        reference = np.resize(bed, len(speech)) * np.float32(bed_level)
        said = cancelled(speech + room_echo(reference, 1.0)[: len(speech)], reference)
        for condition, audio in (("over_answer", said), ("alone", speech)):
            logits = scores(model, embedder, audio)[1]
            name = f"{lang}_{condition}"
            counts[name] = false_stops(logits, args.thresholds, cooldown_steps)
            minutes[name] = round(len(audio) / 16_000 / 60, 2)
            peaks[name] = round(float(logits.max()), 2)
    # the answers' echo alone, once through (the canceller's residual): self-stops
    reference = bed * np.float32(bed_level)
    logits = scores(model, embedder, cancelled(room_echo(reference, 1.0)[: len(bed)], reference))[1]
    counts["echo_alone"] = false_stops(logits, args.thresholds, cooldown_steps)
    minutes["echo_alone"] = round(len(bed) / 16_000 / 60, 2)
    peaks["echo_alone"] = round(float(logits.max()), 2)
    speech_minutes = sum(m for name, m in minutes.items() if not name.endswith("echo_alone"))

    def speech_stops(t: float) -> int:
        return sum(c[t] for name, c in counts.items() if not name.endswith("echo_alone"))

    def self_stops(t: float) -> int:
        return sum(c[t] for name, c in counts.items() if name.endswith("echo_alone"))

    rows = {
        f"{t:+.2f}": {
            "speech_false_stops": speech_stops(t),
            "per_hour": round(speech_stops(t) / speech_minutes * 60, 1),
            "self_stops": self_stops(t),
            **{name: c[t] for name, c in counts.items()},
        }
        for t in sorted(args.thresholds, reverse=True)
    }
    # the rule: the lowest threshold with no more false stops on speech than the baseline, and no
    # self-stop on the echo alone
    budget = speech_stops(args.baseline) if args.baseline in args.thresholds else None
    allowed = [
        t for t in args.thresholds if budget is not None and speech_stops(t) <= budget and self_stops(t) == 0
    ]
    report = {
        "minutes": minutes,
        "wake_phrases_fired_on": wake_phrase_hits(model, embedder, bed, args.db, args.thresholds),
        "peak_logits": peaks,
        "thresholds": rows,
        "lowest_within_baseline_false_stops": min(allowed) if allowed else None,
    }
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
