"""The dashboard in a real browser: Debian's chromium driven by Playwright (its own browser download is
never used), against a real server (settings read from a ting.toml it may edit), the session's
mosquitto, a simulated device publishing Hermes traffic, and a fake WeCom robot API for push.

One server per module (pages are checked on different items and devices); every wait is Playwright's
auto-waiting ``expect`` with a generous timeout, so a loaded machine is slower, not red.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from tests.fake_http import serving
from tests.push.fakes import FakeTencent
from ting.mqtt.client import HermesClient
from ting.mqtt.url import BrokerAddress
from ting.server.host import RunningServer, running_server
from ting.settings import MqttSettings, load_settings

TOKEN = "dashboard-test-token-" + "x" * 24
TIMEOUT_MS = 30_000
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")

expect.set_options(timeout=TIMEOUT_MS)


def chromium_binary() -> str:
    for candidate in (*CHROMIUM_PATHS, shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("chromium is not installed: apt-get install chromium (./run tests installs it)")


@dataclass
class Dashboard:
    url: str
    running: RunningServer
    config_file: Path
    site: str
    """The simulated device's site id (area ``kitchen``)."""
    fake: FakeTencent


class Device:
    """A ting device at ``site``: publishes its status and Hermes traffic, records what it is sent."""

    def __init__(self, client: HermesClient) -> None:
        self.client = client
        self.seen: list[tuple[str, dict[str, Any]]] = []
        self._arrived = asyncio.Condition()

    async def collect(self) -> None:
        async for topic, payload in self.client.messages():
            async with self._arrived:
                self.seen.append((topic, json.loads(payload) if payload else {}))
                self._arrived.notify_all()

    async def publish(self, topic: str, data: dict[str, Any]) -> None:
        await self.client.publish_raw(topic, json.dumps(data).encode())

    async def wait_for(
        self, topic: str, where: Callable[[dict[str, Any]], bool], timeout_seconds: float = 60
    ) -> dict[str, Any]:
        async def wait() -> dict[str, Any]:
            async with self._arrived:
                while True:
                    for seen_topic, data in self.seen:
                        if seen_topic == topic and where(data):
                            return data
                    await self._arrived.wait()

        return await asyncio.wait_for(wait(), timeout_seconds)


def write_config(folder: Path, broker: BrokerAddress, site: str, fake_url: str, extra: str = "") -> Path:
    """``extra``: more TOML at the end (a test module's own tables)."""
    config = folder / "ting.toml"
    config.write_text(
        "# the household of the dashboard tests\n"
        f'[server]\nhttp_port = 0\napi_token = "{TOKEN}"\n\n'
        f'[store]\ndata_dir = "{folder / "data"}"\n\n'
        f'[mqtt]\nurl = "{broker.url}"\nembedded_broker = false\n'
        f'client_id = "ting-dash-{uuid.uuid4().hex[:6]}"\nreconnect_min_seconds = 0.05\n\n'
        "[household]\n# where the family lives\n"
        f'timezone = "Asia/Shanghai"\nlanguage = "en"\nsites = {{ {site} = "kitchen" }}\n\n'
        f'[push.robot]\ntype = "wecom_bot"\nkey = "removed-key"\napi_base_url = "{fake_url}"\n'
        + extra.replace("{fake_url}", fake_url),
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def extra_config() -> str:
    """More of ting.toml for this module's server (a module overrides it); ``{fake_url}`` is the fake
    WeCom's address."""
    return ""


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def dashboard(
    tmp_path_factory: pytest.TempPathFactory, mosquitto: BrokerAddress, extra_config: str
) -> AsyncIterator[Dashboard]:
    folder = tmp_path_factory.mktemp("dashboard")
    site = f"dash-{uuid.uuid4().hex[:6]}"
    fake = FakeTencent(removed_keys={"removed-key"})
    async with serving(fake) as fake_url:
        config = write_config(folder, mosquitto, site, fake_url, extra_config)
        settings = load_settings(config, environ={})
        async with running_server(settings, config_file=config) as running:
            await asyncio.wait_for(running.state.client.wait_connected(20), 30)
            yield Dashboard(f"http://127.0.0.1:{running.port}", running, config, site, fake)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def device(dashboard: Dashboard, mqtt_settings: Callable[..., MqttSettings]) -> AsyncIterator[Device]:
    settings = mqtt_settings(client_id=f"ting-device-{dashboard.site}")
    site = dashboard.site
    subscriptions = (f"ting/alarm/{site}/#", "hermes/tts/say", f"ting/media/{site}/volume")
    async with HermesClient(
        settings, site_id=dashboard.site, role="device", subscriptions=subscriptions
    ) as client:
        await asyncio.wait_for(client.wait_connected(20), 30)
        simulated = Device(client)
        task = asyncio.create_task(simulated.collect())
        presence = dashboard.running.state.presence
        async with asyncio.timeout(30):
            while not presence.is_device(dashboard.site):  # noqa: ASYNC110 (the status arrives by MQTT)
                await asyncio.sleep(0.05)
        yield simulated
        task.cancel()
        # the session's broker must not keep this site's retained status for later tests
        await client.publish_raw(f"ting/status/{dashboard.site}", b"", retain=True)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=chromium_binary(), args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield launched
        await launched.close()


@pytest_asyncio.fixture(loop_scope="session")
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    created = await browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    created.set_default_timeout(TIMEOUT_MS)
    created.set_default_navigation_timeout(TIMEOUT_MS)
    yield created
    await created.close()


async def log_in(page: Page, dashboard: Dashboard, token: str = TOKEN) -> None:
    await page.goto(dashboard.url + "/")
    await page.get_by_label("token").fill(token)
    await page.get_by_role("button", name="Log in").click()


@pytest_asyncio.fixture(loop_scope="session")
async def page(context: BrowserContext, dashboard: Dashboard) -> Page:
    """A logged-in page (English: the household's language)."""
    opened = await context.new_page()
    await log_in(opened, dashboard)
    await expect(opened.get_by_role("heading", name="Rooms", exact=True)).to_be_visible()
    return opened
