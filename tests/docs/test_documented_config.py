"""What the docs show a user, a user can copy: every ```toml block loads, every ``ting ...`` line parses.

- Each ```toml block of docs/*.md and README.md is written to a file and read by ``load_settings`` (the
  ``--config FILE`` path, with no environment), and its ``[skills.<name>]`` tables are checked against the
  settings class of that skill (a built-in one, or the guide's example) and the class's ``check()``, as
  the server does when it loads them. The same block with its commented-out ``# key = value`` lines
  switched on loads too: those are the documented options a user uncomments.
- A block marked ``<!-- invalid-example: MESSAGE -->`` is refused with a ``ConfigError`` saying MESSAGE.
- Every key of configuration.md's table of keys exists, and its default, where the table gives a value
  (a number, true/false, a `word` or a TOML `{...}`/`[...]`), is the code's.
- A settings error shown in a block (``invalid settings:`` and a line per problem) is the loader's own
  message for the mistakes it names: each line's value is put back where it says it came from.
- A block marked ``<!-- file: PATH -->`` is an excerpt of another file (a skill's pyproject.toml): valid TOML.
- Every ``TING_<SECTION>__<KEY>=value`` in inline code loads and sets the key it names.
- Every ``ting ...`` command line of a code block is parsed by the real CLI parser (nothing runs); every
  ``ting ...`` in inline code names a real sub-command and only flags that sub-command takes (and, where
  a flag has fixed choices, values among them: ``--lang en|zh``).

docs/benchmarks.md is not read here: its commands and figures belong to bench/.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import functools
import io
import itertools
import json
import os
import re
import shlex
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ting.cli.main import build_parser
from ting.errors import ConfigError
from ting.settings import Settings, SkillsSettings, SkillTable, load_settings, skill_settings
from ting.skills.sdk import Skill
from ting.skills.sdk.discovery import _import_folder, discover

REPO = Path(__file__).resolve().parents[2]
DOCS = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]
UNCHECKED = {"benchmarks.md"}
EXAMPLE_SKILLS = (REPO / "docs/example_skill/ting_shopping", REPO / "docs/sentences_only_skill/garden")
_FENCE = re.compile(r"^```(?P<lang>[\w.+-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.S | re.M)
_MARKER = re.compile(r"<!-- (?P<marker>.+?) -->\s*\Z")
_COMMENTED_KEY = re.compile(r"^#\s*(?=[\w.\"-]+\s*=)", re.M)
_SHELL_LANGS = {"", "sh", "console", "bash", "shell"}


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
        for match in _FENCE.finditer(text):
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
TOML = [block for block in BLOCKS if block.lang == "toml"]
CONFIGS = [block for block in TOML if not block.marker.startswith(("file:", "invalid-example"))]
INVALID = [block for block in TOML if block.marker.startswith("invalid-example")]
EXCERPTS = [block for block in TOML if block.marker.startswith("file:")]


@functools.cache
def _skill_classes() -> dict[str, type[object] | None]:
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


def _load(body: str, folder: Path) -> None:
    """As ``ting --config FILE`` reads it, then each skill table as its skill does (ConfigError if not)."""
    config = folder / "ting.toml"
    config.write_text(body, encoding="utf-8")
    _check_skill_tables(load_settings(config, environ={}))


def _check_skill_tables(settings: Settings) -> None:
    classes = _skill_classes()
    for name, table in settings.skills.tables.items():
        assert name in classes, f"[skills.{name}]: no skill of that name ships with ting or the docs"
        settings_class = classes[name]
        assert settings_class is not None, f"[skills.{name}]: skill {name} takes no settings"
        configured = skill_settings(name, table, settings_class)
        checker = getattr(configured, "check", None)  # the weather skill's, run when it starts
        if callable(checker):
            checker()


def test_the_docs_have_config_blocks_and_commands() -> None:
    assert len(CONFIGS) >= 20
    assert len(COMMANDS) >= 10
    assert len(INLINE) >= 50
    assert len(ASSIGNMENTS) >= 4
    assert len(ERRORS) >= 2
    assert len(KEYS) >= 100
    assert (
        sum(key.default is not None and _documented_value(key.default) is not _NOT_SET for key in KEYS) >= 60
    )


@pytest.mark.parametrize("block", CONFIGS, ids=str)
def test_config_block_loads(block: Block, tmp_path: Path) -> None:
    _load(block.body, tmp_path)


@pytest.mark.parametrize("block", CONFIGS, ids=str)
def test_config_block_with_its_commented_options_loads(block: Block, tmp_path: Path) -> None:
    _load(_COMMENTED_KEY.sub("", block.body), tmp_path)


@pytest.mark.parametrize("block", INVALID, ids=str)
def test_invalid_example_is_refused(block: Block, tmp_path: Path) -> None:
    expected = block.marker.partition(":")[2].strip()
    assert expected, f"{block}: say the message after invalid-example:"
    with pytest.raises(ConfigError) as raised:
        _load(block.body, tmp_path)
    assert expected in str(raised.value), block


@pytest.mark.parametrize("block", EXCERPTS, ids=str)
def test_excerpt_of_another_toml_file_is_toml(block: Block) -> None:
    named = REPO / block.marker.partition(":")[2].strip()
    assert named.is_file(), f"{block}: {named} does not exist"
    assert tomllib.loads(block.body), block


def _assignments() -> list[tuple[str, str, str]]:
    found = []
    for path in DOCS:
        if path.name in UNCHECKED:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"`(TING_[A-Z0-9_]+=[^`]+)`", text):
            line = text.count("\n", 0, match.start()) + 1
            for word in shlex.split(match[1]):
                name, _, value = word.partition("=")
                found.append((f"{path.name}:{line}", name, value))
    return found


ASSIGNMENTS = _assignments()


@pytest.mark.parametrize(
    ("where", "name", "value"), ASSIGNMENTS, ids=[f"{w}: {n}" for w, n, _ in ASSIGNMENTS]
)
def test_environment_example_sets_its_key(where: str, name: str, value: str, tmp_path: Path) -> None:
    section, *keys = name.removeprefix("TING_").lower().split("__")
    config = tmp_path / "ting.toml"
    # A push channel needs its type: one key of it by variable overrides a channel the file has.
    config.write_text(
        f'[push.{keys[0]}]\ntype = "wecom_bot"\nkey = "in the file"\n' if section == "push" else "",
        encoding="utf-8",
    )
    settings = load_settings(config, environ={name: value})
    _check_skill_tables(settings)
    node: object = settings
    for part in [section, *keys]:
        if isinstance(node, SkillsSettings) and part in node.tables:
            node = node.tables[part]
        elif isinstance(node, SkillTable):
            node = node.values[part]
        elif isinstance(node, dict):
            node = node[part]
        else:
            node = getattr(node, part)
    wanted = json.loads(value) if value[:1] in "[{" else value
    assert (list(node) if isinstance(node, tuple) else str(node)) == wanted, f"{where}: {name}"


ERRORS = [
    block
    for block in BLOCKS
    if re.search(r"^(ting: )?invalid (settings|\[skills\.\w+\] settings):$", block.body, re.M)
]
_PROBLEM = re.compile(r"^  (?P<origin>.+?): (?P<key>[\w.]+): .* \(got (?P<got>.*)\)$")


@pytest.mark.parametrize("block", ERRORS, ids=str)
def test_settings_error_shown_is_the_loaders(block: Block, tmp_path: Path) -> None:
    lines = block.body.splitlines()
    config = tmp_path / "ting.toml"
    tables: dict[str, list[str]] = {}
    environ: dict[str, str] = {}
    file_shown = None
    for line in lines[1:]:
        problem = _PROBLEM.match(line)
        assert problem, f"{block}: {line!r} is not a problem line"
        value = ast.literal_eval(problem["got"])
        if problem["origin"].startswith("environment variable "):
            environ[problem["origin"].removeprefix("environment variable ")] = str(value)
        else:
            file_shown = problem["origin"]
            table, _, key = problem["key"].rpartition(".")
            tables.setdefault(table, []).append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    config.write_text("".join(f"[{t}]\n" + "\n".join(keys) + "\n" for t, keys in tables.items()), "utf-8")
    with pytest.raises(ConfigError) as raised:
        _check_skill_tables(load_settings(config, environ=environ))
    message = str(raised.value)
    if file_shown:
        message = message.replace(str(config), file_shown)
    assert message.splitlines() == [lines[0].removeprefix("ting: "), *lines[1:]], str(block)


_KEY_ROW = re.compile(r"^\| (`[^|`]+`(?: / `[^|`]+`)*) \| ([^|]*) \|", re.M)
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
    text = (REPO / "docs/configuration.md").read_text(encoding="utf-8")
    found = []
    for row in _KEY_ROW.finditer(text):
        names = re.findall(r"`([^`]+)`", row[1])
        if re.search(r"[<*]", names[0]):
            continue  # `skills.<name>`, `push_outbox.*`: described elsewhere
        first = tuple(names[0].split("."))
        paths = [first, *(first[:-1] + tuple(name.split(".")) for name in names[1:])]
        defaults = [part.strip() for part in row[2].split(" / ")]
        where = f"configuration.md:{text.count(chr(10), 0, row.start()) + 1}"
        for index, path in enumerate(paths):
            found.append(Key(where, path, defaults[index] if len(defaults) == len(paths) else None))
    return found


KEYS = _keys()


def _default_of(path: tuple[str, ...]) -> object:
    node: object = Settings()
    if path[0] == "skills" and len(path) > 1 and path[1] in _skill_classes():
        settings_class = _skill_classes()[path[1]]
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


# -- commands -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    where: str
    argv: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.where}: {' '.join(self.argv)}"


def _command_lines(block: Block) -> Iterator[tuple[int, str]]:
    """Lines that run ``ting``: ``$ ting ...`` in a block with prompts, else lines starting ``ting ``."""
    lines = block.body.splitlines()
    prompted = any(line.startswith("$ ") for line in lines)
    for number, line in enumerate(lines, start=block.line + 1):
        if prompted:
            if not line.startswith("$ "):
                continue  # output
            line = line[2:]
        words = shlex.split(line, comments=True)
        while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
            words = words[1:]  # TING_...=... ting server
        if words and words[0] == "ting":
            yield number, " ".join(shlex.quote(word) for word in words)


def _optional_parts(words: list[str]) -> list[str]:
    """``[--status failed]`` shows an option: parsed as given."""
    return [word.strip("[]") for word in words if word.strip("[]")]


COMMANDS = [
    Command(f"{block.path.name}:{number}", tuple(_optional_parts(shlex.split(line))))
    for block in BLOCKS
    if block.lang in _SHELL_LANGS
    for number, line in _command_lines(block)
]


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_command_line_parses(command: Command) -> None:
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        try:
            args = build_parser().parse_args(list(command.argv[1:]))
        except SystemExit as exit_:
            pytest.fail(f"{command}: the CLI refuses it (status {exit_.code}): {errors.getvalue()}")
    assert callable(args.run), command


def _inline() -> list[Command]:
    found = []
    for path in DOCS:
        if path.name in UNCHECKED:
            continue
        text = _FENCE.sub(lambda match: "\n" * match[0].count("\n"), path.read_text(encoding="utf-8"))
        for match in re.finditer(r"`(ting(?: [^`]*)?)`", text):
            if match[1] == "ting" or not re.match(r"ting -|ting [a-z]", match[1]):
                continue  # the project's name, or `ting.toml`
            line = text.count("\n", 0, match.start()) + 1
            words = match[1].replace("\\|", "|").split()
            found.append(Command(f"{path.name}:{line}", tuple(_optional_parts(words))))
    return found


INLINE = _inline()


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@pytest.mark.parametrize("command", INLINE, ids=str)
def test_inline_command_names_a_real_subcommand_and_flags(command: Command) -> None:
    parser = build_parser()
    path = ["ting"]
    words = list(command.argv[1:])
    while words and not words[0].startswith("-") and _subcommands(parser):
        choices = _subcommands(parser)
        assert words[0] in choices, (
            f"{command}: {' '.join(path)} has no sub-command {words[0]!r}: {sorted(choices)}"
        )
        path.append(words.pop(0))
        parser = choices[path[-1]]
    for word in words:
        if word.startswith("-") and word not in ("-", "--"):
            flag = word.split("=", 1)[0]
            assert flag in parser._option_string_actions, f"{command}: {' '.join(path)} takes no {flag}"
    for flag, value in itertools.pairwise(words):
        choices = getattr(parser._option_string_actions.get(flag), "choices", None)
        if choices is not None and not re.fullmatch(r"[A-Z][A-Z0-9_.]*|.*[<…].*", value):  # not a METAVAR
            for alternative in value.split("|"):
                assert alternative in choices, (
                    f"{command}: {flag} takes {sorted(choices)}, not {alternative!r}"
                )
