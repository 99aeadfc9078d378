"""Memory freed after start-up goes back to the system (glibc's malloc_trim)."""

from __future__ import annotations

import os
import subprocess
import sys

import psutil

from ting.device.memory import release_freed_memory


def test_freed_heap_is_given_back() -> None:
    process = psutil.Process()
    blocks = [bytes(2000) for _ in range(40_000)]  # ~80 MB from malloc (too big for Python's own pools)
    kept = blocks[::64]  # a few survivors keep the heap from shrinking by itself
    del blocks
    before = process.memory_info().rss
    assert release_freed_memory() is True
    after = process.memory_info().rss
    assert before - after > 40 * 2**20, (before >> 20, after >> 20)
    assert len(kept) == 625


def test_the_heap_limit_is_set_unless_the_environment_sets_one() -> None:
    # a fresh interpreter each: glibc reads MALLOC_ARENA_MAX at start-up, and the user's value wins
    code = "from ting.device.memory import limit_malloc_arenas; print(limit_malloc_arenas())"
    env = {key: value for key, value in os.environ.items() if key != "MALLOC_ARENA_MAX"}
    plain = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    chosen = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**env, "MALLOC_ARENA_MAX": "4"},
        check=True,
    )
    assert (plain.stdout.strip(), chosen.stdout.strip()) == ("True", "False")
