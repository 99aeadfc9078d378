"""Names supplied while running: lists whose values are not in any sentence file.

The music library's artists, albums, titles, genres and playlists change with every rescan, so a skill's
sentence file cannot list them. It names where they come from instead::

    lists:
      artist: {names: {source: media.artist, open: true}}   # a library artist, else the words as said
      artist_name: {names: {source: media.artist}}          # a library artist, nothing else

and whoever owns the names (the server, from its library) hands them to the recognizer under that source
with ``IntentRecognizer.set_names`` (``SlotNames.set``). The grammar export samples them like the
household's names, and the server sends them to devices in its ``GrammarAnnouncement``. Until names
arrive an ``open`` list is a wildcard and a closed one matches nothing.

A name said as it is named is a literal match (it ranks above any words a wildcard swallows), so
"播放周杰伦晴天" splits into artist + title when both are names, and "play 周杰伦" is an artist.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ting.errors import NluError
from ting.nlu.lists import MatchContext, SlotMatch, ValueList
from ting.nlu.normalize import token_texts
from ting.nlu.wildcard import WildcardList, build_wildcard

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class NameList:
    """A ``names`` list: the values ``context.slot_names[source]`` holds when matching."""

    name: str
    source: str
    open: bool = False
    """Also any words (the value is then the words as said, like a wildcard's)."""
    words: WildcardList | None = None
    """How the other words are read when ``open`` (``open: {never_spans: [的]}``: wildcard options)."""

    @property
    def wildcard(self) -> bool:
        return self.open

    def first_tokens(self) -> frozenset[str] | None:
        return None  # the names change after the templates are indexed

    def match(self, tokens: Sequence[str], start: int, context: MatchContext) -> Iterator[SlotMatch]:
        values = context.slot_names.get(self.source)
        if values is not None:
            for found in values.match(tokens, start, context):
                yield SlotMatch(found.end, found.value, found.kind, found.similarity, wildcard=False)
        if self.open:
            yield from (self.words or WildcardList(self.name)).match(tokens, start, context)


def build_names(name: str, spec: Any) -> NameList:
    """``{names: {source: media.artist, open: true}}`` (or ``{names: media.artist}``); ``open`` may also be
    a wildcard's options (``open: {never_spans: [的]}``, ting/nlu/wildcard.py)."""
    if isinstance(spec, str):
        spec = {"source": spec}
    if not isinstance(spec, Mapping) or not isinstance(spec.get("source"), str) or not spec["source"]:
        raise NluError(f"list {name}: 'names' needs a 'source' (e.g. media.artist)")
    unknown = set(spec) - {"source", "open"}
    if unknown:
        raise NluError(f"list {name}: 'names' has unknown key(s) {sorted(unknown)}")
    opened = spec.get("open", False)
    words = build_wildcard(name, opened) if isinstance(opened, Mapping) else None
    return NameList(name, spec["source"], bool(opened), words)


class SlotNames:
    """The names of every source, each replaced whole (a rescan's names at once, never half of them).

    Read by the matcher on any thread while the server's loop replaces them: a swap of one dict."""

    def __init__(self) -> None:
        self._names: dict[str, tuple[str, ...]] = {}
        self._lists: dict[str, ValueList] = {}
        self._lock = threading.Lock()
        self.version = 0
        """Counts the changes (a grammar made from one version's names is stale after the next)."""

    def set(self, source: str, names: Iterable[str]) -> bool:
        """Replace ``source``'s names (order kept: first is most wanted); True when they changed."""
        kept = tuple(dict.fromkeys(name.strip() for name in names if name and token_texts(name)))
        with self._lock:
            if self._names.get(source) == kept:
                return False
            values = ValueList.from_aliases(source, [(name, name) for name in kept], quiet=True)
            self._names = {**self._names, source: kept}
            self._lists = {**self._lists, source: values}
            self.version += 1
        _LOGGER.info("%d names for %s", len(kept), source)
        return True

    def update(self, names: Mapping[str, Iterable[str]]) -> bool:
        """``set`` for every source given; True when any changed."""
        changed = [self.set(source, values) for source, values in names.items()]
        return any(changed)

    def names(self) -> Mapping[str, tuple[str, ...]]:
        return self._names

    def snapshot(self) -> tuple[int, Mapping[str, tuple[str, ...]]]:
        """The version and its names, read together."""
        with self._lock:
            return self.version, self._names

    def lists(self) -> Mapping[str, ValueList]:
        return self._lists
