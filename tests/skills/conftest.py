"""Fixtures for skill tests: a real SQLite store in tmp_path and the demo household."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ting.nlu.registry import Household, load_household
from ting.server.store import SqliteStore


@pytest.fixture
def household() -> Household:
    return load_household(None)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    async with SqliteStore.in_dir(tmp_path / "data") as opened:
        assert isinstance(opened, SqliteStore)
        yield opened
