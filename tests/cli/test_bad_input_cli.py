"""Bad input to the commands gets one clear error, never a traceback or a restart loop."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TING = str(Path(sys.executable).with_name("ting"))


def ting(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([TING, *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize(
    "command", [["server"], ["device", "--mqtt", "mqtt://127.0.0.1:9"], ["nlu", "parse", "hi"]]
)
def test_an_unknown_time_zone_is_one_error_naming_the_key(tmp_path: Path, command: list[str]) -> None:
    config = tmp_path / "ting.toml"
    config.write_text('[household]\ntimezone = "Asia/Shanghia"\n')
    result = ting(*command, "--config", str(config))
    assert result.returncode == 2
    assert (
        "household.timezone" in result.stderr
        and "Asia/Shanghia" in result.stderr
        and str(config) in result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", [b"hello, not audio\n", b"RIFF\x00\x00\x00\x00WAVEjunk"])
@pytest.mark.parametrize("command", [["device", "--mqtt", "mqtt://127.0.0.1:9", "--wav"], ["transcribe"]])
def test_a_file_that_is_not_wav_is_one_error_naming_it(
    tmp_path: Path, command: list[str], content: bytes
) -> None:
    """`ting device --wav` on a non-WAV file restarted its capture forever."""
    audio = tmp_path / "not-audio.wav"
    audio.write_bytes(content)
    result = ting(*command, str(audio), timeout=30)
    assert result.returncode == 1, result.stderr[-500:]
    assert str(audio) in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
