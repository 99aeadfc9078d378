"""A fake Open-Meteo on loopback per test, and the weather skill's settings pointing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.fake_http import serving
from tests.server.conftest import probe
from tests.weather.fake_openmeteo import FakeOpenMeteo

__all__ = ["open_meteo", "open_meteo_table", "probe"]

NOW = "2026-12-03T09:30:00"  # a Thursday morning, household time (Asia/Shanghai): the fake's first day


def open_meteo_table(url: str, **extra: Any) -> dict[str, Any]:
    """``[skills.weather]`` as a user would write it, with the fake's endpoints."""
    return {
        "city": "上海",
        "open_meteo_forecast_url": f"{url}/v1/forecast",
        "open_meteo_geocoding_url": f"{url}/v1/search",
        "open_meteo_air_quality_url": f"{url}/v1/air-quality",
        **extra,
    }


@pytest.fixture
async def open_meteo() -> AsyncIterator[tuple[FakeOpenMeteo, str]]:
    api = FakeOpenMeteo()
    async with serving(api) as url:
        yield api, url
