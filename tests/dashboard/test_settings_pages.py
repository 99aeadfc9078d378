"""Settings as a person uses them in Debian's chromium: where home is (the weather skill's own message for a
bad coordinate), music folders and radio stations (the loader's message; comments kept), a library rescan,
and a model downloaded from a local model server with its progress shown, then installed.

The module has its own server (``dashboard`` overrides the shared fixture): its config names a music folder
with a WAV made here and a model server on loopback serving a zip built here, in the layout of the official
Vosk archives (``tests/device/listening/test_models.py`` serves the same layout to the command itself).
"""

from __future__ import annotations

import asyncio
import http.server
import os
import re
import threading
import uuid
import wave
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Page, expect

from tests.dashboard.conftest import TOKEN, Dashboard, write_config
from tests.fake_http import serving
from tests.push.fakes import FakeTencent
from ting.mqtt.url import BrokerAddress
from ting.server.host import running_server
from ting.settings import load_settings

pytestmark = pytest.mark.asyncio(loop_scope="session")

MODEL = "small-ko-0.22"
ARCHIVE = f"vosk-model-{MODEL}.zip"
HANGING_MODEL = "small-en-us-0.15"
"""Served as slowly as ever until the test's end: a download the server's stop must end."""
FIRST_BYTES = 1024 * 1024


class ModelServer:
    """Serves the archive: the first MiB at once, then a trickle until ``release`` is set (the page must
    show a download in the middle), then the rest. Anything else is a 404."""

    def __init__(self, archive: bytes) -> None:
        self.archive = archive
        self.release = threading.Event()
        self.stop = threading.Event()

    def handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                name = self.path.rsplit("/", 1)[-1]
                if name not in (ARCHIVE, f"vosk-model-{HANGING_MODEL}.zip"):
                    self.send_error(404)
                    return
                release = served.release if name == ARCHIVE else served.stop
                body = served.archive
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:FIRST_BYTES])
                sent = FIRST_BYTES
                while not release.wait(0.5) and not served.stop.is_set():
                    self.wfile.write(body[sent : sent + 1024])  # keeps the client's read alive
                    self.wfile.flush()
                    sent += 1024
                self.wfile.write(body[sent:])

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture(scope="module")
def model_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ModelServer]]:
    path = tmp_path_factory.mktemp("archive") / ARCHIVE
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr(f"vosk-model-{MODEL}/am/final.mdl", os.urandom(4 * 1024 * 1024))
        bundle.writestr(f"vosk-model-{MODEL}/conf/model.conf", "--sample-frequency=16000\n")
    served = ModelServer(path.read_bytes())
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), served.handler())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/vosk", served
    served.stop.set()
    httpd.shutdown()
    httpd.server_close()


def _wav(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x00" * 16000)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def dashboard(
    tmp_path_factory: pytest.TempPathFactory,
    mosquitto: BrokerAddress,
    model_server: tuple[str, ModelServer],
) -> AsyncIterator[Dashboard]:
    folder = tmp_path_factory.mktemp("settings")
    site = f"set-{uuid.uuid4().hex[:6]}"
    _wav(folder / "music" / "晴天.wav")
    fake = FakeTencent()
    async with serving(fake) as fake_url:
        config = write_config(folder, mosquitto, site, fake_url)
        with config.open("a", encoding="utf-8") as file:
            file.write(
                f'\n# models come from the test\'s server\n[device]\nmodels_dir = "{folder / "models"}"\n'
                f'models_base_url = "{model_server[0]}"\n\n'
                f'[media]\n# the family\'s music\nlibrary_folders = ["{folder / "music"}"]\n'
                "rescan_interval_seconds = 0\n"
            )
        settings = load_settings(config, environ={})
        async with running_server(settings, config_file=config) as running:
            await asyncio.wait_for(running.state.client.wait_connected(20), 30)
            yield Dashboard(f"http://127.0.0.1:{running.port}", running, config, site, fake)


async def test_where_home_is_refused_with_the_skills_message_then_written(
    page: Page, dashboard: Dashboard
) -> None:
    before = dashboard.config_file.read_text(encoding="utf-8")
    await page.goto(dashboard.url + "/ui/settings")
    await page.get_by_label("Latitude").fill("91")
    await page.get_by_label("Longitude").fill("116.4")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#settings-error")).to_contain_text(
        "skills.weather.latitude: 91.0 is not within -90..90"
    )
    assert dashboard.config_file.read_text(encoding="utf-8") == before

    await page.get_by_label("Latitude").fill("30.25")
    await page.get_by_label("Longitude").fill("")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#settings-error")).to_contain_text("give both or neither")
    assert dashboard.config_file.read_text(encoding="utf-8") == before

    await page.get_by_label("Longitude").fill("120.15")
    await page.get_by_label("Home city").fill("杭州")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#settings-saved")).to_be_visible()
    after = dashboard.config_file.read_text(encoding="utf-8")
    assert "latitude = 30.25" in after and "longitude = 120.15" in after and 'city = "杭州"' in after
    assert "# where the family lives" in after and "# the family's music" in after
    await expect(page.get_by_label("Latitude")).to_have_value("30.25")
    dashboard.config_file.write_text(before, encoding="utf-8")


async def test_music_folders_and_stations_are_checked_and_written(
    page: Page, dashboard: Dashboard, tmp_path: Path
) -> None:
    before = dashboard.config_file.read_text(encoding="utf-8")
    await page.goto(dashboard.url + "/ui/settings/music")
    missing = tmp_path / "no-such-folder"
    await page.get_by_label("Add a folder").fill(str(missing))
    await page.get_by_role("button", name="Add", exact=True).first.click()
    await expect(page.locator("#settings-error")).to_contain_text(f"music folder {missing} does not exist")
    assert dashboard.config_file.read_text(encoding="utf-8") == before

    await page.get_by_label("Add a folder").fill(str(tmp_path))
    await page.get_by_role("button", name="Add", exact=True).first.click()
    await expect(page.locator("#settings-saved")).to_be_visible()
    await expect(page.locator("#folders")).to_contain_text(str(tmp_path))
    assert load_settings(dashboard.config_file, environ={}).media.library_folders[-1] == tmp_path

    written = dashboard.config_file.read_text(encoding="utf-8")
    await page.get_by_label("Id (letters").fill("cnr/1")
    await page.get_by_label("Chinese name").fill("中国之声")
    await page.get_by_label("Stream URL").fill("http://127.0.0.1:9/cnr1.m3u")
    await page.get_by_role("button", name="Add", exact=True).last.click()
    await expect(page.locator("#settings-error")).to_contain_text("a site id goes into MQTT topics")
    assert dashboard.config_file.read_text(encoding="utf-8") == written
    await expect(page.get_by_label("Chinese name")).to_have_value("中国之声")  # kept to correct

    await page.get_by_label("Id (letters").fill("cnr1")
    await page.get_by_label("English name").fill("China National Radio")
    await page.get_by_role("button", name="Add", exact=True).last.click()
    await expect(page.locator("#stations")).to_contain_text("China National Radio")
    stations = load_settings(dashboard.config_file, environ={}).media.stations
    assert [(s.id, s.name_zh, s.url) for s in stations] == [
        ("cnr1", "中国之声", "http://127.0.0.1:9/cnr1.m3u")
    ]
    assert "# the family's music" in dashboard.config_file.read_text(encoding="utf-8")

    await page.get_by_role("button", name="Remove cnr1").click()
    await expect(page.locator("#stations")).to_contain_text("No station yet.")
    await page.get_by_role("button", name=f"Remove {tmp_path}").click()
    await expect(page.locator("#folders")).not_to_contain_text(str(tmp_path))
    assert load_settings(dashboard.config_file, environ={}).media.stations == ()
    dashboard.config_file.write_text(before, encoding="utf-8")


async def test_rescan_scans_the_library_now(page: Page, dashboard: Dashboard) -> None:
    await page.goto(dashboard.url + "/ui/settings/music")
    await page.get_by_role("button", name="Rescan now").click()
    await expect(page.locator("#scan-result")).to_contain_text("Scanned: 1 tracks")


async def test_a_model_download_shows_its_progress_and_ends_installed(
    page: Page, dashboard: Dashboard, model_server: tuple[str, ModelServer]
) -> None:
    _, served = model_server
    await page.goto(dashboard.url + "/ui/settings/models")
    row = page.locator(f'[id="model-{MODEL}"]')
    await expect(row.locator(".state")).to_have_text("not installed")
    await row.get_by_role("button", name=f"Download {MODEL}").click()
    await expect(row.locator(".percent")).to_have_text(
        re.compile(r"^\d+% · [\d.]+/[\d.]+ MB$"), timeout=60_000
    )
    percent = int((await row.locator(".percent").inner_text()).split("%")[0])
    assert 0 < percent < 100
    served.release.set()
    await expect(row.get_by_role("status")).to_have_text("Downloaded and installed.", timeout=60_000)
    models_dir = load_settings(dashboard.config_file, environ={}).device.models_dir
    assert (models_dir / f"vosk-model-{MODEL}" / "conf" / "model.conf").is_file()
    config = dashboard.config_file.read_text(encoding="utf-8")
    assert f"vosk-model-{MODEL}" in config and "# models come from the test's server" in config
    await page.reload()
    await expect(page.locator(f'[id="model-{MODEL}"] .state')).to_have_text("installed")


async def test_a_failed_model_download_shows_the_http_error(page: Page, dashboard: Dashboard) -> None:
    before = dashboard.config_file.read_text(encoding="utf-8")
    await page.goto(dashboard.url + "/ui/settings/models")
    row = page.locator('[id="model-small-cn-0.22"]')
    await row.get_by_role("button", name="Download small-cn-0.22").click()
    await expect(row.get_by_role("alert")).to_contain_text("HTTP 404", timeout=60_000)
    assert dashboard.config_file.read_text(encoding="utf-8") == before


async def test_only_a_listed_model_is_downloaded(dashboard: Dashboard) -> None:
    headers = {"authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=dashboard.url, headers=headers, timeout=120) as http:
        for hostile in ("--force", "../../etc", "small-ko-0.22 --no-config", "x" * 5000):
            answer = await http.post("/ui/settings/models", data={"name": hostile})
            assert answer.status_code == 422 and "unknown model" in answer.text
        answer = await http.get("/ui/settings/models/progress/never-started")
        assert answer.status_code == 404
        answer = await http.post("/ui/settings/music", data={"action": "format-disk"})
        assert answer.status_code == 422 and "unknown action" in answer.text
    assert not _download_processes(dashboard.config_file)


def _download_processes(config: Path) -> list[int]:
    """The ``ting models download`` children reading ``config``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone, or not a process
            continue
        if b"download" in argv and str(config).encode() in argv:
            found.append(int(entry.name))
    return found


async def test_a_download_running_when_the_server_stops_is_ended(
    tmp_path: Path, mosquitto: BrokerAddress, model_server: tuple[str, ModelServer]
) -> None:
    config = write_config(tmp_path, mosquitto, f"stop-{uuid.uuid4().hex[:6]}", "http://127.0.0.1:9")
    with config.open("a", encoding="utf-8") as file:
        file.write(
            f'\n[device]\nmodels_dir = "{tmp_path / "models"}"\nmodels_base_url = "{model_server[0]}"\n'
        )
    headers = {"authorization": f"Bearer {TOKEN}"}
    async with running_server(load_settings(config, environ={}), config_file=config) as running:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{running.port}", headers=headers) as http:
            answer = await http.post("/ui/settings/models", data={"name": HANGING_MODEL}, timeout=120)
            assert answer.status_code == 200, answer.text
            async with asyncio.timeout(60):
                # the page polls it so too: the progress is only known by asking
                while "%" not in (await http.get(f"/ui/settings/models/progress/{HANGING_MODEL}")).text:  # noqa: ASYNC110
                    await asyncio.sleep(0.2)
        children = _download_processes(config)
        assert children
    async with asyncio.timeout(30):
        while [pid for pid in children if os.path.exists(f"/proc/{pid}")]:  # noqa: ASYNC110, ASYNC240
            await asyncio.sleep(0.1)
    assert not (tmp_path / "models" / f"vosk-model-{HANGING_MODEL}").exists()
