"""Give memory freed after start-up back to the system.

Building the agent's parts (the NLU, a grammar's minimal automaton, the decoders) allocates and frees
tens of MB. glibc keeps freed heap for reuse, so the process stays at its start-up high-water mark
unless asked to trim; on a 512 MB Pi Zero 2 W that matters. Other C libraries: nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
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


def release_freed_memory() -> bool:
    """``malloc_trim(0)``: True when glibc gave memory back."""
    libc = _libc()
    if libc is None:
        return False
    released = bool(libc.malloc_trim(0))
    _LOGGER.debug("malloc_trim: %s", "memory released" if released else "nothing to release")
    return released
