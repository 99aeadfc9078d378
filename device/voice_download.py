"""``ting models download piper-<voice>``: a Piper voice from Piper's repository, resumable and verified.

The repository (``device.piper_voices_base_url``, or a mirror with the same layout) holds ``voices.json``, a
catalogue giving each voice's files with their size and MD5, and the files under
``<family>/<family>_<REGION>/<speaker>/<quality>/<voice>.onnx`` and ``.onnx.json``. Both files are fetched
into ``<name>.part`` files (an interrupted download resumes with a Range request), checked against the
catalogue's size and MD5, and renamed into ``<models_dir>/piper/`` — config first, model last, so a voice is
seen as installed (its ``.onnx`` is there) only when both are complete.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ting.device.models import ProgressCallback, fetch_resuming
from ting.device.voices import VOICE_NAME
from ting.errors import SpeechModelError

PREFIX = "piper-"
"""``ting models download piper-zh_CN-huayan-medium``: the voice name after it."""
RECOMMENDED_VOICES = {"zh": "zh_CN-huayan-medium", "en": "en_US-joe-medium"}
"""Voices with espeak-ng phonemes (they work offline; docs/voices.md)."""
_CATALOGUE_MAX_BYTES = 8 * 1024 * 1024
_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class VoiceFile:
    path: str
    """Relative to the repository's base URL."""
    size_bytes: int
    md5: str


@dataclass(frozen=True)
class DownloadedVoice:
    name: str
    lang: str
    """ting's language: the name's family (``zh``, ``en``)."""
    model: Path
    size_bytes: int


def voice_name(argument: str) -> str:
    """``piper-zh_CN-huayan-medium`` (or the bare name) → ``zh_CN-huayan-medium``; refuses other shapes."""
    name = argument.removeprefix(PREFIX)
    if not VOICE_NAME.match(name):
        raise SpeechModelError(
            f"{argument!r} is not a Piper voice name: piper-<lang>_<REGION>-<speaker>-<quality>, "
            f"e.g. {PREFIX}{RECOMMENDED_VOICES['zh']}"
        )
    return name


def voice_files(catalogue: dict[str, Any], name: str) -> tuple[VoiceFile, VoiceFile]:
    """The model and config entries of ``name`` in ``voices.json``."""
    entry = catalogue.get(name)
    if not isinstance(entry, dict):
        same_language = sorted(key for key in catalogue if key.split("-")[0] == name.split("-")[0])
        hint = f"; voices for {name.split('-')[0]}: {', '.join(same_language)}" if same_language else ""
        raise SpeechModelError(f"no Piper voice {name!r} in the repository's voices.json{hint}")
    found: dict[str, VoiceFile] = {}
    try:
        for path, info in entry["files"].items():
            for suffix in (".onnx", ".onnx.json"):
                if path.endswith(f"/{name}{suffix}"):
                    found[suffix] = VoiceFile(path, int(info["size_bytes"]), str(info["md5_digest"]).lower())
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise SpeechModelError(f"voices.json: the entry for {name} is malformed ({error!r})") from None
    if set(found) != {".onnx", ".onnx.json"}:
        raise SpeechModelError(f"voices.json: the entry for {name} does not list its .onnx and .onnx.json")
    return found[".onnx"], found[".onnx.json"]


def fetch_catalogue(base_url: str) -> dict[str, Any]:
    url = f"{base_url.rstrip('/')}/voices.json"
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT_SECONDS) as response:
            body = response.read(_CATALOGUE_MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise SpeechModelError(f"{url}: HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        raise SpeechModelError(f"{url}: cannot connect: {getattr(error, 'reason', error)}") from None
    if len(body) > _CATALOGUE_MAX_BYTES:
        raise SpeechModelError(f"{url}: larger than {_CATALOGUE_MAX_BYTES} bytes; not a voice catalogue")
    try:
        catalogue = json.loads(body)
    except ValueError as error:
        raise SpeechModelError(f"{url}: not JSON ({error})") from None
    if not isinstance(catalogue, dict):
        raise SpeechModelError(f"{url}: not a voice catalogue (a JSON object by voice name)")
    return catalogue


def download_voice(
    name: str, voices_dir: Path, base_url: str, *, progress: ProgressCallback | None = None
) -> DownloadedVoice:
    """Fetch, verify and install ``name`` into ``voices_dir``."""
    model_file, config_file = voice_files(fetch_catalogue(base_url), name)
    voices_dir.mkdir(parents=True, exist_ok=True)
    parts = []
    for file, suffix in ((config_file, ".onnx.json"), (model_file, ".onnx")):
        part = voices_dir / f"{name}{suffix}.part"
        url = f"{base_url.rstrip('/')}/{file.path}"
        fetch_resuming(url, part, progress if suffix == ".onnx" else None)
        _verify(part, file, url)
        parts.append((part, voices_dir / f"{name}{suffix}"))
    for part, target in parts:  # config first: a model is only ever there with its config
        part.replace(target)
    return DownloadedVoice(name, name.split("_")[0], voices_dir / f"{name}.onnx", model_file.size_bytes)


def _verify(part: Path, file: VoiceFile, url: str) -> None:
    size = part.stat().st_size
    if size < file.size_bytes:
        raise SpeechModelError(
            f"{url}: got {size} of {file.size_bytes} bytes; run the command again to resume"
        )
    digest = hashlib.md5(usedforsecurity=False)
    with part.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    if size != file.size_bytes or digest.hexdigest() != file.md5:
        part.unlink()
        raise SpeechModelError(
            f"{url}: checksum mismatch ({size} bytes, MD5 {digest.hexdigest()}; voices.json says "
            f"{file.size_bytes} bytes, MD5 {file.md5}); the download was deleted, run the command again"
        )
