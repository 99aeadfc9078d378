"""Push: the channels and their state, the outbox (pending, sent, failed with the reason), the rules, and
a test message sent now."""

from __future__ import annotations

import math
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ting.errors import PushError
from ting.server.dashboard.context import Context
from ting.server.dashboard.render import NavItem, state_of
from ting.server.push.base import Notification
from ting.server.state import ServerState

NAV = NavItem("/ui/push", "push")
SHOWN_MESSAGES = 50


@dataclass(frozen=True)
class ChannelRow:
    name: str
    type: str
    state: str
    """``working``, ``paused`` (a rate limit: the API's answer or the channel's ``rate_per_minute``),
    ``outage`` (consecutive transient failures: probing)."""
    sent: int
    failed: int
    paused_seconds: int = 0
    """How long it still waits before the next send (paused or outage)."""
    rate_per_minute: int = 0
    events: tuple[str, ...] = ()
    """What the rules send it (``*``: every event)."""


@dataclass(frozen=True)
class TestOutcome:
    channel: str
    ok: bool
    error: str | None


def channels(state: ServerState) -> list[ChannelRow]:
    push = state.push
    rows = []
    for name in push.channels:
        stats = push.outbox.stats.get(name)
        limiter = push.outbox.limiters.get(name)
        wait = math.ceil(limiter.delay()) if limiter is not None else 0
        kind = getattr(state.settings.push.get(name), "type", "")
        outage = stats is not None and stats.outage_failures > 0
        events = tuple(dict.fromkeys(e for rule in push.rules if name in rule.channels for e in rule.events))
        rows.append(ChannelRow(
            name, kind, "outage" if outage else "paused" if wait > 0 else "working",
            stats.sent if stats else 0, stats.failed if stats else 0, paused_seconds=wait,
            rate_per_minute=limiter.per_minute if limiter is not None else 0, events=events,
        ))  # fmt: skip
    return rows


def routes(router: APIRouter, ctx: Context) -> None:
    auth, renderer = ctx.auth, ctx.renderer

    async def page(request: Request, outcome: TestOutcome | None = None) -> HTMLResponse:
        session = auth.require(request)
        state = state_of(request)
        messages = await state.store.outbox_list(status=None, channel=None, limit=SHOWN_MESSAGES)
        return renderer.page(
            request, session, "push.html", title_key="push", channels=channels(state), messages=messages,
            rules=state.push.rules, outcome=outcome,
        )  # fmt: skip

    @router.get(NAV.path)
    async def push(request: Request) -> HTMLResponse:
        return await page(request)

    @router.post(NAV.path + "/test/{channel}")
    async def test(channel: str, request: Request) -> HTMLResponse:
        await auth.checked_form(request)
        layer = state_of(request).push
        if channel not in layer.channels:
            raise HTTPException(404, f"no push channel {channel!r}")
        notification = Notification(text="ting 推送测试 / push test", title="ting", event="test")
        try:
            await layer.send_now(channel, notification)
        except PushError as error:
            return await page(request, TestOutcome(channel, False, str(error)))
        return await page(request, TestOutcome(channel, True, None))
