"""``ting nlu parse`` as a user runs it: the installed console script, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

TING = Path(sys.executable).parent / "ting"


def ting(*args: str, stdin: str | None = None, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TING), *args], input=stdin, capture_output=True, text=True, timeout=60, cwd=cwd, check=False
    )


def test_parse_chinese(tmp_path: Path) -> None:
    done = ting("nlu", "parse", "把客厅的灯打开", "--lang", "zh", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "input": "把客厅的灯打开",
        "intent": {"intentName": "home.turn_on", "confidenceScore": 1.0},
        "slots": [
            {
                "slotName": "device",
                "rawValue": "客厅的灯",
                "value": {"kind": "Custom", "value": "living_room_light"},
            }
        ],
        "lang": "zh",
        "pass": "templates",
    }


def test_parse_english_with_site_and_now(tmp_path: Path) -> None:
    args = [
        "turn off the light",
        "--lang",
        "en",
        "--site",
        "bedroom",
        "--now",
        "2025-03-01T07:00:00",
        "--json",
    ]
    done = ting("nlu", "parse", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    assert result["intent"]["intentName"] == "home.turn_off"
    assert {slot["slotName"]: slot["value"]["value"] for slot in result["slots"]} == {
        "domain": "light",
        "area": "bedroom",
    }


def test_not_recognized_still_exits_zero(tmp_path: Path) -> None:
    done = ting("nlu", "parse", "I like turtles", "--lang", "en", "--json", cwd=tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout) == {"input": "I like turtles", "intent": None, "slots": [], "lang": "en"}


def test_batch_from_stdin(tmp_path: Path) -> None:
    lines = ["what time is it", "客厅空调调到二十六度", "今天我很开心", "movie mode"]
    done = ting("nlu", "parse", "-", "--json", stdin="\n".join(lines) + "\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["input"] for r in results] == lines
    assert [r["intent"] and r["intent"]["intentName"] for r in results] == [
        "system.time", "home.set_temperature", None, "home.activate_scene",
    ]  # fmt: skip
    assert results[1]["slots"][1] == {
        "slotName": "temperature",
        "rawValue": "二十六",
        "value": {"kind": "Number", "value": 26},
    }


def test_bad_usage_is_non_zero(tmp_path: Path) -> None:
    assert ting("nlu", "parse", "hi", "--now", "tomorrow", cwd=tmp_path).returncode != 0
    assert ting("nlu", "parse", "hi", "--lang", "fr", cwd=tmp_path).returncode != 0


def test_parse_says_which_pass_read_the_sentence(tmp_path: Path) -> None:
    """A sentence no template reads is read by the statistical pass, which the settings turn off."""
    done = ting("nlu", "parse", "大概音量调到三十左右吧", "--lang", "zh", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["intent"]["intentName"], result["pass"]) == ("volume.set", "statistical")
    (tmp_path / "ting.toml").write_text("[nlu]\nfallback = false\n", encoding="utf-8")
    done = ting("nlu", "parse", "大概音量调到三十左右吧", "--lang", "zh", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["intent"] is None
