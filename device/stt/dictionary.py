"""PocketSphinx's bundled CMU pronouncing dictionary, read on demand.

A ``Decoder()`` with its defaults loads the 130,000-word dictionary and the open-vocabulary language
model: ~75 MB of a Pi Zero 2 W's 512 MB, for a device that searches a grammar of ~450 words. So
the recognizer starts with an almost empty dictionary and takes the pronunciations of just the words
its grammars use from the file; the language model is loaded only if open vocabulary is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from pocketsphinx import get_model_path

MODEL_DIR = Path(get_model_path()) / "en-us"
CMU_DICTIONARY = MODEL_DIR / "cmudict-en-us.dict"
OPEN_VOCABULARY_LM = MODEL_DIR / "en-us.lm.bin"


class Pronunciations:
    """Word -> its pronunciations (``"K IH CH AH N"``; variants in the file's order), looked up in
    ``path`` by scanning it once per batch of new words; answers (found or not) are remembered."""

    def __init__(self, path: Path = CMU_DICTIONARY) -> None:
        self._path = path
        self._known: dict[str, tuple[str, ...]] = {}

    def lookup(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The pronunciations of each of ``words`` the dictionary has (the others are left out)."""
        wanted = set(words)
        missing = wanted - self._known.keys()
        if missing:
            found: dict[str, list[str]] = {word: [] for word in missing}
            with open(self._path, encoding="utf-8") as file:
                for line in file:
                    entry, _, phones = line.partition(" ")
                    variants = found.get(entry.split("(", 1)[0])
                    if variants is not None:
                        variants.append(phones.split("#", 1)[0].strip())
            self._known.update((word, tuple(variants)) for word, variants in found.items())
        return {word: self._known[word] for word in wanted if self._known[word]}


def entries(pronunciations: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """``(dictionary word, phones)`` pairs, variants named the PocketSphinx way: ``word(2)``."""
    return [
        (word if number == 1 else f"{word}({number})", phones)
        for word, variants in sorted(pronunciations.items())
        for number, phones in enumerate(variants, start=1)
    ]


def write_dictionary(path: str | os.PathLike[str], pronunciations: dict[str, tuple[str, ...]]) -> None:
    with open(path, "w", encoding="utf-8") as file:
        file.writelines(f"{word} {phones}\n" for word, phones in entries(pronunciations))
