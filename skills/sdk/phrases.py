"""Bilingual phrase tables for skill answers: data beside the handlers, one lookup for all skills."""

from __future__ import annotations

from collections.abc import Mapping


class Phrases:
    """``{key: {lang: template}}``; ``say`` picks the language (Chinese when unknown) and fills it in."""

    def __init__(self, table: Mapping[str, Mapping[str, str]]) -> None:
        self.table = table

    def say(self, key: str, lang: str, **values: str) -> str:
        templates = self.table[key]
        return templates.get(lang, templates["zh"]).format(**values)
