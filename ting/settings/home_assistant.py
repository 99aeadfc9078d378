"""``[home_assistant]``: the Home Assistant backend (its WebSocket API, a long-lived access token).

With ``url`` set, Home Assistant's registries (areas, floors, devices, entities, aliases) become ting's
household and its entities are driven through ``call_service``. The entities exposed to voice
assistants ("Expose" in Home Assistant's voice settings) are the ones ting knows; ``allow`` and ``deny``
(entity ids, ``*`` wildcards) narrow that, and stand in when Home Assistant does not say.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from pydantic.dataclasses import dataclass

from ting.settings.sections import STRICT

PositiveSeconds = Annotated[float, Field(gt=0)]


@dataclass(frozen=True, config=STRICT)
class HomeAssistantSettings:
    url: str | None = None
    """WebSocket URL, ``ws://homeassistant.local:8123/api/websocket`` (``wss://`` for TLS); None: not used."""
    token: str = ""
    """A long-lived access token (Home Assistant: profile, Security). A secret: never logged."""
    allow: tuple[str, ...] = ()
    """Entity ids (or patterns like ``light.*``) ting may use; empty: every exposed entity."""
    deny: tuple[str, ...] = ()
    """Entity ids (or patterns) ting never uses, exposed or not."""
    use_exposure: bool = True
    """Follow Home Assistant's "exposed to Assist" setting (``homeassistant/expose_entity/list``)."""
    timeout_seconds: PositiveSeconds = 10.0
    """A command without an answer by then fails (the device is said not to respond)."""
    reconnect_min_seconds: PositiveSeconds = 1.0
    reconnect_max_seconds: PositiveSeconds = 30.0

    @property
    def enabled(self) -> bool:
        return bool(self.url)
