"""Screenshots of the dashboard at phone and desktop width, from the running demo, for docs/dashboard.md.

    .venv/bin/python tools/dashboard_screenshots.py [--out docs/dashboard] [--lang en|zh]

Starts ``ting demo --text --interactive`` (its own broker and server on free ports), lets its script run,
puts two simulated devices online in its broker (so Rooms has sites to show), then opens every page in
Debian's chromium (Playwright, ``executable_path``: no browser download) at 390 px and 1280 px wide.
Ends the demo by closing its standard input.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from contextlib import AsyncExitStack
from pathlib import Path
from urllib.parse import quote

from playwright.async_api import async_playwright

from ting.messages import DeviceHeartbeat
from ting.mqtt.client import HermesClient
from ting.settings import MqttSettings

PAGES = {
    "rooms": "/ui/rooms",
    "live": "/ui/live",
    "alarms": "/ui/alarms",
    "try": "/ui/try?site=living_room&text=" + quote("把客厅灯调到百分之五十"),
    "push": "/ui/push",
    "settings": "/ui/settings",
    "settings-music": "/ui/settings/music",
    "settings-models": "/ui/settings/models",
}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
SIMULATED_SITES = ("living_room", "kitchen")
TING = str(Path(sys.executable).with_name("ting"))


def main(out: Path, lang: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    demo = subprocess.Popen(
        [TING, "demo", "--text", "--interactive"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert demo.stdin and demo.stdout
    try:
        broker = url = ""
        for line in iter(demo.stdout.readline, ""):
            if line.startswith("ting demo: broker "):
                broker = line.split("broker ", 1)[1].split(",", 1)[0]
            if line.startswith("dashboard: "):
                url = line.split(": ", 1)[1].strip().rstrip("/")
            if line.startswith("Type a command"):
                break
        if not url or not broker:
            raise SystemExit("the demo did not print its broker and dashboard addresses")
        asyncio.run(_with_devices(broker, url, out, lang))
    finally:
        demo.stdin.close()
        demo.wait(timeout=60)


async def _with_devices(broker: str, url: str, out: Path, lang: str) -> None:
    async with AsyncExitStack() as stack:
        for site in SIMULATED_SITES:
            client = await stack.enter_async_context(
                HermesClient(MqttSettings(url=broker, embedded_broker=False), site_id=site, role="device")
            )
            await client.wait_connected(10)
            await client.publish(DeviceHeartbeat(site_id=site, state="idle", uptime_seconds=60))
        await asyncio.sleep(0.5)
        await _shoot(url, out, lang)


async def _shoot(url: str, out: Path, lang: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width_name, (width, height) in WIDTHS.items():
            context = await browser.new_context(viewport={"width": width, "height": height})
            page = await context.new_page()
            await page.goto(f"{url}/ui/lang/{lang}?next=/ui/rooms")
            for name, path in PAGES.items():
                await page.goto(url + path)
                target = out / f"{name}-{width_name}.png"
                await page.screenshot(path=str(target), full_page=False)
                print(target)
            await context.close()
        await browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs/dashboard"))
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    arguments = parser.parse_args()
    main(arguments.out, arguments.lang)
