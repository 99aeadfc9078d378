"""Give memory freed after start-up back to the system.

Building the agent's parts (the NLU, a grammar's minimal automaton, the decoders) allocates and frees
tens of MB. glibc keeps freed heap for reuse, so the process stays at its start-up high-water mark
unless asked to trim; on a 512 MB Pi Zero 2 W that matters. Other C libraries: nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from functools import cache

_LOGGER = logging.getLogger(__name__)


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


MALLOC_ARENAS = 2
"""The device's glibc heaps (``MALLOC_ARENA_MAX`` in the environment overrides it). glibc's default, up to
8 per core, gives each thread that allocates (the recognition worker, CTranslate2's, the capture loop's)
a heap of its own that keeps what the thread freed: the Mandarin agent held ~45 MB more after its first
commands (docs/benchmarks.md, "Agent memory: a Mandarin household")."""
_M_ARENA_MAX = -8
"""``mallopt``'s parameter number for the arena limit (glibc's malloc.h)."""


def limit_malloc_arenas(count: int = MALLOC_ARENAS) -> bool:
    """At most ``count`` glibc heaps from now on (call it before threads start); True when set. Not on
    other C libraries, nor when ``MALLOC_ARENA_MAX`` is set (glibc read it at start-up)."""
    libc = _libc()
    if libc is None or not hasattr(libc, "mallopt") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    return bool(libc.mallopt(_M_ARENA_MAX, count))


def release_freed_memory() -> bool:
    """``malloc_trim(0)``: True when glibc gave memory back."""
    libc = _libc()
    if libc is None:
        return False
    released = bool(libc.malloc_trim(0))
    _LOGGER.debug("malloc_trim: %s", "memory released" if released else "nothing to release")
    return released
