"""The music library: configured folders scanned into the store, searched in memory.

A scan walks the folders, reads the tags of files that are new or changed (size or modification time)
and forgets files that are gone; files that stayed keep their record and id. The records live in the
store (``media.library``), so a restart searches at once and rescans only what changed; the search
index (``MediaIndex``) is rebuilt after each scan that changed something. Scanning and indexing run in
a thread: the event loop never waits on the disk.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen

from ting.server.media.playlists import PLAYLIST_EXTENSIONS, PlaylistFile, read_playlists
from ting.server.media.tags import EXTENSIONS, FileRecord, read_file, track_id
from ting.server.store.base import Store
from ting.skills.sdk.media import Found, MatchField, MediaQuery, Playlist, Track
from ting.skills.sdk.media_index import MediaIndex, best_name

_LOGGER = logging.getLogger(__name__)

LIBRARY_NAMESPACE = "media.library"
PLAYS_NAMESPACE = "media.plays"
_WRITE_BATCH = 500
_WALKED = EXTENSIONS | PLAYLIST_EXTENSIONS


@dataclass(frozen=True)
class ScanResult:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unreadable: int = 0
    total: int = 0
    seconds: float = 0.0


class Library:
    def __init__(self, store: Store, folders: Sequence[Path], *, min_score: float = 75.0) -> None:
        self._store = store
        self.folders = tuple(Path(folder).expanduser() for folder in folders)
        self._min_score = min_score
        self._records: dict[str, FileRecord] = {}
        self._plays: Counter[str] = Counter()
        self.index = MediaIndex((), min_score=min_score)
        self.playlists: dict[str, PlaylistFile] = {}
        """Read at each scan (small files; not kept in the store): name -> its tracks' ids."""
        self._scan_lock = asyncio.Lock()

    async def load(self) -> None:
        """Read the records the last scan left in the store (no disk walk)."""
        stored = await self._store.items(LIBRARY_NAMESPACE)
        self._records = {key: FileRecord.from_json(value) for key, value in stored.items()}
        self._plays = Counter(
            {key: int(value) for key, value in (await self._store.items(PLAYS_NAMESPACE)).items()}
        )
        await self._reindex()

    async def scan(self) -> ScanResult:
        """Rescan the folders: added, changed and removed files; the index is rebuilt if anything changed."""
        async with self._scan_lock:
            loop = asyncio.get_running_loop()
            started = loop.time()
            known = dict(self._records)
            found, unreadable, playlist_paths = await asyncio.to_thread(_walk_and_read, self.folders, known)
            self.playlists = await asyncio.to_thread(read_playlists, playlist_paths, found)
            added = [r for key, r in found.items() if key not in known]
            changed = [r for key, r in found.items() if key in known and known[key] != r]
            removed = [key for key in known if key not in found]
            await self._write([*added, *changed], removed)
            self._records = found
            if added or changed or removed:
                await self._reindex()
            result = ScanResult(
                added=len(added),
                changed=len(changed),
                removed=len(removed),
                unreadable=unreadable,
                total=len(found),
                seconds=loop.time() - started,
            )
            _LOGGER.info("library scan: %s", result)
            return result

    async def _write(self, records: Sequence[FileRecord], removed: Sequence[str]) -> None:
        # The store group-commits concurrent writes: a batch of puts costs about one transaction.
        writes: list[tuple[str, Any]] = [(r.id, r.to_json()) for r in records]
        writes += [(key, None) for key in removed]
        for start in range(0, len(writes), _WRITE_BATCH):
            await asyncio.gather(
                *(self._put(key, value) for key, value in writes[start : start + _WRITE_BATCH])
            )

    async def _put(self, key: str, value: Any) -> None:
        if value is None:
            await self._store.delete(LIBRARY_NAMESPACE, key)
        else:
            await self._store.put(LIBRARY_NAMESPACE, key, value)

    async def _reindex(self) -> None:
        tracks = [_track(record) for record in sorted(self._records.values(), key=lambda r: r.path)]
        self.index = await asyncio.to_thread(MediaIndex, tracks, min_score=self._min_score)

    def find(self, query: MediaQuery, *, limit: int = 50, shuffle: bool = False) -> Found:
        return self.index.find(query, limit=limit, shuffle=shuffle)

    def playlist(self, name: str) -> Playlist | None:
        """The playlist ``name`` says (forgiving like a search), with the tracks still in the library."""
        found = best_name(name, self.playlists, self._min_score)
        if found is None:
            return None
        ids = self.playlists[found].track_ids
        return Playlist(found, tuple(_track(self._records[i]) for i in ids if i in self._records))

    def playlist_names(self, limit: int) -> list[str]:
        """Playlist names, most played first (their tracks' plays), then by name, at most ``limit``."""
        plays = {name: sum(self._plays.get(i, 0) for i in p.track_ids) for name, p in self.playlists.items()}
        return sorted(plays, key=lambda name: (-plays[name], name))[:limit]

    def record(self, track_id_: str) -> FileRecord | None:
        return self._records.get(track_id_)

    def __len__(self) -> int:
        return len(self._records)

    async def played(self, track: Track) -> None:
        self._plays[track.id] += 1
        await self._store.put(PLAYS_NAMESPACE, track.id, self._plays[track.id])

    def names(self, field: MatchField, limit: int) -> list[str]:
        """``field``'s names, most played first (then most tracks, then by name), at most ``limit``."""
        plays: Counter[str] = Counter()
        tracks: Counter[str] = Counter()
        for record in self._records.values():
            name = getattr(record, field.value)
            if name:
                plays[name] += self._plays.get(record.id, 0)
                tracks[name] += 1
        return sorted(tracks, key=lambda name: (-plays[name], -tracks[name], name))[:limit]


def _track(record: FileRecord) -> Track:
    return Track(
        id=record.id,
        title=record.title,
        artist=record.artist,
        album=record.album,
        genre=record.genre,
        track_number=record.track_number,
        duration_seconds=record.duration_seconds,
    )


def _walk_and_read(
    folders: Sequence[Path], known: dict[str, FileRecord]
) -> tuple[dict[str, FileRecord], int, list[Path]]:
    found: dict[str, FileRecord] = {}
    unreadable = 0
    playlists: list[Path] = []
    for path, stat in _music_files(folders):
        if path.suffix.lower() in PLAYLIST_EXTENSIONS:
            playlists.append(path)
            continue
        key = track_id(path)
        old = known.get(key)
        if old is not None and old.mtime_ns == stat.st_mtime_ns and old.size_bytes == stat.st_size:
            found[key] = old
            continue
        try:
            found[key] = read_file(path, stat.st_mtime_ns, stat.st_size)
        except (mutagen.MutagenError, OSError, ValueError) as error:
            unreadable += 1
            _LOGGER.warning("music file skipped: %s: %s", path, error)
    return found, unreadable, playlists


def _music_files(folders: Sequence[Path]) -> Iterator[tuple[Path, os.stat_result]]:
    for folder in folders:
        if not folder.is_dir():
            _LOGGER.warning("music folder %s does not exist (media.library_folders)", folder)
            continue
        for root, _dirs, files in os.walk(folder, followlinks=False):
            for name in files:
                path = Path(root) / name
                if path.suffix.lower() not in _WALKED:
                    continue
                try:
                    yield path, path.stat()
                except OSError as error:
                    _LOGGER.warning("music file skipped: %s: %s", path, error)
