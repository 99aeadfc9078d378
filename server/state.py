"""What the running server holds (built by ``assembly.assemble``, read by the HTTP routes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ting.mqtt.client import HermesClient
from ting.server.activity import Activity
from ting.server.alarms.service import AlarmService
from ting.server.grammar import Grammars
from ting.server.hermes_service import HermesService
from ting.server.household_reload import HouseholdReload
from ting.server.media.service import ServerMedia
from ting.server.presence import Presence
from ting.server.push.dedupe import ChatDedupe
from ting.server.push.layer import PushLayer
from ting.server.router import TopicRouter
from ting.server.runtime import SkillRuntime
from ting.server.schedules import DailyScheduler
from ting.server.store.base import Store
from ting.server.wake_models import WakeModels
from ting.settings import Settings


@dataclass(frozen=True)
class ServerState:
    settings: Settings
    store: Store
    runtime: SkillRuntime
    service: HermesService
    client: HermesClient
    alarms: AlarmService
    """Alarms, timers and reminders."""
    schedules: DailyScheduler
    """Skills' daily jobs (the weather briefing)."""
    push: PushLayer
    """WeChat / WeCom channels, outbox, chat replies."""
    router: TopicRouter
    grammars: Grammars
    presence: Presence
    media: ServerMedia
    """The music library, stations and the rooms' players."""
    chat_dedupe: ChatDedupe
    activity: Activity
    """What the sites are doing and their conversation turns, for the dashboard."""
    household_reload: HouseholdReload
    """Takes a new household while running (Home Assistant's registries changed)."""
    wake_models: WakeModels
    """Wake word models trained for the devices' phrases (``server.wake_training``)."""

    def mqtt_connected(self) -> bool:
        return self.client.connected

    async def device_states(self) -> dict[str, dict[str, Any]]:
        """Device id -> its state (``on``, ``brightness_percent``, ``temperature_c``)."""
        return {device: state.to_json() for device, state in (await self.runtime.home.states()).items()}
