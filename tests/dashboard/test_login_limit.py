"""The login limiter alone: failures per client within a window, bounded memory."""

from __future__ import annotations

from ting.server.dashboard.login_limit import LoginLimiter, LoginLimits


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_waits_after_too_many_failures_until_the_oldest_ages_out() -> None:
    clock = Clock()
    limiter = LoginLimiter(LoginLimits(max_failures=3, window_seconds=60), clock)
    for _ in range(2):
        limiter.failed("10.0.0.9")
        clock.now += 10
    assert limiter.retry_after_seconds("10.0.0.9") == 0
    limiter.failed("10.0.0.9")  # the third, at 1020
    assert limiter.retry_after_seconds("10.0.0.9") == 40  # the first (1000) leaves the window at 1060
    assert limiter.retry_after_seconds("10.0.0.7") == 0
    clock.now = 1060.5
    assert limiter.retry_after_seconds("10.0.0.9") == 0


def test_a_good_login_forgets_the_failures() -> None:
    limiter = LoginLimiter(LoginLimits(max_failures=2, window_seconds=60), Clock())
    limiter.failed("a")
    limiter.succeeded("a")
    limiter.failed("a")
    assert limiter.retry_after_seconds("a") == 0


def test_memory_is_bounded_the_oldest_client_forgotten_first() -> None:
    clock = Clock()
    limiter = LoginLimiter(LoginLimits(max_failures=1, window_seconds=600, max_clients=100), clock)
    for number in range(1000):
        limiter.failed(f"10.0.{number // 256}.{number % 256}")
        clock.now += 0.01
    assert len(limiter) == 100
    assert limiter.retry_after_seconds("10.0.0.0") == 0  # forgotten
    assert limiter.retry_after_seconds("10.0.3.231") > 0  # the last one
    for _ in range(50):
        limiter.failed("10.0.3.231")  # one client keeps max_failures times, not one per try
    assert len(limiter._failures["10.0.3.231"]) == 1
