"""The agent's builder threads: the speech recognizers' and the NLU's rebuilds run on threads of their own, at
a lower CPU priority where the system allows, so the recognition worker and the MQTT message loop keep the CPU
first while a grammar update is built (seconds on a loaded Pi)."""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor

_LOGGER = logging.getLogger(__name__)

BUILDER_NICENESS = 10
"""How much nicer than the agent a builder thread runs."""


def _lower_priority() -> None:
    try:  # Linux: a thread's niceness is its own (the native id names the thread)
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BUILDER_NICENESS)
    except (AttributeError, OSError) as error:
        _LOGGER.debug("the builder thread runs at the agent's priority: %s", error)


def builder_thread(name: str) -> ThreadPoolExecutor:
    """One low-priority thread (started at its first task) named ``name``."""
    return ThreadPoolExecutor(1, thread_name_prefix=name, initializer=_lower_priority)
