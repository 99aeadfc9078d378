"""``ting wake train`` runs numpy's BLAS on ``--jobs`` threads: the server's background training (``--jobs
1``) leaves the other core to answers, and on a busy machine OpenBLAS's threads no longer spin waiting for
each other (docs/benchmarks.md). The limit has to be set before numpy loads: the command gets there first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BEFORE_TRAINING = """
import sys
import ting.cli.wake as wake
from ting.cli.main import main

def probe(args, settings):
    limited = wake.limit_blas_threads(args.jobs)
    import numpy  # noqa: F401  (loads OpenBLAS, which starts its threads)
    import os
    print(limited, len(os.listdir("/proc/self/task")))
    return 0

wake.run_train = probe  # (the parser binds it when main builds it)
sys.exit(main(["wake", "train", "--config", sys.argv[1], "--jobs", sys.argv[2]]))
"""


def threads(tmp_path: Path, jobs: int, **env: str) -> tuple[str, int]:
    config = tmp_path / "ting.toml"
    config.write_text("")
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", BEFORE_TRAINING, str(config), str(jobs)],
        capture_output=True,
        text=True,
        env=clean | env,
        check=True,
    )
    limited, count = done.stdout.split()
    return limited, int(count)


CORES = os.cpu_count() or 1


def test_numpy_is_not_loaded_before_the_training_limits_its_threads(tmp_path: Path) -> None:
    assert threads(tmp_path, 1) == ("True", 1)
    assert threads(tmp_path, 2) == ("True", min(2, CORES))
    # what the environment says wins (the limit is only a default)
    assert threads(tmp_path, 1, OPENBLAS_NUM_THREADS="2") == ("True", min(2, CORES))


def test_without_the_limit_openblas_takes_every_core(tmp_path: Path) -> None:
    code = "import numpy, os; print(len(os.listdir('/proc/self/task')))"
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean, check=True)
    assert int(done.stdout) == CORES
