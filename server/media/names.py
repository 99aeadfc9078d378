"""The library's names for the NLU and the devices' recognition grammar (``ting.nlu.names``).

The media skill's sentences name these sources (``{names: {source: media.artist, open: true}}``); the
server supplies them, like it supplies the household's names: at start from the records in the store,
then after every rescan. Each kind is bounded (``media.grammar_names_per_kind``), most played first,
because every name makes the recognizers' grammar larger (and PocketSphinx slower).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from ting.mqtt.client import HermesClient
from ting.server.grammar import Grammars
from ting.server.media.library import Library
from ting.skills.sdk.media import MatchField

_LOGGER = logging.getLogger(__name__)

SOURCES = {
    "media.artist": MatchField.ARTIST,
    "media.album": MatchField.ALBUM,
    "media.title": MatchField.TITLE,
    "media.genre": MatchField.GENRE,
}
"""Source (what a sentence file's ``names`` list names) -> the library field whose names it holds."""
PLAYLIST_SOURCE = "media.playlist"
"""The playlists' names (``.m3u`` / ``.m3u8`` files in the library's folders)."""


def library_names(library: Library, per_kind: int) -> dict[str, list[str]]:
    """Each source's names, most played first, at most ``per_kind``."""
    names = {source: library.names(field, per_kind) for source, field in SOURCES.items()}
    names[PLAYLIST_SOURCE] = library.playlist_names(per_kind)
    return names


def names_updater(
    library: Library, grammars: Grammars, client: HermesClient, *, per_kind: int
) -> Callable[[], Awaitable[None]]:
    """What runs after each scan: new names reach the recognizer (it shares ``grammars.names``) at once
    and the devices with the grammar announced again; unchanged names announce nothing."""

    async def update() -> None:
        if grammars.names.update(library_names(library, per_kind)):
            grammars.names_changed()
            await grammars.publish(client)

    return update
