"""What the running server holds (built by the app's lifespan, read by the HTTP routes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ting.mqtt.client import HermesClient
from ting.server.hermes_service import HermesService
from ting.server.runtime import SkillRuntime
from ting.server.store.base import Store
from ting.settings import Settings


@dataclass
class ServerState:
    settings: Settings
    store: Store
    runtime: SkillRuntime
    service: HermesService
    client: HermesClient
    alarms: Any = None
    """The ``ting.server.alarms.AlarmService`` (alarms, timers, reminders)."""
    push: Any = None
    """The ``ting.server.push.layer.PushLayer`` (WeChat / WeCom channels, outbox, chat replies)."""

    def mqtt_connected(self) -> bool:
        return self.client.connected

    async def device_states(self) -> dict[str, dict[str, Any]]:
        """Device id -> its state (``on``, ``brightness_percent``, ``temperature_c``)."""
        return {device: state.to_json() for device, state in (await self.runtime.home.states()).items()}
