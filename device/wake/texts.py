"""What wake word training reads aloud besides the phrase: read text (docstrings of Python's standard library
for English; words from zhconv's dictionary for Chinese), look-alikes and commands (``negatives.yaml``), and
near misses (the phrase with one word or character swapped)."""

from __future__ import annotations

import ast
import functools
import json
import pkgutil
import re
import sysconfig
import warnings
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from ting.errors import SpeechModelError


def read_text(lang: str, phrase: str) -> list[str]:
    """Sentences to read as negatives; none contains the phrase."""
    if lang.startswith("zh"):
        words = chinese_words()
        rng = np.random.default_rng(0)
        found = ["".join(rng.choice(words, size=int(rng.integers(3, 7)))) for _ in range(3000)]
    else:
        found = docstring_sentences()
    key = squash(phrase)
    return [sentence for sentence in found if key not in squash(sentence)]


def hard_negatives(lang: str, phrase: str) -> list[str]:
    data = yaml.safe_load((resources.files("ting.device.wake") / "negatives.yaml").read_text("utf-8"))
    lines = data.get(lang.split("-")[0], {}).get("look_alikes", []) + data.get(lang.split("-")[0], {}).get(
        "phrases", []
    )
    key = squash(phrase)
    return [line for line in lines if key not in squash(line)]


def near_misses(lang: str, phrase: str, count: int, rng: np.random.Generator) -> list[str]:
    """The phrase with one part swapped for another word ("hey table", "bring ting"; 小X小X): a model
    that has heard these learns the whole phrase, not just its rhythm or one of its words."""
    if count <= 0:  # without reading the standard library's docstrings for a vocabulary
        return []
    if lang.startswith("zh"):
        chars = sorted({char for word in chinese_words() for char in word} - set(phrase))
        swapped = []
        for _ in range(count):
            old = str(rng.choice(sorted(set(phrase))))
            swapped.append(phrase.replace(old, str(rng.choice(chars))))
        return swapped
    words = phrase.split()
    vocabulary = sorted(
        {w.lower() for s in docstring_sentences() for w in re.findall(r"[A-Za-z]{3,9}", s)} - set(words)
    )
    out = []
    for _ in range(count):
        position = int(rng.integers(len(words)))
        out.append(" ".join(str(rng.choice(vocabulary)) if i == position else w for i, w in enumerate(words)))
    return out


STDLIB_PARTS_NOT_EVERYWHERE = frozenset(
    {
        "site-packages",  # what else the machine has installed
        "dist-packages",
        "test",  # the packages below are split off by Debian (and Raspberry Pi OS), or gone in newer Pythons
        "tests",
        "idlelib",
        "tkinter",
        "turtledemo",
        "lib2to3",
        "distutils",
        "ensurepip",
        "turtle",
    }
)
"""Parts of a Python installation's standard library that a given machine may or may not have. Their
docstrings were 60 % of the English read text on one machine and none on another, so the same seeded
training gave a different wake word on each; left out, the text is that of the interpreter alone."""


_MACHINE_MODULE_PREFIXES = ("config-", "_sysconfigdata", "sitecustomize", "usercustomize")
"""Modules named after the build or the machine, or added by a distribution."""


def docstring_sentences(root: Path | None = None) -> list[str]:
    """Sentences of the standard library's docstrings (its modules and packages, ``root``: the running
    interpreter's), the same on every machine with this Python: none of ``STDLIB_PARTS_NOT_EVERYWHERE``."""
    return list(_docstring_sentences(root or Path(sysconfig.get_paths()["stdlib"])))


@functools.cache
def _docstring_sentences(root: Path) -> tuple[str, ...]:
    found: list[str] = []
    for file in sorted([*root.glob("*.py"), *root.glob("*/*.py")]):
        part = file.relative_to(root).parts[0].removesuffix(".py")
        if part in STDLIB_PARTS_NOT_EVERYWHERE or part.startswith(_MACHINE_MODULE_PREFIXES):
            continue
        try:
            # Some stdlib files hold old string escapes ("\\("): parsing them warns of the stdlib, not ting.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", (DeprecationWarning, SyntaxWarning))
                tree = ast.parse(file.read_text(errors="ignore"))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                for sentence in re.split(r"(?<=[.!?])\s+", " ".join(node.value.value.split())):
                    words = sentence.split()
                    if len(words) >= 5 and all(re.fullmatch(r"[A-Za-z,;'.!?-]+", w) for w in words):
                        found.append(sentence)
    return tuple(found)


def chinese_words() -> list[str]:
    raw = pkgutil.get_data("zhconv", "zhcdict.json")
    if raw is None:
        raise SpeechModelError("zhconv's dictionary is missing: no Chinese read text for the negatives")
    table = json.loads(raw)["zh2CN"]
    return sorted(
        {
            value
            for value in table.values()
            if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", value) and "著" not in value
        }
    )


def words_of(text: str) -> list[str]:
    return text.split() if " " in text else list(text)


def squash(text: str) -> str:
    return re.sub(r"[^\w]+", "", text.lower())
