"""The alarms skill: alarms, timers and reminders, on the server's durable scheduler.

Sentences (``sentences/{en,zh}.yaml``) turn what is said into ``alarm.*``, ``timer.*`` and
``reminder.*`` intents with normalized times, durations and recurrences; the handlers
(``handlers.py``) act through ``services.alarms`` (the server's durable alarm service) and answer
in the asker's language, repeating the resolved time without ambiguity ("tomorrow at 7:00 AM" /
明天早上七点). What rings, and how, is in docs/alarms.md.
"""

from __future__ import annotations

from pathlib import Path

from ting.skills.alarms.handlers import HANDLERS
from ting.skills.sdk import Skill

skill = Skill(
    "alarms",
    sentences=Path(__file__).parent / "sentences",
    description="alarms, timers and reminders",
    handlers=dict(HANDLERS),
)
