"""The official Vosk models: a catalogue, and a resumable, verified, safely unpacked download.

alphacephei.com publishes no checksums for its archives. Where this catalogue knows a SHA-256 it is
checked; otherwise the archive's size is checked against the server's (``Content-Length`` /
``Content-Range``), and the SHA-256 of what was downloaded is recorded next to the model
(``<models_dir>/<model>.json``) so a later copy can be compared.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import shutil
import stat
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TextIO

from ting.errors import SpeechModelError

ProgressCallback = Callable[[int, int | None], None]
"""Called with (bytes so far, total bytes or None) while downloading."""

_BLOCK_BYTES = 256 * 1024
_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class ModelInfo:
    name: str
    """e.g. ``small-en-us-0.15``; the archive is ``vosk-model-<name>.zip``."""
    lang: str
    size_mb: int
    """Approximate archive size, for the listing."""
    description: str
    sha256: str | None = None
    """The archive's SHA-256 when known; None: only the size is verified."""

    @property
    def folder(self) -> str:
        return f"vosk-model-{self.name}"

    def url(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}/{self.folder}.zip"


CATALOGUE = {
    info.name: info
    for info in (
        ModelInfo("small-en-us-0.15", "en", 40, "small US English, for the Raspberry Pi"),
        ModelInfo("en-us-0.22-lgraph", "en", 128, "US English, better accuracy, dynamic graph (grammars)"),
        ModelInfo("en-us-0.22", "en", 1800, "big US English (server class; no grammar mode)"),
        ModelInfo("small-cn-0.22", "zh", 42, "small Mandarin, for the Raspberry Pi"),
        ModelInfo("cn-0.22", "zh", 1300, "big Mandarin (server class; no grammar mode)"),
        ModelInfo("small-ko-0.22", "ko", 82, "small Korean (not a ting language; used to test downloads)"),
    )
}
RECOMMENDED = {"en": "small-en-us-0.15", "zh": "small-cn-0.22"}


def find_model(name: str) -> ModelInfo:
    info = CATALOGUE.get(name.removeprefix("vosk-model-"))
    if info is None:
        raise SpeechModelError(f"unknown model {name!r}; known models: {', '.join(CATALOGUE)}")
    return info


def installed_dir(info: ModelInfo, models_dir: Path) -> Path | None:
    """``models_dir/<folder>`` when the model is there (unpacking renames the folder into place last)."""
    model_dir = models_dir / info.folder
    return model_dir if model_dir.is_dir() else None


def model_of_dir(model_dir: Path) -> ModelInfo | None:
    """The catalogue entry a model folder was unpacked from, judged by its name."""
    return CATALOGUE.get(model_dir.name.removeprefix("vosk-model-"))


@dataclass(frozen=True)
class Downloaded:
    model_dir: Path
    sha256: str
    size_bytes: int
    checksum_verified: bool
    """True when a known SHA-256 matched; False when only the size could be checked."""


def download_model(
    info: ModelInfo, models_dir: Path, base_url: str, *, progress: ProgressCallback | None = None
) -> Downloaded:
    """Download (resuming a ``.part`` file), verify, unpack into ``models_dir/<folder>``."""
    models_dir.mkdir(parents=True, exist_ok=True)
    url = info.url(base_url)
    part = models_dir / f"{info.folder}.zip.part"
    total = _fetch(url, part, progress)
    size = part.stat().st_size
    if total is not None and size != total:
        raise SpeechModelError(f"{url}: got {size} of {total} bytes; run the command again to resume")
    digest = _sha256(part)
    if info.sha256 is not None and digest != info.sha256:
        part.unlink()
        raise SpeechModelError(
            f"{url}: checksum mismatch (SHA-256 {digest}, expected {info.sha256}); "
            "the download was deleted, run the command again"
        )
    model_dir = unpack_zip(part, models_dir, info.folder)
    part.unlink()
    record = {"name": info.name, "lang": info.lang, "url": url, "sha256": digest, "size_bytes": size}
    (models_dir / f"{info.folder}.json").write_text(json.dumps(record, indent=2) + "\n")
    return Downloaded(model_dir, digest, size, info.sha256 is not None)


def _fetch(url: str, part: Path, progress: ProgressCallback | None) -> int | None:
    """Append the rest of ``url`` to ``part``; the archive's total size when the server says."""
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        response = urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS)
    except urllib.error.HTTPError as error:
        if error.code == 416 and have:  # nothing left to fetch: the .part is complete
            return have
        raise SpeechModelError(f"{url}: download failed: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        raise SpeechModelError(f"{url}: cannot connect: {getattr(error, 'reason', error)}") from None
    with response:
        resumed = response.status == 206
        total = _total_bytes(response.headers, have if resumed else 0)
        done = have if resumed else 0
        try:
            with part.open("ab" if resumed else "wb") as file:
                while block := response.read(_BLOCK_BYTES):
                    file.write(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
        except (OSError, http.client.HTTPException) as error:
            raise SpeechModelError(
                f"{url}: download interrupted at {done} bytes ({error}); run the command again to resume"
            ) from None
    return total


def _total_bytes(headers: object, offset: int) -> int | None:
    content_range = getattr(headers, "get", lambda _k: None)("Content-Range")
    if content_range and "/" in content_range and not content_range.endswith("*"):
        return int(content_range.rsplit("/", 1)[1])
    length = getattr(headers, "get", lambda _k: None)("Content-Length")
    return offset + int(length) if length else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def unpack_zip(archive: Path, models_dir: Path, folder: str) -> Path:
    """Extract into ``models_dir/folder``, refusing absolute paths, ``..`` and links."""
    staging = models_dir / f".{folder}.unpacking"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with zipfile.ZipFile(archive) as bundle:
            for member in bundle.infolist():
                _check_member(member, archive)
            bundle.extractall(staging)
    except zipfile.BadZipFile as error:
        archive.unlink(missing_ok=True)
        raise SpeechModelError(f"{archive}: not a valid zip archive ({error}); deleted it") from None
    entries = list(staging.iterdir())
    root = entries[0] if len(entries) == 1 and entries[0].is_dir() else staging
    target = models_dir / folder
    shutil.rmtree(target, ignore_errors=True)
    root.rename(target)
    shutil.rmtree(staging, ignore_errors=True)
    return target


def _check_member(member: zipfile.ZipInfo, archive: Path) -> None:
    path = PurePosixPath(member.filename.replace("\\", "/"))
    unsafe = path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0])
    if stat.S_ISLNK(member.external_attr >> 16):
        unsafe = True
    if unsafe:
        raise SpeechModelError(f"{archive}: refusing to unpack unsafe entry {member.filename!r}")


class ProgressBar:
    """``name  42% [#########.............]  17.0/40.0 MB  3.1 MB/s`` on one line of a stream."""

    def __init__(self, label: str, stream: TextIO, width: int = 30) -> None:
        self.label, self.stream, self.width = label, stream, width
        self._started = time.monotonic()
        self._last = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self._last < 0.2 and done != total:
            return
        self._last = now
        rate = done / max(now - self._started, 1e-6) / 1e6
        if total:
            filled = int(self.width * done / total)
            bar = f"{100 * done // total:3d}% [{'#' * filled}{'.' * (self.width - filled)}]"
            amount = f"{done / 1e6:.1f}/{total / 1e6:.1f} MB"
        else:
            bar, amount = "", f"{done / 1e6:.1f} MB"
        print(f"\r{self.label}  {bar}  {amount}  {rate:.1f} MB/s", end="", file=self.stream, flush=True)

    def finish(self) -> None:
        print(file=self.stream, flush=True)


def fetch_resuming(url: str, part: Path, progress: ProgressCallback | None = None) -> int | None:
    """Append the rest of ``url`` to ``part`` (a Range request when it has some); the total size when the
    server says. ``SpeechModelError`` on HTTP errors and interruptions (the ``.part`` is kept to resume)."""
    return _fetch(url, part, progress)
