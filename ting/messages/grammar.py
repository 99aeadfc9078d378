"""Recognizer grammars the server made from its skills' sentences and the household (retained)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ting.hermes.base import Message


@dataclass
class GrammarAnnouncement(Message):
    """Retained on ``ting/nlu/grammar/<lang>``; a device rebuilds its recognizers when it changes."""

    TOPIC = "ting/nlu/grammar/{lang}"

    lang: str
    vosk: list[str] = field(default_factory=list)
    """The Vosk phrase list (``[unk]`` included)."""
    jsgf: str | None = None
    """The compact JSGF grammar for PocketSphinx."""
    version: str | None = None
    """Changes whenever the grammar does; None: the receiver hashes the payload."""
    names: dict[str, list[str]] = field(default_factory=dict)
    """The values of the sentences' ``names`` lists by source (``media.artist`` -> the music library's
    artists, most played first, bounded): the device's NLU matches them as the server's does."""
