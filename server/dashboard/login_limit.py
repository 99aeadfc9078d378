"""Failed logins per client: a client that keeps guessing the token is told to wait (429, Retry-After).

A client is its address as the server sees it (behind a reverse proxy every browser is the proxy's
address: the limit then holds for all of them at once, which docs/dashboard.md says). Memory is bounded:
at most ``max_clients`` addresses are remembered, the one that failed longest ago forgotten first, and
each keeps at most ``max_failures`` times.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LoginLimits:
    max_failures: int = 5
    """Wrong tokens a client may give within ``window_seconds``; the next try waits."""
    window_seconds: float = 300.0
    max_clients: int = 4096
    """Clients remembered at once (each a few hundred bytes)."""


class LoginLimiter:
    def __init__(self, limits: LoginLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after_seconds(self, client: str) -> int:
        """0: the client may try; else whole seconds until it may (never 0 while refused)."""
        times = self._recent(client)
        if times is None or len(times) < self.limits.max_failures:
            return 0
        return max(1, math.ceil(times[0] + self.limits.window_seconds - self._clock()))

    def failed(self, client: str) -> None:
        times = self._failures.pop(client, None) or deque(maxlen=self.limits.max_failures)
        times.append(self._clock())
        self._failures[client] = times  # last: the most recent failure
        while len(self._failures) > self.limits.max_clients:
            self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)

    def __len__(self) -> int:
        return len(self._failures)

    def _recent(self, client: str) -> deque[float] | None:
        times = self._failures.get(client)
        if times is None:
            return None
        horizon = self._clock() - self.limits.window_seconds
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._failures[client]
            return None
        return times
