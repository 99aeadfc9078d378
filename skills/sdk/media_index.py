"""Finding music by what was said: an in-memory index of tracks, forgiving of how Chinese is heard.

A name matches a query by, in order: the same text once both are simplified, case-folded and stripped of
spaces and punctuation (晴天 = 晴天, 周杰倫 = 周杰伦, "Moon-River" = "moon river"); the same pinyin without
tones (a recognizer's homophone 周杰轮 = zhoujielun = 周杰伦); then rapidfuzz's ratio on the text and on
the pinyin, above ``min_score`` (a letter or a syllable off). Exact and pinyin matches are dictionary
look-ups; only a miss pays for the fuzzy scan (bench/music.py measures both).

Used by the server's library (``ting.server.media``) and by the SDK's ``MemoryMedia``, so a skill's own
tests search the way a server does.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import zhconv
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from ting.skills.sdk.media import Found, MatchField, MediaQuery, Track

GENRE_NAMES: Mapping[str, tuple[str, ...]] = {
    "jazz": ("爵士", "爵士乐"),
    "classical": ("古典", "古典音乐", "古典乐", "交响乐"),
    "rock": ("摇滚", "摇滚乐"),
    "pop": ("流行", "流行音乐"),
    "folk": ("民谣", "民歌"),
    "electronic": ("电子", "电子乐", "电子音乐", "dance", "techno"),
    "children": ("儿歌", "童谣", "儿童歌曲", "kids"),
    "blues": ("蓝调",),
    "hip hop": ("嘻哈", "说唱", "rap"),
}
"""The NLU's genre ids (English) and the names a library may tag them with."""

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)
_HAS_HAN = re.compile(r"[\u3400-\u9fff]")
CLOSEST_MIN_SCORE = 50.0
"""A name offered instead ("did you mean ...?") is at least this alike; less is noise."""
_ANY_ORDER = (MatchField.ARTIST, MatchField.ALBUM, MatchField.TITLE, MatchField.GENRE)
"""For words that may be anything: on equal scores an artist wins over an album, a title, a genre."""


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Simplified, NFKC (full-width letters become ASCII), case-folded, without spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if _HAS_HAN.search(folded):
        folded = zhconv.convert(folded, "zh-hans")
    return _DROP.sub("", folded)


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> str:
    """Toneless pinyin of the normalized text (other characters kept): 周杰倫 -> zhoujielun."""
    simple = normalize(text)
    return "".join(lazy_pinyin(simple)) if _HAS_HAN.search(simple) else simple


@dataclass(frozen=True)
class _Hit:
    field: MatchField
    name: str
    score: float


class _FieldIndex:
    """One field's distinct names, by normalized text and by pinyin."""

    def __init__(self) -> None:
        self.by_text: dict[str, list[str]] = defaultdict(list)
        self.by_pinyin: dict[str, list[str]] = defaultdict(list)
        self.tracks: dict[str, list[int]] = defaultdict(list)
        """Name as tagged -> positions of its tracks."""
        self._keys: dict[int, list[str]] = {}

    def add(self, name: str, position: int) -> None:
        if name not in self.tracks:
            self.by_text[normalize(name)].append(name)
            self.by_pinyin[pinyin_key(name)].append(name)
        self.tracks[name].append(position)

    def keys(self, table: dict[str, list[str]]) -> list[str]:
        """The table's keys as a list, made once (the index is not changed after it is built)."""
        cached = self._keys.get(id(table))
        if cached is None:
            cached = self._keys[id(table)] = list(table)
        return cached

    def best(self, words: str, min_score: float, allowed: set[str] | None) -> tuple[str, float] | None:
        """The same text (100) or pinyin (95) if any, else the fuzzy scan's best at ``min_score`` or more."""
        return self.exact(words, allowed) or self.fuzzy(words, min_score, allowed)

    def exact(self, words: str, allowed: set[str] | None) -> tuple[str, float] | None:
        text = normalize(words)
        if not text:
            return None
        for table, key, score in ((self.by_text, text, 100.0), (self.by_pinyin, pinyin_key(words), 95.0)):
            names = [n for n in table.get(key, ()) if allowed is None or n in allowed]
            if names:
                return names[0], score
        return None

    def fuzzy(self, words: str, min_score: float, allowed: set[str] | None) -> tuple[str, float] | None:
        text = normalize(words)
        if not text:
            return None
        found = self._fuzzy(text, pinyin_key(words), allowed, limit=1, cutoff=min_score)
        return found[0] if found and found[0][1] >= min_score else None

    def nearest(self, words: str, limit: int, cutoff: float) -> list[tuple[str, float]]:
        return self._fuzzy(normalize(words), pinyin_key(words), None, limit=limit, cutoff=cutoff)

    def _fuzzy(
        self, text: str, sound: str, allowed: set[str] | None, *, limit: int, cutoff: float
    ) -> list[tuple[str, float]]:
        scores: dict[str, float] = {}
        for table, key in ((self.by_text, text), (self.by_pinyin, sound)):
            if allowed is None:
                choices = self.keys(table)
            else:
                choices = [k for k in table if _any_in(table[k], allowed)]
            found = process.extract(key, choices, scorer=fuzz.ratio, limit=limit + 2, score_cutoff=cutoff)
            for choice, score, _ in found:
                for name in table[choice]:
                    if allowed is None or name in allowed:
                        scores[name] = max(scores.get(name, 0.0), float(score))
            if limit == 1 and scores:
                # the pinyin scan can only win by scoring higher (a tie keeps the text's name): a higher
                # cutoff lets rapidfuzz skip most choices by their length alone
                cutoff = max(cutoff, max(scores.values()))
        return sorted(scores.items(), key=lambda item: -item[1])[:limit]


def _any_in(names: Iterable[str], allowed: set[str]) -> bool:
    return any(name in allowed for name in names)


class MediaIndex:
    """Tracks searchable by artist, album, title and genre. Build once (``MediaIndex(tracks)``); a rescan
    builds a new one."""

    def __init__(self, tracks: Sequence[Track], *, min_score: float = 75.0, seed: int | None = None) -> None:
        self.tracks = tuple(tracks)
        self.min_score = min_score
        self._random = random.Random(seed)
        self._fields = {field: _FieldIndex() for field in MatchField}
        for position, track in enumerate(self.tracks):
            for field in MatchField:
                value = getattr(track, field.value)
                if value:
                    self._fields[field].add(value, position)

    def names(self, field: MatchField) -> list[str]:
        """Distinct names of ``field`` as tagged."""
        return list(self._fields[field].tracks)

    def find(self, query: MediaQuery, *, limit: int = 50, shuffle: bool = False) -> Found:
        positions: list[int] | None = None
        last: _Hit | None = None
        for field in (MatchField.ARTIST, MatchField.ALBUM, MatchField.GENRE, MatchField.TITLE):
            words = getattr(query, field.value)
            if not words:
                continue
            hit = self._match(field, words, positions)
            if hit is None:
                return Found(tracks=(), closest=self._closest([field], words))
            names = self._same_genre(hit.name) if field is MatchField.GENRE else {hit.name}
            if positions is None:
                positions = sorted(p for name in names for p in self._fields[field].tracks[name])
            else:
                positions = [p for p in positions if getattr(self.tracks[p], field.value) in names]
            last = hit if last is None or field is MatchField.TITLE else last
        if query.any:
            hit = self._match_any(query.any, positions)
            if hit is None:
                return Found(tracks=(), closest=self._closest(_ANY_ORDER, query.any))
            names = self._same_genre(hit.name) if hit.field is MatchField.GENRE else {hit.name}
            chosen = {p for name in names for p in self._fields[hit.field].tracks[name]}
            positions = [p for p in (positions or sorted(chosen)) if p in chosen]
            last = hit
        if positions is None:
            positions = list(range(len(self.tracks)))
            shuffle = True
        tracks = self._ordered(positions, shuffle)[:limit]
        if last is None:
            return Found(tracks=tracks)
        return Found(tracks=tracks, field=last.field, name=last.name, score=last.score)

    def _match(self, field: MatchField, words: str, positions: list[int] | None) -> _Hit | None:
        return self._best_hit(field, words, positions, self.min_score)

    def _best_hit(
        self, field: MatchField, words: str, positions: list[int] | None, min_score: float | None
    ) -> _Hit | None:
        """The best name of ``field`` for ``words`` among ``positions``: exact or pinyin, else fuzzy at
        ``min_score`` or more; ``min_score`` None: exact and pinyin hits only."""
        allowed = None if positions is None else {getattr(self.tracks[p], field.value) for p in positions}
        candidates = [words, *self._genre_names(words)] if field is MatchField.GENRE else [words]
        index = self._fields[field]
        best: _Hit | None = None
        for candidate in candidates:
            found = (
                index.exact(candidate, allowed)
                if min_score is None
                else index.best(candidate, min_score, allowed)
            )
            if found and (best is None or found[1] > best.score):
                best = _Hit(field, found[0], found[1])
        return best

    def _match_any(self, words: str, positions: list[int] | None) -> _Hit | None:
        """The best of every field, an earlier field of ``_ANY_ORDER`` winning ties. The exact and pinyin
        look-ups come first: a field without one then needs a fuzzy score at least as high to matter, which
        lets the scans stop early (and none runs after an exact hit: a fuzzy score is below 100)."""
        exact = {field: self._best_hit(field, words, positions, None) for field in _ANY_ORDER}
        top = max((hit.score for hit in exact.values() if hit), default=None)
        hits: list[_Hit] = []
        for field in _ANY_ORDER:
            hit = exact[field]
            if field is MatchField.GENRE or (hit is None and (top is None or top < 100.0)):
                # a genre is said in several names: its fuzzy match on one may beat the exact of another
                cutoff = self.min_score if top is None else max(self.min_score, top)
                hit = self._best_hit(field, words, positions, cutoff) or hit
            if hit is not None:
                hits.append(hit)
        return max(hits, key=lambda hit: hit.score) if hits else None  # max keeps the first of equals

    def _closest(self, fields: Iterable[MatchField], words: str, limit: int = 3) -> tuple[str, ...]:
        scored: dict[str, float] = {}
        for field in fields:
            for name, score in self._fields[field].nearest(words, limit, CLOSEST_MIN_SCORE):
                scored[name] = max(scored.get(name, 0.0), score)
        return tuple(name for name, _ in sorted(scored.items(), key=lambda item: -item[1])[:limit])

    def _ordered(self, positions: Iterable[int], shuffle: bool) -> tuple[Track, ...]:
        chosen = [self.tracks[p] for p in dict.fromkeys(positions)]
        if shuffle:
            self._random.shuffle(chosen)
        else:
            chosen.sort(key=lambda t: (t.artist, t.album, t.track_number or 0, t.title))
        return tuple(chosen)

    def _same_genre(self, name: str) -> set[str]:
        """The library's genre names that mean the same genre as ``name`` (Jazz, 爵士, jazz)."""
        aliases = {normalize(alias) for alias in (name, *self._genre_names(name))}
        return {tagged for tagged in self._fields[MatchField.GENRE].tracks if normalize(tagged) in aliases}

    @staticmethod
    def _genre_names(words: str) -> tuple[str, ...]:
        key = normalize(words)
        for genre, names in GENRE_NAMES.items():
            if key == normalize(genre) or key in {normalize(n) for n in names}:
                return (genre, *names)
        return ()


def best_name(words: str, names: Iterable[str], min_score: float = 75.0) -> str | None:
    """The one of ``names`` that ``words`` say, forgiving script, pinyin and mishearing like a track search
    (a playlist's name: 跑步 finds 跑步, 泡步 finds it by its pinyin); None when none is alike enough."""
    index = _FieldIndex()
    for position, name in enumerate(names):
        index.add(name, position)
    found = index.best(words, min_score, None)
    return found[0] if found is not None else None
