"""The skill SDK: what a skill author imports.

A skill is a folder: ``__init__.py`` defining ``skill = Skill(...)`` with async handlers,
and ``sentences/<lang>.yaml`` holding the sentence templates (data, beside the code).
See docs/skills.md for a complete example.
"""

from ting.skills.sdk.request import IntentRequest
from ting.skills.sdk.response import Response
from ting.skills.sdk.services import Clock, PushService, Scheduler, Services, SkillStore
from ting.skills.sdk.skill import Handler, Skill

__all__ = [
    "Clock",
    "Handler",
    "IntentRequest",
    "PushService",
    "Response",
    "Scheduler",
    "Services",
    "Skill",
    "SkillStore",
]
