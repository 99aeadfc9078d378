"""The skill SDK: what a skill author imports.

A skill is a folder: ``__init__.py`` defining ``skill = Skill(...)`` with async handlers (and,
optionally, a settings class for its ``[skills.<name>]`` table), and ``sentences/<lang>.yaml``
holding the sentence templates (data, beside the code). ``ting.skills.sdk.speech`` says times,
dates, durations and numbers in either language; ``ting.skills.sdk.testing`` runs a skill in its
own tests without a server. See docs/skills.md for a complete example.
"""

from ting.skills.sdk.alarms import Alarms, Item, ItemKind, ItemState
from ting.skills.sdk.home import DeviceState, HomeBackend
from ting.skills.sdk.media import (
    Found,
    MatchField,
    Media,
    MediaQuery,
    NowPlaying,
    Playlist,
    PlayState,
    Station,
    Track,
)
from ting.skills.sdk.phrases import Phrases
from ting.skills.sdk.request import IntentRequest
from ting.skills.sdk.response import Response
from ting.skills.sdk.schedules import DailyJob, ScheduledRun, ScheduleHandler, Schedules
from ting.skills.sdk.services import (
    Announcer,
    AnswerLog,
    Clock,
    LastAnswer,
    PushService,
    Services,
    SkillCatalog,
    SkillInfo,
    SkillStore,
)
from ting.skills.sdk.skill import Handler, Skill

__all__ = [
    "Alarms",
    "Announcer",
    "AnswerLog",
    "Clock",
    "DailyJob",
    "DeviceState",
    "Found",
    "Handler",
    "HomeBackend",
    "IntentRequest",
    "Item",
    "ItemKind",
    "ItemState",
    "LastAnswer",
    "MatchField",
    "Media",
    "MediaQuery",
    "NowPlaying",
    "Phrases",
    "PlayState",
    "Playlist",
    "PushService",
    "Response",
    "ScheduleHandler",
    "ScheduledRun",
    "Schedules",
    "Services",
    "Skill",
    "SkillCatalog",
    "SkillInfo",
    "SkillStore",
    "Station",
    "Track",
]
