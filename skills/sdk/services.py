"""Services the server hands to skills. Skills see only these types, never the server.

Each service is a small protocol, defined here and implemented by the server (and by
``ting.skills.sdk.testing`` for a skill's own tests), so the server can swap implementations
(SQLite or PostgreSQL store, the simulated or a real home backend) without touching skills.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ting.clock import Clock as Clock
from ting.errors import SkillError
from ting.skills.sdk.alarms import Alarms
from ting.skills.sdk.home import HomeBackend
from ting.skills.sdk.media import Media
from ting.skills.sdk.schedules import Schedules

if TYPE_CHECKING:
    from ting.nlu.registry import Household

SettingsT = TypeVar("SettingsT")


class SkillStore(Protocol):
    """Durable JSON key-value storage, namespaced per skill. Values go through JSON (a tuple comes back
    a list); one JSON cannot hold (a set, a datetime, NaN) is refused with ``StoreError``."""

    async def get(self, key: str, default: Any = None) -> Any: ...

    async def put(self, key: str, value: Any) -> None: ...

    async def delete(self, key: str) -> None: ...

    async def items(self) -> dict[str, Any]: ...


class PushService(Protocol):
    """Announces an event that the notification layer (WeChat/WeCom) may forward."""

    async def notify(self, event: str, text: str, data: Mapping[str, Any] | None = None) -> None:
        """Publish ``event`` (``ting/event/<event>``) and queue it for the channels its rules name;
        an ``id`` in ``data`` makes a repeated event push once."""
        ...

    def channels_for(self, event: str) -> Sequence[str]:
        """The channels ``event`` would be pushed to (empty: nobody would get it)."""
        ...


class Announcer(Protocol):
    """Speaks on a site unasked (a briefing, an announcement): ``hermes/tts/say`` to the device there."""

    async def say(self, site_id: str, text: str, *, lang: str) -> None:
        """Send ``text`` to ``site_id`` to be spoken; ``MqttError`` when the broker cannot take it."""
        ...

    def site_ids(self) -> Sequence[str]:
        """The sites known to be online now (devices whose retained status is online)."""
        ...


@dataclass(frozen=True)
class SkillInfo:
    name: str
    description: str
    intents: tuple[str, ...]


class SkillCatalog(Protocol):
    """The skills running on this server (for help answers)."""

    def skills(self) -> Sequence[SkillInfo]: ...


@dataclass(frozen=True)
class LastAnswer:
    text: str
    intent: str
    lang: str


class AnswerLog(Protocol):
    """What was last answered on each site ("send that to my WeChat": what is "that")."""

    def last(self, site_id: str) -> LastAnswer | None:
        """The last answer given on ``site_id`` by any skill but the push skill."""
        ...


@dataclass(frozen=True)
class Services:
    store: SkillStore
    """This skill's own namespace in the server's store."""
    clock: Clock
    household: Household
    """The household registry: areas, devices, scenes, and which area each site is in."""
    home: HomeBackend
    """Switches and reads the household's devices."""
    alarms: Alarms
    """Alarms, timers and reminders: durable, rung on the right device."""
    push: PushService
    """Events the WeChat/WeCom layer forwards by the user's ``[[push_rules]]``."""
    skills: SkillCatalog
    """The skills running on this server."""
    answers: AnswerLog
    """The last answer given on each site."""
    media: Media
    """The music library, radio stations and each room's player."""
    schedules: Schedules
    """This skill's durable daily jobs (``Skill.on_schedule`` runs them)."""
    announcer: Announcer
    """Speaks on a site unasked."""
    settings: object | None = None
    """This skill's ``[skills.<name>]`` table checked into its settings class (the class's defaults when
    there is no table); None for a skill that declares no settings class. ``config`` gives it typed."""

    def config(self, cls: type[SettingsT]) -> SettingsT:
        """This skill's settings as ``cls`` (the class given as ``Skill(settings=...)``)."""
        if not isinstance(self.settings, cls):
            raise SkillError(f"this skill's settings are {type(self.settings).__name__}, not {cls.__name__}")
        return self.settings
