"""The push layer as the server runs it: channels, outbox, rules, device status, chat replies."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from datetime import datetime
from typing import Any

import httpx

from ting.errors import ConfigError
from ting.server.push.base import Channel, Delivery, Notification
from ting.server.push.channels import build_channels, http_client
from ting.server.push.last_answers import FORWARD_EVENT, LastAnswers
from ting.server.push.outbox import Outbox
from ting.server.store.base import Store
from ting.settings import PushRule, Settings

_LOGGER = logging.getLogger(__name__)

STATUS_SUBSCRIPTION = "ting/status/+"
_STATUS_PREFIX = "ting/status/"

Emit = Callable[[str, Mapping[str, Any]], Coroutine[Any, Any, None]]


def idempotency_key(event: str, data: Mapping[str, Any], now_unix: float) -> str:
    """The event's own id when it has one (``idempotency_key``, ``id``, ``job_id``), else a hash of
    its content within the minute: the same event emitted twice is pushed once."""
    inner = _inner(data)
    for source in (data, inner):
        for name in ("idempotency_key", "id", "job_id"):
            if source.get(name):
                return f"{event}:{source[name]}"
    digest = hashlib.sha256(
        json.dumps([event, data, int(now_unix // 60)], sort_keys=True, default=str).encode()
    ).hexdigest()[:24]
    return f"{event}:{digest}"


def _inner(data: Mapping[str, Any]) -> Mapping[str, Any]:
    inner = data.get("data")
    return inner if isinstance(inner, Mapping) else {}


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
        emit: Emit,
        last_answers: LastAnswers,
        *,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        check_rules(settings)
        self.settings = settings
        self.http = http or http_client()
        self.channels: dict[str, Channel] = build_channels(settings.push, self.http)
        self.outbox = Outbox(store, self.channels, settings.push_outbox)
        self.rules: tuple[PushRule, ...] = settings.push_rules
        self.last_answers = last_answers
        self._emit = emit
        self._site_states: dict[str, str] = {}
        forwarded = [rule for rule in self.rules if FORWARD_EVENT in rule.events]
        last_answers.forward_channels = (
            tuple(dict.fromkeys(c for rule in forwarded for c in rule.channels))
            if forwarded
            else tuple(self.channels)
        )

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

    async def on_event(self, event: str, data: Mapping[str, Any]) -> None:
        """EventBus listener: queue the event for its channels."""
        await self.route(event, data)

    async def route(self, event: str, data: Mapping[str, Any]) -> int:
        """Queue the event for the channels its rules name; returns how many were queued."""
        routes = self.routes(event)
        if not routes:
            return 0
        now = time.time()
        key = idempotency_key(event, data, now)
        inner = _inner(data)
        text = str(data.get("text") or event)
        queued = 0
        for channel, to in routes:
            notification = Notification(
                text=text,
                title=str(inner.get("title", "")),
                event=event,
                to=to,
                time=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
                data=dict(inner),
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

    # -- device status ----------------------------------------------------------------------

    async def tap(self, messages: AsyncIterator[tuple[str, bytes]]) -> AsyncIterator[tuple[str, bytes]]:
        """Pass every MQTT message on, looking at ``ting/status/<siteId>`` on the way."""
        async for topic, payload in messages:
            if topic.startswith(_STATUS_PREFIX):
                task = asyncio.create_task(self.on_status(topic, payload))
                task.add_done_callback(_log_failure)
            yield topic, payload

    async def on_status(self, topic: str, payload: bytes) -> None:
        """A device's retained status changed: emit ``device.offline`` / ``device.online`` on changes
        (the first status seen after start is only remembered)."""
        try:
            status = json.loads(payload)
        except ValueError:
            return
        if not isinstance(status, dict) or status.get("role", "device") != "device":
            return
        site = topic[len(_STATUS_PREFIX) :]
        state = str(status.get("state", ""))
        previous = self._site_states.get(site)
        self._site_states[site] = state
        if previous is None or previous == state or state not in ("online", "offline"):
            return
        lang = self.settings.household.language
        text = (
            f"设备 {site} {'已离线' if state == 'offline' else '已重新上线'}"
            if lang == "zh"
            else f"Device {site} is {state}"
        )
        await self._emit(
            f"device.{state}",
            {"event": f"device.{state}", "text": text, "data": {"site_id": site, "at": time.time()}},
        )


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        _LOGGER.error("push: status handling failed: %s", task.exception())
