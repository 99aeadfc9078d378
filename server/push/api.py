"""HTTP API of the push layer: message status and a test send."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from ting.errors import PushError
from ting.server.api import StateDep
from ting.server.push.base import Notification

router = APIRouter()


class OutboxMessage(BaseModel):
    id: str
    channel: str
    idempotency_key: str
    status: Literal["pending", "sending", "sent", "failed"]
    attempts: int
    next_attempt_at_unix: float
    last_error: str | None
    created_at_unix: float
    sent_at_unix: float | None
    text: str
    event: str


class TestResult(BaseModel):
    ok: bool
    channel: str
    answers: list[Any]
    warnings: list[str]
    error: str | None = None


@router.get("/api/push/messages", response_model=list[OutboxMessage])
async def messages(
    state: StateDep,
    status: Literal["pending", "sending", "sent", "failed"] | None = None,
    channel: str | None = None,
    limit: int = 100,
) -> list[OutboxMessage]:
    """Outbox messages, newest first, with their delivery status and last error."""
    records = await state.store.outbox_list(status=status, channel=channel, limit=max(1, min(limit, 1000)))
    return [
        OutboxMessage(
            id=r.id,
            channel=r.channel,
            idempotency_key=r.idempotency_key,
            status=r.status,
            attempts=r.attempts,
            next_attempt_at_unix=r.next_attempt_at_unix,
            last_error=r.last_error,
            created_at_unix=r.created_at_unix,
            sent_at_unix=r.sent_at_unix,
            text=str(r.payload.get("text", "")),
            event=str(r.payload.get("event", "")),
        )
        for r in records
    ]


@router.post("/api/push/test/{channel}", response_model=TestResult)
async def test(channel: str, state: StateDep, text: str = "ting 推送测试 / push test") -> TestResult:
    """Send a test message now (outside the outbox) and return the API's exact answer."""
    if state.push is None or channel not in state.push.channels:
        raise HTTPException(404, f"no push channel {channel!r}")
    try:
        delivery = await state.push.send_now(channel, Notification(text=text, title="ting", event="test"))
    except PushError as error:
        return TestResult(ok=False, channel=channel, answers=[error.answer], warnings=[], error=str(error))
    return TestResult(
        ok=True, channel=channel, answers=list(delivery.answers), warnings=list(delivery.warnings)
    )
