"""One clock: "now" is an aware datetime in the household's time zone, whatever zone the machine runs in.

A Raspberry Pi is often left on UTC while the household lives in Asia/Shanghai; every part that asks
what time it is (the NLU on the server and the device, ``ting nlu parse``, the skills, the alarms)
asks a ``HouseholdClock`` made from ``household.timezone``. Naive datetimes stay inside the module
that made them; a naive wall time handed in from outside (an alarm's ``time`` slot, ``--now``) is
household time, and ``local`` says so explicitly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ting.errors import ConfigError

DEFAULT_TIMEZONE = "Asia/Shanghai"


def zone_named(timezone: str) -> ZoneInfo:
    """The IANA zone ``timezone``; ``ConfigError`` names the setting when there is no such zone."""
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"household.timezone: unknown time zone {timezone!r} (expected an IANA name such as "
            "'Asia/Shanghai', 'Europe/Berlin' or 'America/New_York')"
        ) from None


class Clock(Protocol):
    @property
    def zone(self) -> ZoneInfo:
        """The household's time zone (``household.timezone``)."""
        ...

    def now(self) -> datetime:
        """Timezone-aware current time in the household's time zone."""
        ...


class HouseholdClock:
    """``Clock`` of the SDK: ``now()`` in the household's zone."""

    def __init__(self, timezone: str = DEFAULT_TIMEZONE) -> None:
        self.zone = zone_named(timezone)

    def now(self) -> datetime:
        return datetime.now(self.zone)

    def local(self, when: datetime) -> datetime:
        """``when`` in the household's zone; a naive ``when`` is read as household wall time."""
        return when.replace(tzinfo=self.zone) if when.tzinfo is None else when.astimezone(self.zone)


def later(moment: datetime, seconds: float) -> datetime:
    """``seconds`` of real time after the aware ``moment``, in its zone: "in 2 hours" across a DST change
    is two hours later, not the same wall-clock distance."""
    if moment.tzinfo is None:
        raise ValueError("later() needs an aware datetime")
    return (moment.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(moment.tzinfo)
