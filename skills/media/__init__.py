"""The media skill: understands music and volume commands; answers once a player is set up.

No music player is wired in yet, so every answer says what was understood and that it cannot be
carried out yet (``Response(ok=False)``), in the request's language. Slots: ``genre`` is a genre
id in English (``jazz``, ``classical`` ...), ``artist`` / ``song`` / ``album`` / ``playlist`` the
words as said, ``level`` 0-100, ``direction`` ``up`` / ``down``.
"""

from __future__ import annotations

from pathlib import Path

from ting.skills.media.phrases import describe, not_set_up
from ting.skills.sdk import IntentRequest, Response, Services, Skill

skill = Skill(
    "media",
    sentences=Path(__file__).parent / "sentences",
    description="understands music and volume commands (no player is set up yet)",
)

MUSIC_INTENTS = ("music.play", "music.pause", "music.resume", "music.stop", "music.next", "music.previous")
VOLUME_INTENTS = ("volume.set", "volume.change")


@skill.handle(*MUSIC_INTENTS, *VOLUME_INTENTS)
async def not_yet(request: IntentRequest, services: Services) -> Response:
    return Response(
        text=not_set_up(request.lang, describe(request.intent, request.lang, request.slots)),
        data={"intent": request.intent, "slots": dict(request.slots), "player": None},
        ok=False,
    )
