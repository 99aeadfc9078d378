"""The docs' tables of keys: every key is a real setting, and a default a table shows is the code's.

A row names one key or several (`` `a.b` / `c` `` is ``a.b`` and ``a.c``); where its default column gives a
value per key (a number, true/false, a `word`, a TOML `{...}`/`[...]`) it must be the default in the code.
Defaults described in words (``role + site``, ``none``) or as another key (`` `mqtt.url` ``) are not compared.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.docs.doc_blocks import DOCS, UNCHECKED, skill_classes
from ting.settings import Settings

_TABLE = re.compile(
    r"(?:^<!-- keys of (?P<prefix>[\w.]+) -->\n)?^\| (?:section\.)?key \| default \|[^\n]*\n"
    r"\|-[^\n]*\n(?P<rows>(?:^\|[^\n]*\n)+)",
    re.M,
)
_KEY_ROW = re.compile(r"^\| (`[^|`]+`(?:(?: / |, )`[^|`]+`)*) \| ([^|]*) \|", re.M)
_NOT_SET = object()


@dataclass(frozen=True)
class Key:
    where: str
    path: tuple[str, ...]
    default: str | None
    """As the table shows it; None: the row does not give one per key."""

    def __str__(self) -> str:
        return f"{self.where}: {'.'.join(self.path)}"


def _keys() -> list[Key]:
    """The rows of every ``| key | default |`` table whose keys are whole (``alarms.grace_seconds``) or
    that a ``<!-- keys of SECTION -->`` comment right above it places (``city`` of ``skills.weather``)."""
    found = []
    for path in DOCS:
        if path.name in UNCHECKED:
            continue
        text = path.read_text(encoding="utf-8")
        for table in _TABLE.finditer(text):
            prefix = tuple(table["prefix"].split(".")) if table["prefix"] else ()
            rows = list(_KEY_ROW.finditer(table["rows"]))
            if not prefix and rows and "." not in rows[0][1]:
                continue  # keys of something else (a briefing's), not placed by a comment
            for row in rows:
                names = re.findall(r"`([^`]+)`", row[1])
                if re.search(r"[<*]", names[0]):
                    continue  # `skills.<name>`, `push_outbox.*`: described elsewhere
                first = prefix + tuple(names[0].split("."))
                paths = [first]
                for name in names[1:]:  # `a.b` / `c`: a.c; `a.b` / `a.d`: a.d
                    whole = not prefix and name.split(".")[0] == first[0]
                    paths.append(tuple(name.split(".")) if whole else first[:-1] + tuple(name.split(".")))
                defaults = [part.strip() for part in row[2].split(" / " if " / " in row[1] else ", ")]
                line = text.count("\n", 0, table.start("rows") + row.start()) + 1
                for index, key in enumerate(paths):
                    shown = defaults[index] if len(defaults) == len(paths) else None
                    found.append(Key(f"{path.name}:{line}", key, shown))
    return found


KEYS = _keys()


def _default_of(path: tuple[str, ...]) -> object:
    node: object = Settings()
    if path[0] == "skills" and len(path) > 1 and path[1] in skill_classes():
        settings_class = skill_classes()[path[1]]
        assert settings_class is not None, path
        node, path = settings_class(), path[2:]
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif dataclasses.is_dataclass(node) and part in {item.name for item in dataclasses.fields(node)}:
            node = getattr(node, part)
        else:
            return _NOT_SET
    return node


def _documented_value(shown: str) -> object:
    """The value the table shows, or _NOT_SET when it describes one in words (``role + site``, ``none``)."""
    value = shown.replace("−", "-")
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value)
    if value.startswith(("`{", "`[")):
        return tomllib.loads(f"x = {value.strip('`')}")["x"]
    if value.startswith("`") and re.fullmatch(r"`[\w.:/~-]+`", value):
        word = value.strip("`")
        return (
            _NOT_SET if _default_of(tuple(word.split("."))) is not _NOT_SET else word
        )  # `mqtt.url`: that key's
    return _NOT_SET


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_documented_key_exists_with_its_default(key: Key) -> None:
    actual = _default_of(key.path)
    assert actual is not _NOT_SET, f"{key}: no such setting"
    wanted = _NOT_SET if key.default is None else _documented_value(key.default)
    if wanted is _NOT_SET:
        return
    if isinstance(wanted, bool):
        assert actual is wanted, key
    elif isinstance(wanted, float):
        assert isinstance(actual, int | float) and not isinstance(actual, bool), key
        assert float(actual) == wanted, f"{key}: the code's default is {actual!r}"
    elif isinstance(wanted, str):
        # ~/.local/share/ting is $XDG_DATA_HOME/ting when that is set (as it is in these tests)
        data_dir = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local/share")
        shown = (
            Path(wanted.replace("~/.local/share", data_dir)).expanduser()
            if isinstance(actual, Path)
            else wanted
        )
        assert actual == shown, f"{key}: the code's default is {actual!r}"
    else:
        plain = (
            dict(actual)
            if isinstance(actual, dict)
            else list(actual)
            if isinstance(actual, tuple)
            else actual
        )
        assert plain == wanted, f"{key}: the code's default is {actual!r}"


def test_the_table_has_keys_and_defaults() -> None:
    assert len(KEYS) >= 100
    assert (
        sum(key.default is not None and _documented_value(key.default) is not _NOT_SET for key in KEYS) >= 60
    )
