"""A site id names MQTT topics (ting/status/<id>, ting/alarm/<id>/ring): one that cannot be a topic level is
refused when the settings are read, with the key named; it used to be taken, and the client then published
to a topic the broker refuses (NUL) or the wrong one ('/')."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ting.errors import ConfigError
from ting.settings import load_settings

TING = str(Path(sys.executable).with_name("ting"))


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("TING_DEVICE__SITE_ID", "kitchen/1", "must not contain '/'"),
        ("TING_DEVICE__SITE_ID", "den\u0000", "must not contain '\\x00'"),
        ("TING_DEVICE__SITE_ID", "k" * 101, "at most 100"),
        ("TING_SERVER__SERVER_ID", "server+", "must not contain '+'"),
        ("TING_SERVER__SERVER_ID", "", "must not be empty"),
    ],
)
def test_a_site_id_that_cannot_be_a_topic_level_is_a_settings_error(
    variable: str, value: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, environ={variable: value})
    key = variable.removeprefix("TING_").replace("__", ".").lower()
    assert f"environment variable {variable}: {key}: " in str(caught.value) and problem in str(caught.value)


def test_site_ids_in_any_script_are_fine() -> None:
    assert load_settings(None, environ={"TING_DEVICE__SITE_ID": "客厅-1"}).device.site_id == "客厅-1"


def test_ting_device_site_flag_is_checked_too() -> None:
    result = subprocess.run(
        [TING, "device", "--site", "kitchen/den", "--mqtt", "mqtt://127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--site 'kitchen/den'" in result.stderr and "must not contain '/'" in result.stderr
    assert "Traceback" not in result.stderr
