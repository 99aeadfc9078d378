"""The whole of the settings, and reading them: the TOML file, ``TING_<SECTION>__<KEY>`` variables, flags."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass
from pydantic.errors import PydanticUserError

from ting.errors import ConfigError
from ting.settings.home_assistant import HomeAssistantSettings
from ting.settings.home_mqtt import TasmotaSettings, Zigbee2MqttSettings
from ting.settings.media import MediaSettings
from ting.settings.push import (
    ChatSettings,
    PushChannelSettings,
    PushOutboxSettings,
    PushRule,
)
from ting.settings.secrets import redact_value as _redact_value
from ting.settings.sections import (
    CONFIG_FILE_NAME,
    ENV_PREFIX,
    AlarmsSettings,
    DeviceSettings,
    HouseholdSettings,
    LoggingSettings,
    MqttSettings,
    NluSettings,
    ServerSettings,
    SkillsSettings,
    SkillTable,
    StoreSettings,
)
from ting.settings.sections import STRICT as _STRICT
from ting.settings.sections import user_dir as _user_dir

SettingsT = TypeVar("SettingsT")


@dataclass(frozen=True, config=_STRICT)
class Settings:
    mqtt: MqttSettings = field(default_factory=MqttSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    household: HouseholdSettings = field(default_factory=HouseholdSettings)
    skills: SkillsSettings = field(default_factory=SkillsSettings)
    nlu: NluSettings = field(default_factory=NluSettings)
    alarms: AlarmsSettings = field(default_factory=AlarmsSettings)
    device: DeviceSettings = field(default_factory=DeviceSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    push: dict[str, PushChannelSettings] = field(default_factory=dict)
    push_rules: tuple[PushRule, ...] = ()
    push_outbox: PushOutboxSettings = field(default_factory=PushOutboxSettings)
    chat: ChatSettings = field(default_factory=ChatSettings)
    media: MediaSettings = field(default_factory=MediaSettings)
    zigbee2mqtt: Zigbee2MqttSettings = field(default_factory=Zigbee2MqttSettings)
    tasmota: TasmotaSettings = field(default_factory=TasmotaSettings)
    home_assistant: HomeAssistantSettings = field(default_factory=HomeAssistantSettings)


_ADAPTER = TypeAdapter(Settings)


def user_config_file() -> Path:
    """``$XDG_CONFIG_HOME/ting/ting.toml`` (``~/.config/ting/ting.toml``), whether or not it exists."""
    return _user_dir("XDG_CONFIG_HOME", ".config") / CONFIG_FILE_NAME


def default_config_file(cwd: Path | None = None) -> Path | None:
    """``ting.toml`` in the working directory, then in the user's config directory."""
    for candidate in ((cwd or Path.cwd()) / CONFIG_FILE_NAME, user_config_file()):
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
    sources: dict[tuple[str, ...], str] = {}
    for section, values in data.items():
        if isinstance(values, dict):
            sources.update({(section, key): str(path) for key in values})
            sources.update(
                {
                    (section, key, sub): str(path)
                    for key, table in values.items()
                    if isinstance(table, dict)
                    for sub in table
                }
            )
    _merge_env(data, os.environ if environ is None else environ, sources)
    if mqtt_url is not None:
        data.setdefault("mqtt", {})["url"] = mqtt_url
        sources[("mqtt", "url")] = "--mqtt"
    for section, values in (overrides or {}).items():
        data.setdefault(section, {}).update(values)
    context = {"sources": sources, "config_file": str(path) if path else None}
    try:
        settings = _ADAPTER.validate_python(data, context=context)
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


def _merge_env(data: dict[str, Any], environ: Mapping[str, str], sources: dict[tuple[str, ...], str]) -> None:
    """``TING_<SECTION>__<KEY>``; a key of a table is one more level: ``TING_SKILLS__WEATHER__CITY``
    sets ``city`` of ``[skills.weather]`` (and ``TING_PUSH__FAMILY__KEY`` the key of ``[push.family]``)."""
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, *path = name[len(ENV_PREFIX) :].lower().split("__")
        origin = f"environment variable {name}"
        target: Any = data
        for depth, part in enumerate([section, *path[:-1]]):
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                where = ".".join([section, *path[:depth]])
                raise ConfigError(f"{name}: {where} is not a section or table")
            if depth:
                sources.setdefault((section, *path[:depth]), origin)
        target[path[-1]] = _env_value(raw)
        sources[(section, *path)] = origin


def _env_value(raw: str) -> Any:
    """Lists and tables are given as JSON (``["a", "b"]``); anything else stays a string."""
    if raw[:1] in ("[", "{"):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def _describe(error: ValidationError, sources: Mapping[tuple[str, ...], str], path: Path | None) -> str:
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
        shown = _redact_value(location[-1] if location else "", problem.get("input"))
        lines.append(f"{origin}: {key}: {expected} (got {shown!r})")
    return "invalid settings:\n  " + "\n  ".join(lines)


# -- a skill's own settings: [skills.<name>] checked against the class the skill declares -----------


def skill_settings(name: str, table: SkillTable | None, settings_class: type[SettingsT]) -> SettingsT:
    """``[skills.<name>]`` (None: not given, so the class's defaults) as an instance of ``settings_class``,
    checked like every other section: unknown keys and wrong types are refused. ``ConfigError`` says
    where the table was set, ``skills.<name>.<key>`` and what was expected, one line per problem."""
    try:
        adapter = TypeAdapter(settings_class)
    except PydanticUserError as error:
        raise ConfigError(
            f"skill {name}: settings class {settings_class.__name__} cannot be checked: {error}"
        ) from None
    try:
        return adapter.validate_python(table.values if table else {}, extra="forbid")
    except ValidationError as error:
        lines = [_skill_problem(name, table, problem) for problem in error.errors()]
        raise ConfigError(f"invalid [skills.{name}] settings:\n  " + "\n  ".join(lines)) from None


def _skill_problem(name: str, table: SkillTable | None, problem: Any) -> str:
    location = [str(part) for part in problem["loc"]]
    key = ".".join(["skills", name, *location])
    origin = table.origin_of(location[0]) if table and location else f"no [skills.{name}] table"
    if problem["type"] == "unexpected_keyword_argument":
        expected = "no such key (check the spelling)"
    elif problem["type"] == "missing":
        return f"{origin}: {key}: required (the skill has no default for it)"
    else:
        expected = problem["msg"]
    shown = _redact_value(location[-1] if location else "", problem.get("input"))
    return f"{origin}: {key}: {expected} (got {shown!r})"
