"""A recognizer's vocabulary, and the grammar words it lacks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ting.nlu.grammar.spoken import UNK


def grammar_words(text: str) -> set[str]:
    """Every word a generated grammar uses (JSGF syntax and ``[unk]`` left out)."""
    words: set[str] = set()
    for line in text.splitlines():
        if line.startswith(("#", "grammar")):
            continue
        body = line.split("=", 1)[-1]
        for piece in body.replace("(", " ").replace(")", " ").replace("|", " ").replace(";", " ").split():
            if not piece.startswith("<") and piece not in ("+", "*", UNK):
                words.add(piece.strip('",[]'))
    return {word for word in words if word}


def load_vocabulary(path: Path) -> frozenset[str]:
    """Words of a pronunciation dictionary (``word PH ONES``, ``word(2)`` variants) or a ``words.txt``."""
    words: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            parts = line.split()
            if parts:
                words.add(parts[0].split("(")[0].lower())
    return frozenset(words)


def vocabulary_file(model: str) -> Path | None:
    """``pocketsphinx`` (its bundled English dictionary), a model folder (``graph/words.txt``), or a file."""
    if model == "pocketsphinx":
        from pocketsphinx import get_model_path

        return Path(get_model_path()) / "en-us" / "cmudict-en-us.dict"
    path = Path(model)
    if path.is_dir():
        for candidate in (path / "graph" / "words.txt", path / "words.txt"):
            if candidate.is_file():
                return candidate
        return None
    return path if path.is_file() else None


def missing_words(words: Iterable[str], vocabulary: frozenset[str]) -> list[str]:
    return sorted({word for word in words if word != UNK and word.lower() not in vocabulary})
