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
    registry_settle_seconds: PositiveSeconds = 0.5
    """After a registry change (a rename, an area moved, an entity exposed) the registries are read again
    once no further change came for this long: renaming in Home Assistant's UI sends several at once."""
    conversation: bool = False
    """Hand sentences no ting skill understands to Home Assistant's conversation agent
    (``POST /api/conversation/process``) and speak its answer."""
    conversation_agent_id: str | None = None
    """Which of Home Assistant's agents answers (None: its default, Assist)."""
    rest_url: str | None = None
    """Home Assistant's HTTP address for its REST API (``http://homeassistant.local:8123``); None: the
    WebSocket URL's host and port (``ws`` -> ``http``, ``wss`` -> ``https``)."""

    @property
    def enabled(self) -> bool:
        return bool(self.url)
