"""One clock: "now" is the household's, whatever zone the machine runs in, across DST changes.

The processes run with ``TZ`` set to UTC, Asia/Shanghai and America/New_York against households in
other zones; the code is also checked for calls that would read the machine's own zone.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from ting.mqtt.broker import free_port
from ting.mqtt.url import BrokerAddress

ROOT = Path(__file__).resolve().parents[1]
TING = str(Path(sys.executable).with_name("ting"))
MACHINE_ZONES = ("UTC", "Asia/Shanghai", "America/New_York")
HOUSEHOLDS = {
    "UTC": "Asia/Shanghai",
    "Asia/Shanghai": "America/New_York",
    "America/New_York": "Europe/Berlin",
}


def parse(text: str, lang: str, machine_zone: str, household_zone: str, *extra: str) -> dict[str, Any]:
    env = {**os.environ, "TZ": machine_zone, "TING_HOUSEHOLD__TIMEZONE": household_zone}
    result = subprocess.run(
        [TING, "nlu", "parse", text, "--lang", lang, "--json", *extra],
        capture_output=True, text=True, env=env, timeout=60, check=True,
    )  # fmt: skip
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def slot(parsed: dict[str, Any], name: str) -> Any:
    return next(s["value"]["value"] for s in parsed["slots"] if s["slotName"] == name)


@pytest.mark.parametrize("machine_zone", MACHINE_ZONES)
def test_nlu_parse_counts_from_the_households_now(machine_zone: str) -> None:
    household = HOUSEHOLDS[machine_zone]
    zone = ZoneInfo(household)
    before = datetime.now(zone).replace(tzinfo=None)
    relative = parse("两分钟后提醒我喝水", "zh", machine_zone, household)
    after = datetime.now(zone).replace(tzinfo=None)
    when = datetime.fromisoformat(slot(relative, "time"))
    assert before + timedelta(seconds=119) <= when <= after + timedelta(seconds=121), (when, before)
    tomorrow = parse("wake me up at 7 am tomorrow", "en", machine_zone, household)
    expected_day = (datetime.now(zone) + timedelta(days=1)).date()
    assert slot(tomorrow, "time") == f"{expected_day.isoformat()}T07:00:00"


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        ("2026-03-08T01:30:00", "remind me in 2 hours to check the oven", "2026-03-08T04:30:00"),
        ("2026-03-08T01:30:00", "remind me in 1 hour to check the oven", "2026-03-08T03:30:00"),
        ("2026-03-07T09:00:00", "wake me up tomorrow at 7", "2026-03-08T07:00:00"),
        ("2026-11-01T00:30:00", "remind me in 3 hours to call dad", "2026-11-01T02:30:00"),
    ],
)
def test_relative_times_are_real_time_across_dst(now: str, text: str, expected: str) -> None:
    """New York springs forward at 2:00 on 2026-03-08 (01:30 + 2 h = 04:30 on the wall) and falls back
    at 2:00 on 2026-11-01 (00:30 + 3 h = 02:30)."""
    parsed = parse(text, "en", "Asia/Shanghai", "America/New_York", "--now", now)
    assert slot(parsed, "time") == expected


@pytest.fixture
def server_in_new_york(tmp_path: Path, mosquitto: BrokerAddress) -> Any:
    port = free_port()
    config = tmp_path / "ting.toml"
    config.write_text(
        f'[server]\nhttp_port = {port}\n[store]\ndata_dir = "{tmp_path / "data"}"\n'
        f'[household]\ntimezone = "Asia/Shanghai"\n'
        f'[mqtt]\nclient_id = "ting-clock-{port}"\nembedded_broker = false\n'
    )
    env = {**os.environ, "TZ": "America/New_York"}
    process = subprocess.Popen(
        [TING, "server", "--config", str(config), "--mqtt", mosquitto.url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90  # two busy cores: start-up has taken over 30 s
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "ting server did not start"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(15)


def test_a_server_on_new_york_time_sets_shanghai_reminders_right(server_in_new_york: str) -> None:
    """'remind me in 2 minutes' was stored 8 h in the past (reported missed, never rung) and '7 am
    tomorrow' for today, when the machine's zone was not the household's."""
    with httpx.Client(base_url=server_in_new_york, timeout=10) as http:
        asked = time.time()
        answer = http.post("/api/text", json={"text": "两分钟后提醒我喝水"}).json()
        assert answer["intent"] == "reminder.set" and answer["ok"], answer
        alarm = http.post("/api/text", json={"text": "wake me up at 7 am tomorrow", "lang": "en"}).json()
        assert alarm["intent"] == "alarm.set" and alarm["ok"], alarm
        reminders = http.get("/api/reminders").json()
        alarms = http.get("/api/alarms").json()
    due = datetime.fromisoformat(reminders[0]["due"]).timestamp()
    assert asked + 115 <= due <= time.time() + 125, due - asked
    shanghai = ZoneInfo("Asia/Shanghai")
    rings = datetime.fromisoformat(alarms[0]["due"]).astimezone(shanghai)
    assert (rings.date(), rings.hour, rings.minute) == (
        (datetime.now(shanghai) + timedelta(days=1)).date(),
        7,
        0,
    )


@pytest.mark.parametrize("machine_zone", MACHINE_ZONES)
def test_the_device_nlu_counts_from_the_households_now(machine_zone: str) -> None:
    script = (
        "import json\n"
        "from ting.device.nlu import DeviceNlu\n"
        "from ting.settings import load_settings\n"
        "nlu = DeviceNlu(load_settings(None))\n"
        "_, found = nlu.understand('remind me in 10 minutes to stretch', lang='en', site_id='den',"
        " session_id='s', wakeword_id=None, asr_confidence=None)\n"
        "print(json.dumps(found.slot_values()))\n"
    )
    household = HOUSEHOLDS[machine_zone]
    env = {**os.environ, "TZ": machine_zone, "TING_HOUSEHOLD__TIMEZONE": household}
    before = datetime.now(ZoneInfo(household)).replace(tzinfo=None)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    when = datetime.fromisoformat(json.loads(result.stdout.splitlines()[-1])["time"])
    assert before + timedelta(seconds=599) <= when <= before + timedelta(seconds=660)


MACHINE_CLOCK_CALLS = {
    ("datetime", "now"): "datetime.now() without a zone reads the machine's zone: use the household clock",
    ("datetime", "today"): "datetime.today() reads the machine's zone",
    ("datetime", "utcnow"): "datetime.utcnow() is naive",
    ("date", "today"): "date.today() is the machine's date, not the household's",
    ("time", "localtime"): "time.localtime() is the machine's zone",
}


def _problems(path: Path, root: Path = ROOT) -> list[str]:
    where = path.relative_to(root)
    problems = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        name = (
            owner.id
            if isinstance(owner, ast.Name)
            else owner.attr
            if isinstance(owner, ast.Attribute)
            else ""
        )
        key = (name, node.func.attr)
        zoneless = not node.args and not node.keywords
        if key in MACHINE_CLOCK_CALLS and (zoneless or key[1] in ("utcnow", "localtime", "today")):
            problems.append(f"{where}:{node.lineno}: {MACHINE_CLOCK_CALLS[key]}")
        if key == ("datetime", "fromtimestamp") and len(node.args) < 2 and not node.keywords:
            problems.append(f"{where}:{node.lineno}: fromtimestamp() without a zone")
        if node.func.attr == "astimezone" and zoneless:
            problems.append(f"{where}:{node.lineno}: astimezone() converts to the machine's zone")
    return problems


def test_no_code_reads_the_machines_clock_zone() -> None:
    files = [
        Path(folder) / name
        for top in ("ting", "server", "device", "skills")
        for folder, _, names in os.walk(ROOT / top)  # symlinks (ting/server ...) are not followed
        for name in names
        if name.endswith(".py")
    ]
    assert len(files) > 100
    problems = [problem for path in files for problem in _problems(path)]
    assert problems == []


def test_the_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from datetime import date, datetime\nimport time\n"
        "a = datetime.now()\nb = date.today()\nc = time.localtime()\nd = datetime.fromtimestamp(1)\n"
        "e = datetime.now().astimezone()\nok = datetime.now(zone)\n"
    )
    assert len(_problems(sample, tmp_path)) == 6
