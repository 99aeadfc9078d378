"""Memory freed after start-up goes back to the system (glibc's malloc_trim)."""

from __future__ import annotations

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
