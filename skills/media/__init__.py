"""The media skill: plays the household's music library and radio on the device of the room that asked
(or the room named), controls that room's player (pause, resume, stop, next, previous, volume) and says
what plays. Sentences in ``sentences/``, handlers in ``handlers.py``, what it says in ``phrases.py``.

Slots: ``genre`` is a genre id in English (``jazz``, ``classical`` ...), ``artist`` / ``song`` / ``album`` /
``playlist`` the words as said, ``area`` a room, ``source`` ``radio``, ``level`` 0-100, ``direction``
``up`` / ``down``. The library, stations and players are ``services.media`` (docs/music.md).
"""

from __future__ import annotations

from pathlib import Path

from ting.skills.media.handlers import HANDLERS
from ting.skills.sdk import Skill

skill = Skill(
    "media",
    sentences=Path(__file__).parent / "sentences",
    description="plays music and radio in the room that asked; pause, next, volume, what's playing",
    handlers=dict(HANDLERS),
)
