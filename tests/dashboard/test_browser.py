"""The dashboard as a person uses it: Debian's chromium (Playwright) against a real server and broker, a
simulated device publishing Hermes traffic at its site."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.dashboard.conftest import TIMEOUT_MS, TOKEN, Dashboard, Device, log_in

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_login_is_required_and_a_bad_token_refused(
    context: BrowserContext, dashboard: Dashboard
) -> None:
    page = await context.new_page()
    await page.goto(dashboard.url + "/ui/alarms")
    await expect(page).to_have_url(re.compile(r"/ui/login\?next=/ui/alarms$"))
    await page.get_by_label("token").fill("not-the-token")
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("alert")).to_have_text("Wrong token, try again.")
    assert not [c for c in await context.cookies() if c["name"] == "ting_session"]

    await page.get_by_label("token").fill(TOKEN)
    await page.get_by_role("button", name="Log in").click()
    await expect(
        page.get_by_role("heading", name="Alarms", exact=True)
    ).to_be_visible()  # back to where it was
    cookie = next(c for c in await context.cookies() if c["name"] == "ting_session")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"


async def test_the_live_log_shows_a_spoken_command_end_to_end(
    page: Page, dashboard: Dashboard, device: Device
) -> None:
    await page.goto(dashboard.url + "/ui/live")
    await expect(page.locator("#turns")).to_have_attribute("data-connected", "1")
    session = uuid.uuid4().hex
    site = dashboard.site
    await device.publish(
        "hermes/hotword/ting/detected", {"modelId": "ting", "siteId": site, "sessionId": session}
    )
    await device.publish("hermes/asr/textCaptured", {
        "text": "turn on the kitchen light", "likelihood": 0.9, "seconds": 1.2, "siteId": site,
        "sessionId": session, "lang": "en",
    })  # fmt: skip
    await device.publish("hermes/intent/home.turn_on", {
        "input": "turn on the kitchen light",
        "intent": {"intentName": "home.turn_on", "confidenceScore": 1.0},
        "slots": [{"slotName": "device", "entity": "device", "rawValue": "kitchen light",
                   "value": {"kind": "Custom", "value": "kitchen_light"}}],
        "siteId": site, "sessionId": session, "lang": "en",
    })  # fmt: skip
    turn = page.locator(f'#turns li.turn[data-site="{site}"]').first
    await expect(turn.locator(".step.wake")).to_contain_text("wake")
    await expect(turn.locator(".step.transcript")).to_contain_text("turn on the kitchen light")
    await expect(turn.locator(".step.intent")).to_contain_text("home.turn_on")
    await expect(turn.locator(".step.intent")).to_contain_text("device=kitchen_light")
    answer = await device.wait_for("hermes/tts/say", lambda d: d.get("sessionId") == session)
    await expect(turn.locator(".step.answer")).to_contain_text(answer["text"])
    await expect(turn.locator(".step.answer .latency")).to_have_text(re.compile(r"^\+\d+ ms$"))


async def test_an_alarm_added_on_the_page_rings_on_the_device(
    page: Page, dashboard: Dashboard, device: Device
) -> None:
    await page.goto(dashboard.url + "/ui/alarms")
    label = f"page alarm {uuid.uuid4().hex[:4]}"
    form = page.locator("form", has=page.locator("#alarm-time"))
    await form.get_by_label("Label").fill(label)
    await form.get_by_label("Site").select_option(dashboard.site)
    due = datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(seconds=20)
    await form.get_by_label("Due").fill(due.strftime("%Y-%m-%dT%H:%M:%S"))
    await form.get_by_role("button", name="Add").click()
    item = page.locator("#items li", has_text=label)
    await expect(item).to_contain_text("pending")
    ring = await device.wait_for(f"ting/alarm/{dashboard.site}/ring", lambda d: d.get("label") == label, 90)
    assert ring["kind"] == "alarm"
    await page.reload()
    await expect(item).to_contain_text("ringing")
    await item.get_by_role("button", name="Snooze").click()
    stop = await device.wait_for(f"ting/alarm/{dashboard.site}/stop", lambda d: d.get("id") == ring["id"])
    assert stop["reason"] == "snoozed"
    await expect(page.locator("#items li", has_text=label)).to_contain_text("pending")


async def test_a_device_switched_on_the_page_changes_state(
    page: Page, dashboard: Dashboard, device: Device
) -> None:
    home = dashboard.running.state.runtime.home
    assert not (await home.get_state("range_hood")).on
    card = page.locator("#device-range_hood")
    await expect(card).to_have_attribute("data-state", "off")
    await card.get_by_role("button", name="Turn on range hood").click()
    await expect(card).to_have_attribute("data-state", "on")
    assert (await home.get_state("range_hood")).on
    await card.get_by_role("button", name="Turn off range hood").click()
    await expect(card).to_have_attribute("data-state", "off")
    assert not (await home.get_state("range_hood")).on
    site = page.locator(f'#sites li[data-site="{dashboard.site}"]')
    await expect(site).to_contain_text("online")


async def test_a_failed_push_shows_its_reason(page: Page, dashboard: Dashboard) -> None:
    await page.goto(dashboard.url + "/ui/push")
    await page.get_by_role("button", name="Send a test: robot").click()
    outcome = page.locator("#test-outcome")
    await expect(outcome).to_contain_text("Test failed")
    await expect(outcome).to_contain_text("93000")


async def test_the_sentence_box_shows_the_intent(page: Page, dashboard: Dashboard) -> None:
    await page.goto(dashboard.url + "/ui/try")
    await page.get_by_label("Sentence", exact=True).fill("turn on the tv")
    await page.get_by_label("Sentence language").select_option("en")
    await page.get_by_role("button", name="Understand").click()
    result = page.locator("#result")
    await expect(result.locator(".intent-name").first).to_have_text("home.turn_on")
    await expect(result.locator("table")).to_contain_text("tv")


async def test_settings_errors_show_the_loaders_message(page: Page, dashboard: Dashboard) -> None:
    before = dashboard.config_file.read_text(encoding="utf-8")
    await page.goto(dashboard.url + "/ui/settings")
    await page.get_by_label("Time zone").fill("Mars/Olympus")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#settings-error")).to_contain_text("unknown time zone 'Mars/Olympus'")
    assert dashboard.config_file.read_text(encoding="utf-8") == before

    await page.get_by_label("Time zone").fill("Europe/Berlin")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#settings-saved")).to_be_visible()
    after = dashboard.config_file.read_text(encoding="utf-8")
    assert 'timezone = "Europe/Berlin"' in after and "# where the family lives" in after
    assert "region" not in after and "weather" not in after  # shown, not changed: not written

    await page.get_by_label("QWeather API key").fill("secret-key-123")
    await page.get_by_label("Chinese voice").fill("zh_CN-huayan-medium")
    await page.get_by_role("button", name="Save").click()
    # the page before showed "saved" too: the new one is known by the key's placeholder
    await expect(page.get_by_label("QWeather API key")).to_have_attribute("placeholder", re.compile("^set"))
    await expect(page.locator("#settings-saved")).to_be_visible()
    after = dashboard.config_file.read_text(encoding="utf-8")
    assert 'qweather_api_key = "secret-key-123"' in after and 'zh = "zh_CN-huayan-medium"' in after
    assert "secret-key-123" not in await page.content()
    dashboard.config_file.write_text(before, encoding="utf-8")


async def test_the_language_switch_is_remembered(browser: Browser, dashboard: Dashboard) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = await context.new_page()
        await log_in(page, dashboard)
        await page.get_by_role("link", name="中文").click()
        await expect(page.get_by_role("heading", name="房间", exact=True)).to_be_visible()
        await page.goto(dashboard.url + "/ui/alarms")
        await expect(page.locator("h1")).to_have_text("闹钟与提醒")
        await expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    finally:
        await context.close()


async def test_rooms_show_what_a_site_plays_and_its_volume(
    page: Page, dashboard: Dashboard, device: Device
) -> None:
    topic = f"ting/media/{dashboard.site}/state"
    state = {
        "siteId": dashboard.site, "status": "playing", "volume": 35,
        "item": {"url": "http://127.0.0.1/x.mp3", "title": "茉莉花", "artist": "宋祖英"},
    }  # fmt: skip
    await device.client.publish_raw(topic, json.dumps(state).encode(), retain=True)
    try:
        players = dashboard.running.state.media.players
        async with asyncio.timeout(30):
            while players.state(dashboard.site) is None:  # noqa: ASYNC110 (it arrives by MQTT)
                await asyncio.sleep(0.05)
        await page.reload()
        site = page.locator(f'#sites li[data-site="{dashboard.site}"]')
        await expect(site).to_contain_text("playing: 茉莉花 — 宋祖英")
        await expect(site).to_contain_text("volume: 35 %")
    finally:
        await device.client.publish_raw(topic, b"", retain=True)
