"""The code blocks of the docs a user copies, and reading settings as ting does: for tests/docs."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ting.settings import Settings, SkillsSettings, load_settings, skill_settings
from ting.skills.sdk import Skill
from ting.skills.sdk.discovery import _import_folder, discover

REPO = Path(__file__).resolve().parents[2]
DOCS = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]
UNCHECKED = {"benchmarks.md"}
"""Not read: its commands and figures belong to bench/, kept by whoever measures."""
EXAMPLE_SKILLS = (REPO / "docs/example_skill/ting_shopping", REPO / "docs/sentences_only_skill/garden")
FENCE = re.compile(r"^```(?P<lang>[\w.+-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.S | re.M)
_MARKER = re.compile(r"<!-- (?P<marker>.+?) -->\s*\Z")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    lang: str
    body: str
    marker: str

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line}"


def _blocks() -> list[Block]:
    found = []
    for path in DOCS:
        if path.name in UNCHECKED:
            continue
        text = path.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
            marker = _MARKER.search(before)
            found.append(
                Block(
                    path=path,
                    line=text.count("\n", 0, match.start()) + 1,
                    lang=match["lang"],
                    body=match["body"],
                    marker=marker["marker"] if marker else "",
                )
            )
    return found


BLOCKS = _blocks()


@functools.cache
def skill_classes() -> dict[str, type[object] | None]:
    """Skill name -> its settings class (None: takes none): the built-in skills and the guide's examples."""
    classes: dict[str, type[object] | None] = {}
    for found in discover(SkillsSettings()):
        skill = found.load()
        assert isinstance(skill, Skill), found.source
        classes[skill.name] = skill.settings
    for folder in EXAMPLE_SKILLS:
        skill = _import_folder(folder)
        assert isinstance(skill, Skill), folder
        classes[skill.name] = skill.settings
    return classes


def load_config(body: str, folder: Path) -> None:
    """As ``ting --config FILE`` reads it, then each skill table as its skill does (ConfigError if not)."""
    config = folder / "ting.toml"
    config.write_text(body, encoding="utf-8")
    check_skill_tables(load_settings(config, environ={}))


def check_skill_tables(settings: Settings) -> None:
    classes = skill_classes()
    for name, table in settings.skills.tables.items():
        assert name in classes, f"[skills.{name}]: no skill of that name ships with ting or the docs"
        settings_class = classes[name]
        assert settings_class is not None, f"[skills.{name}]: skill {name} takes no settings"
        configured = skill_settings(name, table, settings_class)
        checker = getattr(configured, "check", None)  # the weather skill's, run when it starts
        if callable(checker):
            checker()
