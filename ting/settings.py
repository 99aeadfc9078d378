"""Settings: frozen dataclasses, read from TOML, ``TING_<SECTION>__<KEY>`` variables and flags.

Precedence (last wins): built-in defaults, the TOML file, environment variables,
command-line flags (``--mqtt``). Everything is validated once, here; a problem becomes a
``ConfigError`` naming the source, the key and what was expected. Settings objects are
passed to the parts that need them, never read from globals.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass

from ting.errors import ConfigError

ENV_PREFIX = "TING_"
CONFIG_FILE_NAME = "ting.toml"
_STRICT = ConfigDict(extra="forbid")


def _user_dir(variable: str, fallback: str) -> Path:
    return Path(os.environ.get(variable) or Path.home() / fallback) / "ting"


@dataclass(frozen=True, config=_STRICT)
class MqttSettings:
    url: str = "mqtt://127.0.0.1:1883"
    """``mqtt://[user:pass@]host:port`` or ``mqtts://`` for TLS."""
    client_id: str | None = None
    """Fixed id for a persistent session; default: derived from the role and site."""
    keepalive_seconds: int = 30
    reconnect_min_seconds: float = 0.5
    reconnect_max_seconds: float = 30.0
    embedded_broker: bool = True
    """Start ting's own broker at the URL's host:port when nothing listens there."""
    max_payload_bytes: int = 256 * 1024
    """Larger incoming messages are dropped with a log line."""


@dataclass(frozen=True, config=_STRICT)
class ServerSettings:
    http_host: str = "127.0.0.1"
    http_port: int = 8340
    server_id: str = "server"
    session_timeout_seconds: float = 30.0
    """An open dialogue session with no activity for this long is ended."""
    max_request_bytes: int = 64 * 1024


@dataclass(frozen=True, config=_STRICT)
class StoreSettings:
    backend: Literal["sqlite", "postgres"] = "sqlite"
    data_dir: Path = field(default_factory=lambda: _user_dir("XDG_DATA_HOME", ".local/share"))
    postgres_dsn: str | None = None


@dataclass(frozen=True, config=_STRICT)
class HouseholdSettings:
    registry_file: Path | None = None
    """YAML household (areas, devices, scenes); None for the built-in demo household."""
    timezone: str = "Asia/Shanghai"
    language: Literal["zh", "en"] = "zh"
    """Language used when a request does not say (and for notifications)."""
    sites: dict[str, str] = field(default_factory=dict)
    """siteId -> area id, for sites whose id is not already an area id."""


@dataclass(frozen=True, config=_STRICT)
class SkillsSettings:
    disabled: tuple[str, ...] = ()
    """Names of skills not to load."""
    paths: tuple[Path, ...] = ()
    """Extra folders, each holding one skill (``__init__.py`` + ``sentences/``)."""


@dataclass(frozen=True, config=_STRICT)
class NluSettings:
    confidence_threshold: float = 0.5
    """Below this an utterance is reported as not recognized."""


@dataclass(frozen=True, config=_STRICT)
class DeviceSettings:
    site_id: str = "default"


@dataclass(frozen=True, config=_STRICT)
class LoggingSettings:
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


@dataclass(frozen=True, config=_STRICT)
class Settings:
    mqtt: MqttSettings = field(default_factory=MqttSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    household: HouseholdSettings = field(default_factory=HouseholdSettings)
    skills: SkillsSettings = field(default_factory=SkillsSettings)
    nlu: NluSettings = field(default_factory=NluSettings)
    device: DeviceSettings = field(default_factory=DeviceSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)


_ADAPTER = TypeAdapter(Settings)


def default_config_file(cwd: Path | None = None) -> Path | None:
    """``ting.toml`` in the working directory, then in the user's config directory."""
    for candidate in (
        (cwd or Path.cwd()) / CONFIG_FILE_NAME,
        _user_dir("XDG_CONFIG_HOME", ".config") / CONFIG_FILE_NAME,
    ):
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    config_file: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    mqtt_url: str | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Settings:
    """Read and validate settings. ``config_file=None`` looks in the default places."""
    path = config_file or default_config_file()
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"{config_file}: config file not found")
    data = _read_toml(path) if path else {}
    sources: dict[tuple[str, str], str] = {}
    for section, values in data.items():
        if isinstance(values, dict):
            sources.update({(section, key): str(path) for key in values})
    _merge_env(data, os.environ if environ is None else environ, sources)
    if mqtt_url is not None:
        data.setdefault("mqtt", {})["url"] = mqtt_url
        sources[("mqtt", "url")] = "--mqtt"
    for section, values in (overrides or {}).items():
        data.setdefault(section, {}).update(values)
    try:
        settings = _ADAPTER.validate_python(data)
    except ValidationError as error:
        raise ConfigError(_describe(error, sources, path)) from None
    return settings


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config file: {error.strerror}") from None


def _merge_env(data: dict[str, Any], environ: Mapping[str, str], sources: dict[tuple[str, str], str]) -> None:
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX) :].lower().partition("__")
        target = data.setdefault(section, {})
        if not isinstance(target, dict):
            raise ConfigError(f"{name}: [{section}] is not a section")
        target[key] = _env_value(raw)
        sources[(section, key)] = f"environment variable {name}"


def _env_value(raw: str) -> Any:
    """Lists and tables are given as JSON (``["a", "b"]``); anything else stays a string."""
    if raw[:1] in ("[", "{"):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def _describe(error: ValidationError, sources: Mapping[tuple[str, str], str], path: Path | None) -> str:
    lines = []
    for problem in error.errors():
        location = [str(part) for part in problem["loc"]]
        key = ".".join(location)
        origin = sources.get(
            (location[0], location[1]) if len(location) > 1 else ("", ""), str(path or "settings")
        )
        expected = (
            "no such key (check the spelling)"
            if problem["type"] == "unexpected_keyword_argument"
            else problem["msg"]
        )
        lines.append(f"{origin}: {key}: {expected} (got {problem.get('input')!r})")
    return "invalid settings:\n  " + "\n  ".join(lines)
