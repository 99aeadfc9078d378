"""The topic router and the presence tracker: filters, isolation of handlers, what a status means."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator

import pytest

from ting.errors import MessageError
from ting.messages import SiteState, SiteStatus
from ting.server.presence import Presence, PresenceChange
from ting.server.router import Route, TopicRouter, topic_matches


@pytest.mark.parametrize(
    ("topic_filter", "topic", "expected"),
    [
        ("hermes/intent/#", "hermes/intent/home.turn_on", True),
        ("hermes/intent/#", "hermes/intent/a/b", True),
        ("hermes/intent/#", "hermes/intentx/a", False),
        ("ting/status/+", "ting/status/kitchen", True),
        ("ting/status/+", "ting/status/a/b", False),
        ("ting/status/+", "ting/status", False),
        ("hermes/nlu/query", "hermes/nlu/query", True),
        ("hermes/nlu/query", "hermes/nlu/query/x", False),
        ("#", "anything/at/all", True),
    ],
)
def test_topic_filters(topic_filter: str, topic: str, expected: bool) -> None:
    assert topic_matches(topic_filter, topic) is expected


async def feed(messages: list[tuple[str, bytes]]) -> AsyncIterator[tuple[str, bytes]]:
    for message in messages:
        yield message


async def test_a_failing_handler_loses_its_message_not_the_consumer(caplog: pytest.LogCaptureFixture) -> None:
    handled: list[bytes] = []

    async def fragile(topic: str, payload: bytes) -> None:
        data = json.loads(payload)
        if data == "boom":
            raise RuntimeError("handler bug")
        if data == "deep":
            raise RecursionError("maximum recursion depth exceeded")
        if data == "bad":
            raise MessageError("payload: expected an object")
        handled.append(payload)

    async def other(topic: str, payload: bytes) -> None:
        handled.append(b"other:" + payload)

    router = TopicRouter([Route("a/+", fragile), Route("a/#", other)])
    assert router.subscriptions() == ("a/+", "a/#")
    messages = [("a/x", json.dumps(value).encode()) for value in ("boom", "deep", "bad", "fine")]
    with caplog.at_level(logging.WARNING, logger="ting.server.router"):
        await asyncio.wait_for(router.run(feed(messages)), 5)
        await asyncio.wait_for(router.drain(), 5)
    assert b'"fine"' in handled and len([h for h in handled if h.startswith(b"other:")]) == 4
    assert router.failures == 3
    logged = caplog.text
    assert "handler bug" in logged and "maximum recursion depth" in logged and "a/x" in logged
    assert "expected an object" in logged


async def test_presence_tracks_statuses_and_tells_of_changes() -> None:
    changes: list[PresenceChange] = []

    async def listener(change: PresenceChange) -> None:
        changes.append(change)

    presence = Presence([listener])

    async def status(site: str, state: SiteState, role: str = "device") -> None:
        message = SiteStatus(site_id=site, state=state, role=role)
        await presence.on_status(message.message_topic(), message.payload())

    assert not presence.offline("kitchen")  # never heard of: assumed to listen
    await status("kitchen", SiteState.ONLINE)
    await status("den", SiteState.OFFLINE)
    await status("server", SiteState.ONLINE, role="server")
    assert presence.online_devices() == ["kitchen"] and presence.offline("den")
    assert changes == []  # the first status of a site is only remembered
    await status("kitchen", SiteState.OFFLINE)
    await status("kitchen", SiteState.OFFLINE)
    await status("server", SiteState.OFFLINE, role="server")
    await status("den", SiteState.ONLINE)
    assert changes == [
        PresenceChange("kitchen", SiteState.OFFLINE, SiteState.ONLINE),
        PresenceChange("den", SiteState.ONLINE, SiteState.OFFLINE),
    ]
    await presence.on_status("ting/status/den", b"")  # a cleared retained status
    assert presence.online_devices() == [] and not presence.offline("den")
    with pytest.raises(MessageError):
        await presence.on_status("ting/status/den", b'{"siteId": "den", "state": "asleep"}')
    await presence.on_status(
        "ting/status/den", SiteStatus(site_id="elsewhere", state=SiteState.ONLINE).payload()
    )
    assert presence.online_devices() == []  # a status naming another site than its topic is ignored


async def test_a_dead_consumer_is_restarted_and_reported_down_meanwhile() -> None:
    """The consumer task once ended for good while /healthz still said ok; under supervision it is
    started again, and ``running`` (what /healthz reports) is False while it is down."""
    from ting.supervise import Backoff, supervise

    handled: list[str] = []
    seen_running: list[bool] = []
    runs = 0

    async def handler(topic: str, payload: bytes) -> None:
        handled.append(topic)

    router = TopicRouter([Route("t/#", handler)])

    async def messages() -> AsyncIterator[tuple[str, bytes]]:
        nonlocal runs
        runs += 1
        seen_running.append(router.running)
        yield f"t/{runs}", b"{}"
        if runs == 1:
            raise ConnectionError("the message source broke")

    async def consume() -> None:
        await router.run(messages())

    async def watch() -> None:
        while runs < 2:
            seen_running.append(router.running)
            await asyncio.sleep(0)

    await asyncio.wait_for(asyncio.gather(supervise("consumer", consume, Backoff(0.05, 0.1)), watch()), 5)
    await router.drain()
    assert runs == 2 and sorted(handled) == ["t/1", "t/2"]
    assert True in seen_running and False in seen_running  # down between the runs
    assert router.running is False  # the second run ended normally: not restarted
