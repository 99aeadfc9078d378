"""Playlists in the library's folders: ``.m3u`` / ``.m3u8`` files, read at each scan.

A playlist's name is its file's name without the suffix (``跑步.m3u8`` -> 跑步). Its entries are paths,
relative to the playlist's own folder or absolute (``file://`` URLs too); ``#`` lines (``#EXTM3U``,
``#EXTINF``) are comments. An entry that is not a track of the library (missing, unreadable, outside the
folders, an http URL) is skipped with a log line, so one stale line does not lose the rest. Backslashes
are read as slashes (playlists written on Windows). ``.m3u8`` is
UTF-8; a plain ``.m3u`` is tried as UTF-8, then GB18030 (the legacy encoding of Chinese players).
"""

from __future__ import annotations

import logging
import os.path
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from ting.server.media.tags import track_id

_LOGGER = logging.getLogger(__name__)

PLAYLIST_EXTENSIONS = frozenset({".m3u", ".m3u8"})
MAX_PLAYLIST_BYTES = 4 * 1024 * 1024
"""A larger file is not a playlist a household wrote; it is skipped rather than read into memory."""


@dataclass(frozen=True)
class PlaylistFile:
    name: str
    path: Path
    track_ids: tuple[str, ...]
    """The library's ids of its entries that are tracks, in the file's order."""


def read_playlists(paths: Sequence[Path], known_ids: Mapping[str, object]) -> dict[str, PlaylistFile]:
    """Name -> playlist for the files at ``paths`` (in path order: on a name used twice the first wins)."""
    playlists: dict[str, PlaylistFile] = {}
    for path in sorted(paths):
        try:
            playlist = read_playlist(path, known_ids)
        except (OSError, UnicodeDecodeError) as error:
            _LOGGER.warning("playlist skipped: %s: %s", path, error)
            continue
        if playlist.name in playlists:
            _LOGGER.warning("playlist %s skipped: %s has the same name", path, playlists[playlist.name].path)
            continue
        playlists[playlist.name] = playlist
    return playlists


def read_playlist(path: Path, known_ids: Mapping[str, object]) -> PlaylistFile:
    """Raises ``OSError`` (unreadable, too large) or ``UnicodeDecodeError``."""
    if path.stat().st_size > MAX_PLAYLIST_BYTES:
        raise OSError(f"larger than {MAX_PLAYLIST_BYTES} bytes")
    ids: list[str] = []
    for number, line in enumerate(_text(path).splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        resolved = _entry_path(path.parent, entry)
        key = track_id(resolved) if resolved is not None else None
        if key is None or key not in known_ids:
            _LOGGER.info("playlist %s line %d skipped: %s is not a track of the library", path, number, entry)
            continue
        ids.append(key)
    return PlaylistFile(name=path.stem, path=path, track_ids=tuple(ids))


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if path.suffix.lower() == ".m3u8":
            raise
        return data.decode("gb18030")


def _entry_path(folder: Path, entry: str) -> Path | None:
    if entry.startswith("file:"):
        entry = unquote(urlparse(entry).path)
    elif "://" in entry:
        return None  # a stream: the library plays its own files only
    candidate = Path(entry.replace("\\", "/"))  # playlists written on Windows
    full = candidate if candidate.is_absolute() else folder / candidate
    # Library ids are made from the paths as walked (symlinks not resolved): only ".." is folded here.
    return Path(os.path.normpath(full))
