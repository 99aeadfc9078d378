"""Every ``ting ...`` the docs show is a command the real CLI takes (nothing is run).

- A ``ting ...`` line of a code block (``$ ting ...`` where the block has prompts) is parsed by the parser
  ``ting`` builds (``build_parser``): sub-commands, flags, choices and positionals as the user types them.
- A ``ting ...`` in inline code names a real sub-command path and only flags that sub-command takes (and,
  where a flag has fixed choices, values among them: ``--lang en|zh``; METAVARs and <placeholders> aside).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.docs.doc_blocks import BLOCKS, DOCS, FENCE, UNCHECKED, Block
from ting.cli.main import build_parser

_SHELL_LANGS = {"", "sh", "console", "bash", "shell"}


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
        text = FENCE.sub(lambda match: "\n" * match[0].count("\n"), path.read_text(encoding="utf-8"))
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


def test_the_docs_have_commands() -> None:
    assert len(COMMANDS) >= 10
    assert len(INLINE) >= 50
