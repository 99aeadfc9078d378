"""The dashboard's details, in Debian's chromium against a real server, broker and simulated device: the
login limit, the NLU's second guesses, an alarm's label and repeat edited, push channels paused and in
an outage with their rules, a site's volume set from the page."""

from __future__ import annotations

import asyncio
import json
import math
import re
import socket
import struct
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.async_api import Browser, Locator, Page, expect

from tests.dashboard.conftest import TOKEN, Dashboard, Device
from ting.device.wav import encode_wav
from ting.server.push.base import Notification

pytestmark = pytest.mark.asyncio(loop_scope="session")


def closed_port() -> int:
    """A loopback port nothing listens on (a push API that is down: connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def extra_config() -> str:
    return (
        '\n[push.family]\ntype = "wecom_bot"\nkey = "family-key"\napi_base_url = "{fake_url}"\n'
        f'\n[push.office]\ntype = "wecom_bot"\nkey = "office-key"\napi_base_url = "http://127.0.0.1:{closed_port()}"\n'
        '\n[[push_rules]]\nevents = ["timer.done", "reminder.due"]\nchannels = ["family"]\n'
        '\n[[push_rules]]\nevents = ["device.offline"]\nchannels = ["office"]\nto = ["zhangsan"]\n'
    )


async def reload_until(page: Page, found: Callable[[], Locator], timeout_seconds: float = 60) -> None:
    """Reload until ``found()`` is on the page (a state the server knows but does not push to it)."""
    async with asyncio.timeout(timeout_seconds):
        while True:
            await page.reload()
            if await found().count():
                return
            await asyncio.sleep(0.5)


async def test_bad_tokens_from_one_client_get_429_and_other_clients_still_log_in(
    dashboard: Dashboard,
) -> None:
    # a second loopback address is a second client
    guesser = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    async with httpx.AsyncClient(base_url=dashboard.url, timeout=30, transport=guesser) as client:
        for attempt in range(5):
            answer = await client.post("/ui/login", data={"token": f"guess-{attempt}"})
            assert answer.status_code == 401, attempt
        refused = await client.post("/ui/login", data={"token": "guess-6"})
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 300
        assert "Too many wrong tokens" in refused.text
        right = await client.post("/ui/login", data={"token": TOKEN})  # the guesser learns nothing
        assert right.status_code == 429 and "ting_session" not in right.headers.get("set-cookie", "")
    async with httpx.AsyncClient(base_url=dashboard.url, timeout=30) as other:  # 127.0.0.1
        answer = await other.post("/ui/login", data={"token": TOKEN, "next": "/ui/rooms"})
        assert answer.status_code == 303 and "ting_session=" in answer.headers["set-cookie"]


async def test_the_sentence_box_shows_the_nlus_second_guesses(page: Page, dashboard: Dashboard) -> None:
    await page.goto(dashboard.url + "/ui/try")
    await page.get_by_label("Sentence", exact=True).fill("stop it")
    await page.get_by_label("Site").select_option(dashboard.site)
    await page.get_by_label("Sentence language").select_option("en")
    await page.get_by_role("button", name="Understand").click()
    best = page.locator("#result .card").first
    await expect(best.locator(".intent-name")).to_have_text("alarm.stop")
    await expect(best.locator(".second-guesses .alternative")).to_have_text(["music.stop"])
    await expect(best.locator(".second-guesses")).to_contain_text("music.stop 1.00")


async def test_an_alarms_label_repeat_and_time_are_edited(page: Page, dashboard: Dashboard) -> None:
    service = dashboard.running.state.alarms
    zone = ZoneInfo("Asia/Shanghai")
    first = (datetime.now(zone) + timedelta(days=1)).replace(hour=6, minute=15, second=0, microsecond=0)
    item = await service.add_alarm(site_id=dashboard.site, when=first.replace(tzinfo=None), label="old label",
                                   lang="en")  # fmt: skip
    await page.goto(dashboard.url + "/ui/alarms")
    card = page.locator(f"#item-{item.id}")
    await card.get_by_label("Label", exact=True).fill("school run")
    await card.get_by_label("Repeat", exact=True).select_option("weekdays")
    await card.get_by_label("Due", exact=True).fill(
        first.replace(hour=7, minute=30).strftime("%Y-%m-%dT%H:%M:%S")
    )
    await card.get_by_role("button", name="Save").click()
    card = page.locator(f"#item-{item.id}")
    await expect(card.locator("h3")).to_have_text("Alarm: school run")
    await expect(card).to_contain_text("Repeat: weekdays")
    await expect(card.get_by_label("Repeat", exact=True)).to_have_value("weekdays")
    stored = await service.get(item.id)
    assert stored is not None
    assert (stored.label, stored.recurrence, stored.wall_time) == ("school run", "weekdays", "07:30:00")
    assert datetime.fromtimestamp(stored.due_unix, zone).strftime("%H:%M") == "07:30"

    await card.get_by_label("Repeat", exact=True).select_option("")  # once again
    await card.get_by_label("Label", exact=True).fill("")
    await card.get_by_role("button", name="Save").click()
    await expect(page.locator(f"#item-{item.id} h3")).to_have_text("Alarm")
    stored = await service.get(item.id)
    assert stored is not None and (stored.label, stored.recurrence, stored.wall_time) == (None, None, None)

    await page.locator(f"#item-{item.id}").get_by_label("Repeat", exact=True).select_option("")
    await page.evaluate(  # a hostile form: a rule the page does not offer is refused with its message
        f"document.querySelector('#recurrence-{item.id}').add(new Option('x', 'fortnightly', true, true))"
    )
    await page.locator(f"#item-{item.id}").get_by_role("button", name="Save").click()
    await expect(page.locator("#alarm-error")).to_contain_text("fortnightly")
    await service.cancel(item.id)


async def test_push_channels_show_paused_outage_and_their_rules(page: Page, dashboard: Dashboard) -> None:
    push = dashboard.running.state.push
    dashboard.fake.rate_limited_until = time.monotonic() + 3600  # the robot API answers 45009
    try:
        await push.outbox.enqueue(
            "family", Notification(text="rate limited", event="timer.done"), uuid.uuid4().hex
        )
        await push.outbox.enqueue(
            "office", Notification(text="api down", event="device.offline"), uuid.uuid4().hex
        )
        await page.goto(dashboard.url + "/ui/push")
        family, office = page.locator("#channel-family"), page.locator("#channel-office")
        # the pause lasts 60 s and is renewed by the next 45009: reloaded until the page sees one
        await reload_until(page, lambda: family.locator(".badge.paused"))
        await expect(family.locator(".pause")).to_have_text(re.compile(r"^\(next send in \d+ s\)$"))
        await reload_until(page, lambda: office.locator(".badge.outage"))
        await expect(family).to_contain_text("rate limit: 20 / min")
        await expect(family.locator("code")).to_have_text(["timer.done", "reminder.due"])
        await expect(office.locator("code")).to_have_text(["device.offline"])
        rules = page.locator("#rules li")
        await expect(rules).to_have_text(
            ["timer.done, reminder.due → family", "device.offline → office (@zhangsan)"]
        )
        await expect(page.locator("#outbox")).to_contain_text("errcode 45009")
    finally:
        dashboard.fake.rate_limited_until = 0.0


async def test_a_sites_volume_is_set_from_the_page(page: Page, dashboard: Dashboard, device: Device) -> None:
    site = dashboard.site
    state_topic = f"ting/media/{site}/state"
    players = dashboard.running.state.media.players

    async def report(volume: int) -> None:
        """What the device's player does after a volume command: its retained state."""
        state = {"siteId": site, "status": "stopped", "volume": volume}
        await device.client.publish_raw(state_topic, json.dumps(state).encode(), retain=True)
        async with asyncio.timeout(30):
            while getattr(players.state(site), "volume", None) != volume:  # noqa: ASYNC110 (it arrives by MQTT)
                await asyncio.sleep(0.05)

    try:
        await report(70)
        await page.goto(dashboard.url + "/ui/rooms")
        card = page.locator(f"#site-{site}")
        await expect(card.locator(".volume")).to_have_text("volume: 70 %")
        await card.get_by_label("Volume (0–100)", exact=True).fill("35")
        await card.get_by_role("button", name=f"Volume (0–100): {site}").click()
        sent = await device.wait_for(f"ting/media/{site}/volume", lambda d: d.get("level") == 35)
        assert sent.get("change") is None
        await report(35)
        await page.reload()
        await expect(page.locator(f"#site-{site} .volume")).to_have_text("volume: 35 %")
    finally:
        await device.client.publish_raw(state_topic, b"", retain=True)


def tone_wav(seconds: float) -> bytes:
    frames = int(16_000 * seconds)
    samples = (int(8000 * math.sin(2 * math.pi * 440 * n / 16_000)) for n in range(frames))
    return encode_wav(struct.pack(f"<{frames}h", *samples))


async def test_the_live_entry_replays_the_recognized_audio(
    page: Page, dashboard: Dashboard, device: Device, browser: Browser
) -> None:
    await page.goto(dashboard.url + "/ui/live")
    await expect(page.locator("#turns")).to_have_attribute("data-connected", "1")
    site, session = dashboard.site, uuid.uuid4().hex
    router, client = dashboard.running.state.router, dashboard.running.state.client
    failures, dropped = router.failures, client.dropped_messages
    await device.publish(
        "hermes/hotword/ting/detected", {"modelId": "ting", "siteId": site, "sessionId": session}
    )
    await device.publish("hermes/asr/textCaptured", {
        "text": "what time is it", "likelihood": 0.9, "seconds": 1.0, "siteId": site, "sessionId": session,
    })  # fmt: skip
    topic = f"rhasspy/asr/{site}/{session}/audioCaptured"
    await device.client.publish_raw(topic, b"RIFF\x10\x00\x00\x00WAVEnot really")  # malformed: refused
    await device.client.publish_raw(topic, tone_wav(9.0))  # 288 KB, over mqtt.max_payload_bytes: dropped
    good = tone_wav(1.0)
    await device.client.publish_raw(topic, good)
    turn = page.locator(f'#turns li.turn[data-site="{site}"]', has_text="what time is it")
    audio = turn.locator(".replay audio")
    await expect(audio).to_have_attribute("src", re.compile(r"^/ui/live/audio/[0-9a-f]{32}$"))
    await expect(audio).to_have_attribute("aria-label", f"Replay the recognized audio: {site}")
    async with asyncio.timeout(30):  # each refused with a log line; the consumer went on
        while router.failures == failures or client.dropped_messages == dropped:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    src = await audio.get_attribute("src")
    assert src is not None
    answer = await page.request.get(dashboard.url + src)
    assert answer.ok and answer.headers["content-type"] == "audio/wav" and await answer.body() == good
    duration = await audio.evaluate(
        """element => new Promise((resolve, reject) => {
             element.addEventListener("loadedmetadata", () => resolve(element.duration));
             element.addEventListener("error", () => reject(new Error("audio error " + element.error.code)));
             element.preload = "metadata"; element.load();
           })"""
    )
    assert duration == pytest.approx(1.0, abs=0.05)  # the browser reads it as the 1 s file

    stranger = await browser.new_context()
    try:
        refused = await stranger.request.get(dashboard.url + src, max_redirects=0)
        assert refused.status == 303 and refused.headers["location"].startswith("/ui/login")
    finally:
        await stranger.close()
