"""Bounds at every entry: absurd numbers, durations and times get a clear answer (spoken, or 422), never a
stored absurdity or a 500."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from ting.server.alarms.store import SqliteAlarmStore
from ting.skills.sdk.alarms import MAX_SNOOZE_SECONDS, MAX_TIMER_SECONDS, Item, ItemKind

TING = str(Path(sys.executable).with_name("ting"))


def _base(server: Any) -> str:
    return f"http://127.0.0.1:{server.port}"


@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        ("set a timer for 1000000000000 hours", "en", "Timers can be set for up to 7 days."),
        ("定一个一千万小时的计时器", "zh", "计时器最长可以定七天。"),
        ("set a timer for 169 hours", "en", "Timers can be set for up to 7 days."),
    ],
)
async def test_a_timer_beyond_the_limit_is_refused_in_words(
    server: Any, text: str, lang: str, said: str
) -> None:
    """'a timer for 1000000000000 hours' was accepted, and GET /api/timers then failed with 500."""
    assert MAX_TIMER_SECONDS == 7 * 24 * 3600  # what the answer says
    async with httpx.AsyncClient(base_url=_base(server), timeout=10) as http:
        answer = (await http.post("/api/text", json={"text": text, "lang": lang})).json()
        assert (answer["intent"], answer["ok"], answer["text"]) == ("timer.set", False, said)
        timers = await http.get("/api/timers")
        assert timers.status_code == 200 and timers.json() == []
        fine = (await http.post("/api/text", json={"text": "set a timer for 168 hours", "lang": "en"})).json()
        assert fine["ok"] is True


async def test_snooze_beyond_the_limit_is_refused_in_words(server: Any) -> None:
    assert MAX_SNOOZE_SECONDS == 12 * 3600
    async with httpx.AsyncClient(base_url=_base(server), timeout=10) as http:
        answer = (await http.post("/api/text", json={"text": "snooze for 100000 hours", "lang": "en"})).json()
    assert (answer["intent"], answer["ok"], answer["text"]) == (
        "alarm.snooze",
        False,
        "Snooze can be up to 12 hours.",
    )


async def test_http_alarms_and_reminders_must_be_between_now_and_a_year(server: Any) -> None:
    """'"time": 0' made a 1970 alarm."""
    async with httpx.AsyncClient(base_url=_base(server), timeout=10) as http:
        past = await http.post("/api/alarms", json={"time": 0})
        assert past.status_code == 422 and "already passed" in past.text
        far = await http.post("/api/reminders", json={"time": "2099-01-01T08:00:00", "message": "x"})
        assert far.status_code == 422 and "days ahead" in far.text
        huge = await http.post("/api/timers", json={"duration_seconds": 3.6e15})
        assert huge.status_code == 422
        assert (await http.get("/api/alarms")).json() == [] and (
            await http.get("/api/reminders")
        ).json() == []


async def test_lone_surrogates_get_422_not_500(server: Any) -> None:
    async with httpx.AsyncClient(base_url=_base(server), timeout=10) as http:
        bad = await http.post(
            "/api/text", content=b'{"text": "\\ud800 hi"}', headers={"content-type": "application/json"}
        )
        assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "text"]
        still = await http.post("/api/text", json={"text": "what time is it"})
        assert still.status_code == 200


def test_a_200000_digit_number_is_not_understood_and_nothing_breaks() -> None:
    """A 200,000-digit number raised OverflowError inside the NLU."""
    text = "set a timer for " + "9" * 200_000 + " minutes\nset a timer for 10 minutes\n"
    result = subprocess.run(
        [TING, "nlu", "parse", "-", "--lang", "en", "--json"],
        input=text, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    first, second = result.stdout.splitlines()
    assert '"intent": null' in first and '"timer.set"' in second


async def test_an_absurd_stored_item_is_listed_not_a_500(tmp_path: Path, server_settings: Any) -> None:
    """A row written before the limits existed must not make the list fail (it did, even after restart)."""
    from ting.server.host import running_server

    async with SqliteAlarmStore(Path(server_settings.store.data_dir) / "ting.db") as store:
        await store.put(Item(kind=ItemKind.TIMER, site_id="k", due_unix=3.6e15, id="absurd"))
    async with running_server(server_settings) as running, httpx.AsyncClient(base_url=_base(running)) as http:
        timers = await http.get("/api/timers")
    assert timers.status_code == 200 and [(t["id"], t["due"]) for t in timers.json()] == [("absurd", None)]
