"""Every code block of the skill guide (docs/skills.md) and of the README's "Write a skill" is real.

Each block is preceded by an HTML comment saying what it is, and is checked accordingly:

- ``<!-- file: PATH -->``: an excerpt of PATH, lines as they are there (``# ...`` skips lines);
- ``<!-- tree: DIR -->``: a folder layout whose every name exists under DIR;
- ``<!-- ting.toml -->`` / ``<!-- environment -->``: valid settings, and skill tables the example skills take;
- ``<!-- error of [skills.NAME]: TOML -->``: the exact message for that table (set in /home/me/ting.toml);
- ``<!-- run: SKILL FOLDERS -->``: ``$ command`` lines run with those folders in ``skills.paths``, printing
  exactly the lines below them;
- ``<!-- shell -->``: install and test commands only (not run here; the example's tests run in
  test_example_skill.py).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from ting.errors import ConfigError
from ting.settings import SkillTable, load_settings, skill_settings
from ting.skills.sdk import Skill
from ting.skills.sdk.discovery import _import_folder

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "skills.md"
README = REPO / "README.md"
EXAMPLE_FOLDERS = (REPO / "docs/example_skill/ting_shopping", REPO / "docs/sentences_only_skill/garden")
BIN = Path(sys.executable).parent
_MARKED = re.compile(r"<!-- (?P<marker>.+?) -->\n```[^\n]*\n(?P<body>.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Block:
    source: str
    marker: str
    body: str

    def __str__(self) -> str:
        return f"{self.source}: <!-- {self.marker} -->"


def readme_skill_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Write a skill")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


SOURCES = {
    "docs/skills.md": GUIDE.read_text(encoding="utf-8"),
    "README.md (Write a skill)": readme_skill_section(),
}
BLOCKS = [
    Block(name, match["marker"], match["body"].removesuffix("\n"))
    for name, text in SOURCES.items()
    for match in _MARKED.finditer(text)
]


def blocks(kind: str) -> list[Block]:
    return [block for block in BLOCKS if block.marker.split(":")[0] == kind]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_code_block_says_what_it_is(name: str) -> None:
    fences = len(re.findall(r"^```", SOURCES[name], re.M))
    marked = [block for block in BLOCKS if block.source == name]
    assert fences == 2 * len(marked), f"{name}: a code block without a <!-- kind --> comment above it"
    kinds = {"file", "tree", "ting.toml", "environment", "error of [skills.shopping]", "run", "shell"}
    assert {block.marker.split(":")[0] for block in marked} <= kinds


def example_settings() -> dict[str, type[object]]:
    """Skill name -> settings class, of the guide's example skills."""
    skills = [_import_folder(folder) for folder in EXAMPLE_FOLDERS]
    return {s.name: s.settings for s in skills if isinstance(s, Skill) and s.settings is not None}


@pytest.mark.parametrize("block", blocks("file"), ids=str)
def test_excerpts_are_cut_from_the_files(block: Block) -> None:
    path = REPO / block.marker.partition(":")[2].strip()
    lines = path.read_text(encoding="utf-8").splitlines()
    position = 0
    for chunk in re.split(r"^# \.\.\.\n", block.body + "\n", flags=re.M):
        wanted = chunk.splitlines()
        found = next(
            (
                i
                for i in range(position, len(lines) - len(wanted) + 1)
                if lines[i : i + len(wanted)] == wanted
            ),
            None,
        )
        assert found is not None, f"{block}: not in {path} (in this order):\n{chunk}"
        position = found + len(wanted)


@pytest.mark.parametrize("block", blocks("tree"), ids=str)
def test_layouts_name_files_that_exist(block: Block) -> None:
    root = REPO / block.marker.partition(":")[2].strip()
    for line in block.body.splitlines()[1:]:  # the first line is the package's own folder
        name = re.sub(r"^[│├└─\s]+", "", line.split("#")[0]).strip().rstrip("/")
        assert list(root.rglob(name)), f"{block}: {name} is not in {root}"


def check_skill_tables(tables: dict[str, SkillTable]) -> None:
    classes = example_settings()
    for name, table in tables.items():
        assert name in classes, f"[skills.{name}]: not a skill of the guide"
        skill_settings(name, table, classes[name])


@pytest.mark.parametrize("block", blocks("ting.toml"), ids=str)
def test_config_blocks_are_valid_settings(block: Block, tmp_path: Path) -> None:
    config = tmp_path / "ting.toml"
    config.write_text(block.body, encoding="utf-8")
    check_skill_tables(load_settings(config, environ={}).skills.tables)


@pytest.mark.parametrize("block", blocks("environment"), ids=str)
def test_environment_blocks_are_valid_settings(block: Block) -> None:
    environ = dict(
        word.split("=", 1) for line in block.body.splitlines() for word in shlex.split(line) if "=" in word
    )
    assert environ and all(name.startswith("TING_") for name in environ)
    tables = load_settings(None, environ=environ).skills.tables
    assert tables
    check_skill_tables(tables)


@pytest.mark.parametrize("block", blocks("error of [skills.shopping]"), ids=str)
def test_error_blocks_are_the_messages_given(block: Block) -> None:
    name = re.match(r"error of \[skills\.(\w+)\]", block.marker)
    assert name is not None
    table = SkillTable(values=tomllib.loads(block.marker.partition(":")[2]), origin="/home/me/ting.toml")
    with pytest.raises(ConfigError) as raised:
        skill_settings(name[1], table, example_settings()[name[1]])
    assert str(raised.value) == block.body


@pytest.mark.parametrize("block", blocks("run"), ids=str)
def test_commands_print_what_the_guide_shows(block: Block, tmp_path: Path) -> None:
    folders = [str(REPO / folder) for folder in block.marker.partition(":")[2].split()]
    (tmp_path / "ting.toml").write_text(
        f"[skills]\npaths = {folders!r}\n".replace("'", '"'), encoding="utf-8"
    )
    commands = re.split(r"^\$ ", block.body, flags=re.M)[1:]
    assert commands
    for command in commands:
        line, *expected = command.splitlines()
        argv = shlex.split(line)
        assert argv[0] == "ting"
        done = subprocess.run(
            [str(BIN / "ting"), *argv[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == expected, f"{block}: $ {line}"


@pytest.mark.parametrize("block", blocks("shell"), ids=str)
def test_shell_blocks_only_install_and_test(block: Block) -> None:
    for line in block.body.splitlines():
        assert re.match(r"^(pip install |pytest\b)", line), f"{block}: {line!r} is neither run nor checked"
    installs = [shlex.split(line)[2:] for line in block.body.splitlines() if line.startswith("pip install")]
    for targets in installs:
        assert all(target in ("./ting-shopping", "-e", ".[test]", "ting-voice") for target in targets), (
            targets
        )


def test_the_guide_names_every_services_member() -> None:
    from dataclasses import fields

    from ting.skills.sdk import Services

    for member in [field.name for field in fields(Services)] + ["config"]:
        assert f"`services.{member}" in SOURCES["docs/skills.md"], member
