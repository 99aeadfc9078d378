"""What the docs show a user, a user can copy: every ```toml block, ``TING_...`` variable and settings error.

- Each ```toml block of docs/*.md and README.md is written to a file and read by ``load_settings`` (the
  ``--config FILE`` path, with no environment), and its ``[skills.<name>]`` tables are checked against the
  settings class of that skill (a built-in one, or the guide's example) and the class's ``check()``, as
  the server does when it loads them. The same block with its commented-out ``# key = value`` lines
  switched on loads too: those are the documented options a user uncomments.
- A block marked ``<!-- invalid-example: MESSAGE -->`` is refused with a ``ConfigError`` saying MESSAGE.
- A block marked ``<!-- file: PATH -->`` is an excerpt of another file (a skill's pyproject.toml): valid TOML.
- Every ``TING_<SECTION>__<KEY>=value`` in inline code loads and sets the key it names.
- Each ```yaml block that is a household file (home.md's) loads through ``load_household``, as
  ``household.registry_file`` is read.
- A ```json payload shown under a ``ting/...`` topic is that topic's message (ting.messages), key for key.
- A settings error shown in a block (``invalid settings:`` and a line per problem) is the loader's own
  message for the mistakes it names: each line's value is put back where it says it came from.

The table of keys is checked in test_documented_keys.py, the ``ting ...`` lines in
test_documented_commands.py.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import shlex
import tomllib
from pathlib import Path

import pytest

import ting.messages
from tests.docs.doc_blocks import BLOCKS, DOCS, REPO, UNCHECKED, Block, check_skill_tables, load_config
from ting.errors import ConfigError
from ting.hermes.base import Message
from ting.nlu.registry import load_household
from ting.settings import SkillsSettings, SkillTable, load_settings

_COMMENTED_KEY = re.compile(r"^#\s*(?=[\w.\"-]+\s*=)", re.M)
TOML = [block for block in BLOCKS if block.lang == "toml"]
CONFIGS = [block for block in TOML if not block.marker.startswith(("file:", "invalid-example"))]
INVALID = [block for block in TOML if block.marker.startswith("invalid-example")]
EXCERPTS = [block for block in TOML if block.marker.startswith("file:")]


HOUSEHOLDS = [
    block
    for block in BLOCKS
    if block.lang == "yaml" and not block.marker and re.match(r"^(floors|areas|devices):", block.body, re.M)
]


@pytest.mark.parametrize("block", HOUSEHOLDS, ids=str)
def test_household_file_block_loads(block: Block, tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_text(block.body, encoding="utf-8")
    household = load_household(path)
    assert household.devices, block


def test_the_docs_have_config_blocks() -> None:
    assert len(CONFIGS) >= 20
    assert len(INVALID) >= 1
    assert len(ASSIGNMENTS) >= 4
    assert len(ERRORS) >= 2
    assert len(HOUSEHOLDS) >= 2
    assert len(PAYLOADS) >= 2


@pytest.mark.parametrize("block", CONFIGS, ids=str)
def test_config_block_loads(block: Block, tmp_path: Path) -> None:
    load_config(block.body, tmp_path)


@pytest.mark.parametrize("block", CONFIGS, ids=str)
def test_config_block_with_its_commented_options_loads(block: Block, tmp_path: Path) -> None:
    load_config(_COMMENTED_KEY.sub("", block.body), tmp_path)


@pytest.mark.parametrize("block", INVALID, ids=str)
def test_invalid_example_is_refused(block: Block, tmp_path: Path) -> None:
    expected = block.marker.partition(":")[2].strip()
    assert expected, f"{block}: say the message after invalid-example:"
    with pytest.raises(ConfigError) as raised:
        load_config(block.body, tmp_path)
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
    check_skill_tables(settings)
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
        check_skill_tables(load_settings(config, environ=environ))
    message = str(raised.value)
    if file_shown:
        message = message.replace(str(config), file_shown)
    assert message.splitlines() == [lines[0].removeprefix("ting: "), *lines[1:]], str(block)


def _message_classes() -> dict[str, type[Message]]:
    """MQTT topic template -> its message class, of every module of ting.messages."""
    for module in pkgutil.iter_modules(ting.messages.__path__):
        importlib.import_module(f"ting.messages.{module.name}")
    found: dict[str, type[Message]] = {}
    pending = list(Message.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if isinstance(getattr(cls, "TOPIC", None), str):
            found[cls.TOPIC] = cls
    return found


PAYLOADS = [
    block
    for block in BLOCKS
    if block.lang == "json"
    and re.search(r"`ting/[^`]+`\s*\Z", block.path.read_text(encoding="utf-8").split("\n")[block.line - 2])
]


@pytest.mark.parametrize("block", PAYLOADS, ids=str)
def test_documented_payload_is_the_messages(block: Block) -> None:
    """The payload shown under a ``ting/...`` topic decodes as that topic's message, every key of it a
    key the message has, and encodes back to the same keys."""
    shown = block.path.read_text(encoding="utf-8").split("\n")[block.line - 2].strip().strip("`")
    template = re.sub(
        r"<(\w+)>", lambda name: "{" + re.sub(r"(?<!^)([A-Z])", r"_\1", name[1]).lower() + "}", shown
    )
    classes = _message_classes()
    assert template in classes, f"{block}: no message is sent on {shown} ({template})"
    data = json.loads(block.body)
    message = classes[template].from_payload(block.body)
    assert set(message.to_dict()) >= set(data), f"{block}: keys the message does not have"
    assert message.to_dict() == {**message.to_dict(), **data}, block
