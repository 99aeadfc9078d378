"""Change keys in a ``ting.toml`` the way a person would: comments, order and layout are kept.

Used by commands that configure what they install (``ting models download``). A file that is not valid
TOML is never overwritten; the edited text is validated as settings before it replaces the file, and the
replacement is atomic (a temporary file in the same folder, then a rename).
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import tempfile
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
import tomlkit.items

from ting.errors import ConfigError
from ting.settings import Settings, load_settings

SettingsCheck = Callable[[Settings], None]
"""More checks of the edited file's settings than the loader's (a skill's own table): ``ConfigError``."""

_LOGGER = logging.getLogger(__name__)

_NEW_FILE_HEADER = "# ting settings: see docs/configuration.md\n"
_REWRITE_IN_PLACE_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EBUSY, errno.EXDEV, errno.EROFS})
_NEW_FILE_MODE = 0o600
"""A new config file is private to its user: MQTT passwords and push tokens go in it too."""


@dataclass(frozen=True)
class Change:
    key: str
    """Dotted, e.g. ``device.vosk_model_dirs.en``."""
    old: Any
    """The value the file had; None when the key was not in the file."""
    new: Any


class ConfigEditor:
    """One config file, read with its formatting; ``set`` records changes, ``save`` writes them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.exists = path.is_file()
        self.changes: list[Change] = []
        text = _read(path) if self.exists else ""
        try:
            self._document = tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as error:
            raise ConfigError(f"{path}: not valid TOML ({error}); the file was not changed") from None

    def get(self, *keys: str) -> Any:
        """The value at ``keys`` as plain Python, or None when the file does not set it."""
        node: Any = self._document
        for key in keys:
            if not isinstance(node, MutableMapping) or key not in node:
                return None
            node = node[key]
        return node.unwrap() if hasattr(node, "unwrap") else node

    def set(self, *keys: str, value: Any) -> Change | None:
        """Set ``keys`` to ``value`` (a string, number, bool or list of them), creating ``[section]`` and
        inline tables below it as needed; the change, or None when the file already had that value."""
        old = self.get(*keys)
        if old == value:
            return None
        self._parent(keys, create=True)[keys[-1]] = value
        return self._record(keys, old, value)

    def remove(self, *keys: str) -> Change | None:
        """Take ``keys`` out of the file (its default applies again); None when the file did not set it."""
        old = self.get(*keys)
        if old is None:
            return None
        del self._parent(keys, create=False)[keys[-1]]
        return self._record(keys, old, None)

    def append_table(self, *keys: str, table: dict[str, Any]) -> Change:
        """Add ``table`` to the array of tables at ``keys`` (``[[media.stations]]``), after the ones the
        file has; their comments stay."""
        parent = self._parent(keys, create=True)
        tables = parent.get(keys[-1])
        if tables is None:
            tables = parent[keys[-1]] = tomlkit.aot()
        if not isinstance(tables, tomlkit.items.AoT):
            dotted = ".".join(keys)
            raise ConfigError(f"{self.path}: {dotted} is not an array of tables; the file was not changed")
        item = tomlkit.table()
        item.update(table)
        tables.append(item)
        return self._record(keys, None, table)

    def remove_table(self, *keys: str, index: int) -> Change:
        """Remove the ``index``-th table of the array of tables at ``keys``."""
        tables = self._parent(keys, create=False).get(keys[-1])
        if not isinstance(tables, tomlkit.items.AoT) or not 0 <= index < len(tables):
            raise ConfigError(f"{self.path}: {'.'.join(keys)} has no entry {index}; the file was not changed")
        old = tables[index].unwrap()
        del tables[index]
        if not tables:  # an empty [[...]] array would be written as `stations = []` in the wrong place
            del self._parent(keys, create=False)[keys[-1]]
        return self._record(keys, old, None)

    def _parent(self, keys: tuple[str, ...], *, create: bool) -> Any:
        node: Any = self._document
        for depth, key in enumerate(keys[:-1]):
            if key not in node:
                if not create:
                    raise ConfigError(f"{self.path}: {'.'.join(keys)} is not set")
                node[key] = tomlkit.table() if depth == 0 else tomlkit.inline_table()
            node = node[key]
            if not isinstance(node, MutableMapping):
                dotted = ".".join(keys[: depth + 1])
                raise ConfigError(f"{self.path}: {dotted} is not a table; the file was not changed")
        return node

    def _record(self, keys: tuple[str, ...], old: Any, new: Any) -> Change:
        change = Change(".".join(keys), old, new)
        self.changes.append(change)
        return change

    def save(self, check: SettingsCheck | None = None) -> None:
        """Write the changes (nothing when there are none), after checking the result loads as settings
        (and passes ``check``)."""
        if not self.changes:
            return
        text = tomlkit.dumps(self._document)
        if not self.exists:
            text = _NEW_FILE_HEADER + text
        _check_settings(text, self.path, check)
        target = self.path.resolve()  # a symlinked config stays a symlink
        try:
            mode = stat.S_IMODE(target.stat().st_mode) if self.exists else _NEW_FILE_MODE
            _replace(target, text, mode)
        except OSError as error:
            raise ConfigError(f"{self.path}: cannot write config file: {error.strerror}") from None
        _LOGGER.debug("%s: set %s", self.path, ", ".join(change.key for change in self.changes))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config file: {error}") from None


def _check_settings(text: str, path: Path, check: SettingsCheck | None) -> None:
    with tempfile.TemporaryDirectory(prefix="ting-config-") as folder:
        written = Path(folder) / path.name
        written.write_text(text, encoding="utf-8")
        try:
            settings = load_settings(written, environ={})
            if check is not None:
                check(settings)
        except ConfigError as error:
            message = str(error).replace(str(written), str(path))
            raise ConfigError(
                f"{path}: the edited file would not be valid, so it was not changed; {message}"
            ) from None


def _replace(target: Path, text: str, mode: int) -> None:
    """Atomically: a temporary file beside ``target`` renamed over it. Where an existing file cannot be
    replaced so (a bind-mounted file, a folder the user may not write to) it is rewritten in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, mode)  # the umask may have narrowed it
        os.replace(temporary, target)
    except OSError as error:
        if error.errno not in _REWRITE_IN_PLACE_ERRNOS or not target.is_file():
            raise
        _LOGGER.debug("%s: cannot replace it (%s); rewriting it in place", target, error.strerror)
        target.write_text(text, encoding="utf-8")
    finally:
        temporary.unlink(missing_ok=True)
