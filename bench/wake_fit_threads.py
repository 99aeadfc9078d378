"""The wake word / stop phrase fit (``classifier.train``) with numpy's BLAS on one thread and on its default
(every core), at the same time, on the same data: CPU time, wall time, the load, and the weights' digest.

The size is a default-plan stop phrase's (~45,000 windows: 30 min of read text, 8 voices x 8 variants x 12
clips, the device's own sounds through the canceller), random numbers standing in for embeddings; ``--epochs``
of its 40. ``ting wake train`` runs the fit on ``--jobs`` threads (the server's 1); this says what the default
cost on a busy machine.

  .venv/bin/python bench/wake_fit_threads.py [--epochs 5] [--windows 45000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

FIT = """
import sys, time
import numpy as np
from ting.device.wake import classifier
windows, epochs = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
positives = rng.normal(size=(windows // 15, 16, 96)).astype(np.float32)
negatives = rng.normal(size=(windows - windows // 15, 16, 96)).astype(np.float32)
cpu, wall = time.process_time(), time.time()
model = classifier.train("x", "en", positives, negatives, classifier.TrainingSettings(epochs=epochs))
weights = classifier.array_digest(*(w for w, _ in model.layers))
print(f"{time.process_time() - cpu:.1f} {time.time() - wall:.1f} {weights}")
"""


def load() -> str:
    with open("/proc/loadavg") as file:
        return file.read().split()[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--windows", type=int, default=45_000)
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    ways = {"1 thread": base | {"OPENBLAS_NUM_THREADS": "1"}, "default threads": base}
    before = load()
    started = time.time()
    runs = {
        name: subprocess.Popen(
            [sys.executable, "-c", FIT, str(args.windows), str(args.epochs)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, env in ways.items()
    }
    results = {name: run.communicate()[0].split() for name, run in runs.items()}
    seconds = time.time() - started
    print(f"{args.windows} windows, {args.epochs} epochs; load {before} -> {load()} ({seconds:.0f} s)")
    for name, (cpu, wall, weights) in results.items():
        print(f"  {name:16s} CPU {cpu:>7s} s  wall {wall:>7s} s  weights {weights}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
