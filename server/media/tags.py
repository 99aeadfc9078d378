"""Reading one music file's tags and length with mutagen (blocking: called from the scan's thread)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen

_LOGGER = logging.getLogger(__name__)

EXTENSIONS = frozenset({".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".mp4", ".aac", ".wav"})
_ID3_FRAMES = {"title": "TIT2", "artist": "TPE1", "album": "TALB", "genre": "TCON", "tracknumber": "TRCK"}
"""WAV files carry ID3 frames (mutagen has no easy interface for them)."""


@dataclass(frozen=True)
class FileRecord:
    """One file of the library, as kept in the store (``media.library``, key ``id``)."""

    id: str
    path: str
    mtime_ns: int
    size_bytes: int
    title: str
    artist: str = ""
    album: str = ""
    genre: str = ""
    track_number: int | None = None
    duration_seconds: float | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileRecord:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})


def track_id(path: Path) -> str:
    """Stable for a path: a rescan keeps the ids (and play counts) of files that stayed."""
    return hashlib.sha1(str(path).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def read_file(path: Path, mtime_ns: int, size_bytes: int) -> FileRecord:
    """The file's tags (its name as the title when it has none); a file mutagen cannot read raises
    ``mutagen.MutagenError`` or ``OSError``."""
    audio: Any = mutagen.File(path, easy=True)
    if audio is None:
        raise mutagen.MutagenError(f"not a music file mutagen knows: {path.name}")
    tags = _tags(audio)
    length = getattr(getattr(audio, "info", None), "length", None)
    return FileRecord(
        id=track_id(path),
        path=str(path),
        mtime_ns=mtime_ns,
        size_bytes=size_bytes,
        title=tags.get("title") or path.stem,
        artist=tags.get("artist", ""),
        album=tags.get("album", ""),
        genre=tags.get("genre", ""),
        track_number=_track_number(tags.get("tracknumber", "")),
        duration_seconds=round(float(length), 3) if length else None,
    )


def _tags(audio: Any) -> dict[str, str]:
    tags = audio.tags
    if tags is None:
        return {}
    found: dict[str, str] = {}
    for name, frame in _ID3_FRAMES.items():
        try:
            values = tags[name] if name in tags else tags.get(frame)
        except (KeyError, ValueError, TypeError):
            values = None
        text = _first(values)
        if text:
            found[name] = text.strip()
    return found


def _first(values: Any) -> str:
    if values is None:
        return ""
    if hasattr(values, "text"):  # an ID3 frame
        values = values.text
    if isinstance(values, list | tuple):
        values = values[0] if values else ""
    return str(values)


def _track_number(text: str) -> int | None:
    head = text.split("/")[0].strip()
    return int(head) if head.isdigit() else None
