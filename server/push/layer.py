"""The push layer as the server runs it: channels, outbox, rules, chat replies; and the events a device
going offline or coming back makes (``device_event``)."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import datetime

import httpx

from ting.clock import zone_named
from ting.errors import ConfigError
from ting.messages import SiteState, SkillEvent
from ting.server.presence import PresenceChange
from ting.server.push.base import Channel, Delivery, Notification
from ting.server.push.channels import build_channels, http_client
from ting.server.push.last_answers import FORWARD_EVENT
from ting.server.push.outbox import Outbox
from ting.server.store.base import Store
from ting.settings import PushRule, Settings

_LOGGER = logging.getLogger(__name__)


def idempotency_key(event: SkillEvent, now_unix: float) -> str:
    """The event's own id when it has one (``idempotency_key``, ``id``, ``job_id``), else a hash of
    its content within the minute: the same event emitted twice is pushed once."""
    for name in ("idempotency_key", "id", "job_id"):
        if event.data.get(name):
            return f"{event.event}:{event.data[name]}"
    content = [event.event, event.text, event.data, int(now_unix // 60)]
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:24]
    return f"{event.event}:{digest}"


def device_event(change: PresenceChange, lang: str) -> SkillEvent:
    """``device.offline`` / ``device.online`` for a device whose retained status changed."""
    offline = change.state is SiteState.OFFLINE
    site = change.site_id
    if lang == "zh":
        text = f"设备 {site} {'已离线' if offline else '已重新上线'}"
    else:
        text = f"Device {site} is {change.state.value}"
    return SkillEvent(
        event=f"device.{change.state.value}", text=text, data={"site_id": site, "at": time.time()}
    )


def check_rules(settings: Settings) -> None:
    for index, rule in enumerate(settings.push_rules):
        unknown = [name for name in rule.channels if name not in settings.push]
        if unknown:
            raise ConfigError(
                f"push_rules[{index}].channels: no [push.<name>] called {', '.join(unknown)} "
                f"(configured: {', '.join(sorted(settings.push)) or 'none'})"
            )
    for side, callback in (("wecom", settings.chat.wecom), ("wechat", settings.chat.wechat)):
        if callback is not None and callback.channel not in settings.push:
            raise ConfigError(f"chat.{side}.channel: no [push.{callback.channel}] table")


class PushLayer:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        check_rules(settings)
        self.settings = settings
        self._zone = zone_named(settings.household.timezone)
        """Notifications carry household time, whatever zone the server runs in."""
        self.http = http or http_client()
        self.channels: dict[str, Channel] = build_channels(settings.push, self.http)
        self.outbox = Outbox(store, self.channels, settings.push_outbox)
        self.rules: tuple[PushRule, ...] = settings.push_rules

    def routes(self, event: str) -> list[tuple[str, tuple[str, ...]]]:
        """(channel, recipients) pairs for ``event``; ``answer.forwarded`` defaults to every channel."""
        found = [
            (channel, rule.to)
            for rule in self.rules
            if event in rule.events or "*" in rule.events
            for channel in rule.channels
        ]
        if not found and event == FORWARD_EVENT:
            found = [(channel, ()) for channel in self.channels]
        return list(dict.fromkeys(found))

    def channels_for(self, event: str) -> list[str]:
        return list(dict.fromkeys(channel for channel, _ in self.routes(event)))

    async def route(self, event: SkillEvent) -> int:
        """Events listener: queue the event for the channels its rules name; returns how many were queued."""
        routes = self.routes(event.event)
        if not routes:
            return 0
        now = time.time()
        key = idempotency_key(event, now)
        queued = 0
        for channel, to in routes:
            notification = Notification(
                text=event.text or event.event,
                title=str(event.data.get("title", "")),
                event=event.event,
                to=to,
                time=datetime.now(self._zone).strftime("%Y-%m-%d %H:%M"),
                data=dict(event.data),
            )
            recipients = f"@{','.join(to)}" if to else ""
            queued += await self.outbox.enqueue(channel, notification, key + recipients)
        return queued

    async def run(self) -> None:
        await self.outbox.run()

    async def aclose(self) -> None:
        await self.http.aclose()

    async def send_now(self, channel: str, notification: Notification) -> Delivery:
        """Send outside the outbox (chat replies, ``ting push test``)."""
        return await self.channels[channel].send(notification)
