"""GET /api/weather on a real server (in-process, real broker and store) answering from the fake
Open-Meteo, behind the API token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.fake_http import serving
from tests.weather.conftest import open_meteo_table
from tests.weather.fake_openmeteo import FakeOpenMeteo
from ting.server.host import running_server
from ting.settings import Settings, SkillTable

TOKEN = "weather-token"


@pytest.fixture
async def open_meteo() -> AsyncIterator[tuple[FakeOpenMeteo, str]]:
    # the server runs on the real clock: the fake's days start at the household's today
    api = FakeOpenMeteo(today=datetime.now(ZoneInfo("Asia/Shanghai")).date())
    async with serving(api) as url:
        yield api, url


@pytest.fixture
async def http(
    server_settings: Settings, open_meteo: tuple[FakeOpenMeteo, str]
) -> AsyncIterator[httpx.AsyncClient]:
    _, url = open_meteo
    table = SkillTable(open_meteo_table(url), origin="test")
    settings = replace(
        server_settings,
        server=replace(server_settings.server, api_token=TOKEN),
        skills=replace(server_settings.skills, tables={**server_settings.skills.tables, "weather": table}),
    )
    async with (
        running_server(settings) as server,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=20) as client,
    ):
        yield client


async def test_the_normalized_forecast_behind_the_token(
    http: httpx.AsyncClient, open_meteo: tuple[FakeOpenMeteo, str]
) -> None:
    assert (await http.get("/api/weather")).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    home = await http.get("/api/weather", headers=auth)
    assert home.status_code == 200, home.text
    body: dict[str, Any] = home.json()
    assert body["place"] == "上海" and body["provider"] == "open-meteo" and body["demo"] is False
    assert body["forecast"]["timezone"] == "Asia/Shanghai" and len(body["forecast"]["days"]) == 7
    day = body["forecast"]["days"][1]
    paris = await http.get(
        "/api/weather", params={"place": "Paris", "date": day["date"], "lang": "en"}, headers=auth
    )
    assert paris.status_code == 200 and paris.json()["place"] == "Paris"
    assert paris.json()["date"] == day["date"] and " in Paris" in paris.json()["text"]
    nowhere = await http.get("/api/weather", params={"place": "Atlantis", "lang": "en"}, headers=auth)
    assert (
        nowhere.status_code == 404 and nowhere.json()["detail"] == "I couldn't find a place called Atlantis."
    )
    bad = await http.get("/api/weather", params={"date": "tomorrow"}, headers=auth)
    assert bad.status_code == 422
    open_meteo[0].down = True
    down = await http.get("/api/weather", params={"place": "Beijing", "lang": "en"}, headers=auth)
    assert down.status_code == 503
    assert "/api/weather" in (await http.get("/openapi.json")).json()["paths"]
