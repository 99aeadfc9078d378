"""Settings: frozen dataclasses, read from TOML, ``TING_<SECTION>__<KEY>`` variables and flags.

Precedence (last wins): built-in defaults, the TOML file, environment variables,
command-line flags (``--mqtt``). Everything is validated once, here; a problem becomes a
``ConfigError`` naming the source, the key and what was expected. Settings objects are
passed to the parts that need them, never read from globals.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import field
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, ValidationInfo, model_validator
from pydantic.dataclasses import dataclass
from pydantic.errors import PydanticUserError

from ting.errors import ConfigError

ENV_PREFIX = "TING_"
CONFIG_FILE_NAME = "ting.toml"
_STRICT = ConfigDict(extra="forbid")
SettingsT = TypeVar("SettingsT")


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

    def __repr__(self) -> str:
        # ``url`` may carry the broker password: shown as ``user:***@``, while the field keeps the real URL.
        shown = {item.name: getattr(self, item.name) for item in dataclass_fields(self)}
        shown["url"] = redact_url(self.url)
        return f"{type(self).__qualname__}({', '.join(f'{k}={v!r}' for k, v in shown.items())})"


@dataclass(frozen=True, config=_STRICT)
class ServerSettings:
    http_host: str = "127.0.0.1"
    http_port: int = 8340
    server_id: str = "server"
    session_timeout_seconds: float = 30.0
    """An open dialogue session with no activity for this long is ended."""
    max_request_bytes: int = 64 * 1024
    api_token: str | None = field(default=None, repr=False)
    """Required (``Authorization: Bearer <token>``) on every route but /healthz, /docs and the chat
    callbacks when set; must be set when ``http_host`` is not a loopback address."""


@dataclass(frozen=True, config=_STRICT)
class StoreSettings:
    backend: Literal["sqlite", "postgres"] = "sqlite"
    data_dir: Path = field(default_factory=lambda: _user_dir("XDG_DATA_HOME", ".local/share"))
    postgres_dsn: str | None = field(default=None, repr=False)
    """May hold a password: never shown in ``repr`` or settings errors."""


@dataclass(frozen=True, config=_STRICT)
class HouseholdSettings:
    registry_file: Path | None = None
    """YAML household (areas, devices, scenes); None for the built-in demo household."""
    timezone: str = "Asia/Shanghai"
    language: Literal["zh", "en"] = "zh"
    """Language used when a request does not say (and for notifications)."""
    sites: dict[str, str] = field(default_factory=dict)
    """siteId -> area id, for sites whose id is not already an area id."""
    region: str | None = None
    """ISO country code (``CN``, ``US`` ...): picks the workday calendar of ``weekdays`` alarms."""


@dataclass(frozen=True, config=_STRICT)
class SkillTable:
    """One ``[skills.<name>]`` table as written; the skill's own settings class checks it when it loads."""

    values: dict[str, Any]
    origin: str = "settings"
    """Where the table was set (the config file or an environment variable), for messages."""
    key_origins: dict[str, str] = field(default_factory=dict)
    """Key -> where it was set, when not in ``origin`` (``TING_SKILLS__<NAME>__<KEY>``)."""

    def origin_of(self, key: str) -> str:
        return self.key_origins.get(key, self.origin)

    def __repr__(self) -> str:
        # A skill's table may hold its API key: secrets are shown as ***.
        return f"SkillTable(values={_redact_value('', self.values)!r}, origin={self.origin!r})"


@dataclass(frozen=True, config=_STRICT)
class SkillsSettings:
    disabled: tuple[str, ...] = ()
    """Names of skills not to load."""
    paths: tuple[Path, ...] = ()
    """Extra folders, each holding one skill (``__init__.py`` + ``sentences/``)."""
    tables: dict[str, SkillTable] = field(default_factory=dict)
    """``[skills.<name>]`` tables by skill name. Written as tables beside ``disabled`` and ``paths``
    (not under a ``tables`` key): a skill named ``disabled``, ``paths`` or ``tables`` has none."""

    @model_validator(mode="before")
    @classmethod
    def _gather_tables(cls, data: Any, info: ValidationInfo) -> Any:
        """``[skills.weather]`` arrives as key ``weather`` of ``[skills]``: every table there but the
        fields' own becomes a ``SkillTable``; any other unknown key is still refused by name."""
        if not isinstance(data, Mapping):
            return data  # the constructor's arguments: nothing to gather
        context = info.context if isinstance(info.context, Mapping) else {}
        sources: Mapping[tuple[str, ...], str] = context.get("sources", {})
        default = str(context.get("config_file") or "settings")
        fields = {"disabled", "paths", "tables"}
        gathered = dict(data.get("tables") or {}) if isinstance(data.get("tables"), Mapping) else {}
        rest = {}
        for key, value in data.items():
            if key in fields or not isinstance(value, Mapping):
                rest[key] = value
                continue
            origin = sources.get(("skills", key), default)
            key_origins = {
                sub: sources[("skills", key, sub)] for sub in value if ("skills", key, sub) in sources
            }
            gathered[key] = SkillTable(
                values=dict(value),
                origin=origin,
                key_origins={sub: where for sub, where in key_origins.items() if where != origin},
            )
        if gathered:
            rest["tables"] = gathered
        return rest


@dataclass(frozen=True, config=_STRICT)
class NluSettings:
    confidence_threshold: float = 0.5
    """Below this an utterance is reported as not recognized."""


@dataclass(frozen=True, config=_STRICT)
class AlarmsSettings:
    grace_seconds: float = 600.0
    """Items that came due while the server was down ring late within this; older ones are missed."""
    late_after_seconds: float = 30.0
    """A ring later than this says that it is late."""
    snooze_seconds: int = 300
    """Snooze length when the user does not say one."""
    max_ring_seconds: float = 300.0
    """A ring nobody stops ends after this."""
    ring_elsewhere: bool = True
    """When the target device is offline, ring another device of the household."""
    skip_holidays: bool = False
    """Outside CN: ``weekdays`` alarms skip the region's public holidays (``holidays`` package)."""
    max_sleep_seconds: float = 5.0
    """The scheduler sleeps at most this long at once, so a changed system clock is noticed."""


@dataclass(frozen=True, config=_STRICT)
class DeviceSettings:
    site_id: str = "default"
    # -- answers and supervision (device/agent.py, device/tts.py, device/audio_out.py) --
    tts_engine: Literal["auto", "pyttsx3", "espeak-ng"] = "auto"
    """``auto``: pyttsx3 on espeak-ng, else the espeak-ng command."""
    tts_rate_wpm: int = 165
    volume: float = 0.8
    """0..1, for answers and earcons unless a ``tts/say`` gives its own."""
    output_device: str | None = None
    """PortAudio output device name or index; None for the default; no device: answers are recorded."""
    earcons: bool = True
    heartbeat_seconds: float = 10.0
    """``ting/device/<siteId>/heartbeat`` period."""
    answer_timeout_seconds: float = 10.0
    """How long to wait for the answer (``tts/say`` / ``sessionEnded``) after publishing an intent."""
    restart_min_seconds: float = 0.5
    restart_max_seconds: float = 30.0
    """Back-off bounds when a part (capture, recognizer, speaker) fails and is restarted."""
    # -- listening (device/audio_in.py, device/wake/, device/endpoint.py, device/stt/, device/models.py) --
    input_device: str | None = None
    """PortAudio input device name (or a part of it) or index; None for the default microphone."""
    wake_phrases: dict[str, str] = field(default_factory=lambda: {"en": "hey ting", "zh": "小听小听"})
    """Language -> wake phrase. A phrase with a model from ``ting wake train`` uses it (any language); without
    one, English uses PocketSphinx (no download) and other languages need a Vosk model."""
    wake_sensitivity: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    """0..1: higher wakes more easily (more false accepts, fewer misses)."""
    wake_cooldown_seconds: float = 2.0
    """A second detection within this time of the last one is ignored."""
    wake_verify: bool = True
    """English (PocketSphinx): re-check each keyphrase hit on the last 2 s of audio (the sensitivity then sets
    the check's threshold); false: the keyphrase spotter alone (many more false wakes)."""
    vad_aggressiveness: int = 2
    """webrtcvad mode 0..3: higher treats more noise as silence."""
    silence_seconds: float = 0.6
    """The command has ended after this much silence following speech."""
    max_command_seconds: float = 10.0
    no_speech_timeout_seconds: float = 4.0
    """Listening stops when nothing was said for this long after the wake word."""
    stt_engine: Literal["pocketsphinx", "vosk"] = "pocketsphinx"
    """PocketSphinx (English, bundled model) or Vosk (a model per language, ``ting models download``)."""
    stt_min_confidence: float = 0.5
    """Vosk grammar results below this (or ``[unk]``) are re-decoded with the open vocabulary."""
    vosk_model_dirs: dict[str, Path] = field(default_factory=dict)
    """Language -> unpacked Vosk model directory, e.g. ``{en = "~/.local/share/ting/models/..."}``."""
    models_dir: Path = field(default_factory=lambda: _user_dir("XDG_DATA_HOME", ".local/share") / "models")
    """Where ``ting models download`` unpacks models."""
    models_base_url: str = "https://alphacephei.com/vosk/models"
    """Where the Vosk model archives are downloaded from (a mirror, or a local server in tests)."""


@dataclass(frozen=True, config=_STRICT)
class LoggingSettings:
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


# -- push: WeChat / WeCom notification channels (server/push/, docs/push.md) --------------------


@dataclass(frozen=True, config=_STRICT, kw_only=True)
class _ChannelBase:
    timeout_seconds: float = 10.0
    """Per HTTP request."""
    rate_per_minute: int = 0
    """Sends per minute this channel may make (0: no limit of ours; the API's own codes still apply)."""


@dataclass(frozen=True, config=_STRICT, kw_only=True)
class WecomBotChannel(_ChannelBase):
    """WeCom group robot (群机器人) webhook."""

    type: Literal["wecom_bot"]
    key: str = field(repr=False)
    """The ``key=`` of the webhook URL (a secret)."""
    api_base_url: str = "https://qyapi.weixin.qq.com"
    format: Literal["text", "markdown", "markdown_v2", "news"] = "text"
    mentioned_list: tuple[str, ...] = ()
    """WeCom user ids to @ in text messages (``@all`` for everyone)."""
    mentioned_mobile_list: tuple[str, ...] = ()
    rate_per_minute: int = 20
    """The documented robot limit."""


@dataclass(frozen=True, config=_STRICT, kw_only=True)
class WecomAppChannel(_ChannelBase):
    """WeCom application (自建应用) messages to users, departments or tags."""

    type: Literal["wecom_app"]
    corpid: str
    secret: str = field(repr=False)
    agentid: int
    touser: tuple[str, ...] = ()
    """User ids (``@all`` for everyone); a rule's ``to`` replaces these."""
    toparty: tuple[str, ...] = ()
    totag: tuple[str, ...] = ()
    format: Literal["text", "markdown", "textcard"] = "text"
    card_url: str = "https://work.weixin.qq.com"
    """Where a textcard's button leads."""
    api_base_url: str = "https://qyapi.weixin.qq.com"
    """Set to a fixed-IP relay when the server's IP is not trusted (errcode 60020)."""


@dataclass(frozen=True, config=_STRICT, kw_only=True)
class WechatMpChannel(_ChannelBase):
    """WeChat Official Account (公众号) template messages."""

    type: Literal["wechat_mp"]
    appid: str
    secret: str = field(repr=False)
    template_id: str
    touser: tuple[str, ...] = ()
    """Openids; a rule's ``to`` replaces these."""
    fields: dict[str, str] = field(default_factory=lambda: {"thing1": "{title}", "thing2": "{text}"})
    """Template field -> value with ``{title}``, ``{text}``, ``{event}``, ``{time}``."""
    url: str | None = None
    api_base_url: str = "https://api.weixin.qq.com"


@dataclass(frozen=True, config=_STRICT, kw_only=True)
class ServerChanChannel(_ChannelBase):
    """ServerChan (Server酱 Turbo)."""

    type: Literal["serverchan"]
    sendkey: str = field(repr=False)
    api_base_url: str = "https://sctapi.ftqq.com"


@dataclass(frozen=True, config=_STRICT, kw_only=True)
class PushPlusChannel(_ChannelBase):
    type: Literal["pushplus"]
    token: str = field(repr=False)
    topic: str | None = None
    """Group code (群组编码) for one-to-many; None: the token's owner."""
    template: Literal["txt", "markdown", "html"] = "txt"
    api_base_url: str = "https://www.pushplus.plus"


@dataclass(frozen=True, config=_STRICT, kw_only=True)
class WxPusherChannel(_ChannelBase):
    type: Literal["wxpusher"]
    app_token: str = field(repr=False)
    uids: tuple[str, ...] = ()
    topic_ids: tuple[int, ...] = ()
    api_base_url: str = "https://wxpusher.zjiecode.com"


PushChannelSettings = Annotated[
    WecomBotChannel
    | WecomAppChannel
    | WechatMpChannel
    | ServerChanChannel
    | PushPlusChannel
    | WxPusherChannel,
    Field(discriminator="type"),
]


@dataclass(frozen=True, config=_STRICT)
class PushRule:
    """``[[push_rules]]``: which events go to which channels (and to whom)."""

    events: tuple[str, ...]
    """Event names (``timer.done``, ``reminder.due``, ``device.offline`` ...); ``*`` for every event."""
    channels: tuple[str, ...]
    """Names of ``[push.<name>]`` tables."""
    to: tuple[str, ...] = ()
    """Recipients in the channel's terms (WeCom user ids, openids, WxPusher uids, robot @mentions)."""


@dataclass(frozen=True, config=_STRICT)
class PushOutboxSettings:
    poll_seconds: float = 1.0
    """How often the worker looks for due messages when nothing woke it."""
    backoff_min_seconds: float = 2.0
    backoff_max_seconds: float = 600.0
    max_attempts: int = 100
    """After this many transient failures a message is marked failed."""
    outage_probe_max_seconds: float = 60.0
    """In an outage (network errors, HTTP 5xx) the channel pauses with a growing back-off and probes
    with one message; the pause grows to at most this (also bounds the wait once the API is back)."""
    rate_limit_pause_seconds: float = 60.0
    """How long a channel pauses after a rate-limit answer (45009 ...)."""


@dataclass(frozen=True, config=_STRICT)
class ChatUser:
    member: str
    """Household member this chat user is."""
    site: str = "default"
    """Default room (site id) for commands from this user."""


@dataclass(frozen=True, config=_STRICT)
class ChatCallback:
    channel: str
    """The ``[push.<name>]`` whose app this callback belongs to (corpid/agentid or appid)."""
    token: str = field(repr=False)
    encoding_aes_key: str | None = field(default=None, repr=False)
    """43 characters; required for WeCom; for an Official Account, None means plaintext mode."""


@dataclass(frozen=True, config=_STRICT)
class ChatSettings:
    """Commands from chats: ``/api/wecom/callback`` and ``/api/wechat/callback``."""

    wecom: ChatCallback | None = None
    wechat: ChatCallback | None = None
    users: dict[str, ChatUser] = field(default_factory=dict)
    """WeCom user id or openid -> member and room; nobody else is served."""
    reply_within_seconds: float = 4.0
    """Answer passively within this; a slower skill's answer is sent as an application message."""
    replay_window_seconds: float = 300.0
    http_host: str | None = None
    """A second listener serving only the callbacks (e.g. ``0.0.0.0`` behind the reverse proxy), so the
    private API can stay on ``server.http_host = "127.0.0.1"``; None: no second listener."""
    http_port: int = 8341


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


# -- secrets are never shown in errors ---------------------------------------------------------

SECRET_KEYS = frozenset(
    {"secret", "token", "encoding_aes_key", "key", "sendkey", "app_token", "password", "postgres_dsn"}
)
"""Setting names whose values are secrets (and any name ending in ``_secret``, ``_token``, ``_password``,
``_dsn`` or ``_key``)."""
_REDACTED = "***"
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")
_INLINE_SECRET = re.compile(
    r"(\b(?:password|passwd|pwd|secret|corpsecret|access_token|token|key|sendkey|appToken)\s*[=:]\s*)"
    r"[^&\s\"',;]+",
    re.IGNORECASE,
)


def redact_url(url: str) -> str:
    """``scheme://user:***@host...`` for ``scheme://user:password@host...``: the password hidden, whatever
    characters it holds (the user information ends at the last ``@``); other URLs are returned as they are."""
    scheme, separator, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not separator or not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.partition(':')[0]}:{_REDACTED}@{host}"


def is_secret_key(name: object) -> bool:
    text = str(name).lower()
    # "_key": a skill's ``api_key`` in its [skills.<name>] table is as secret as a channel's key.
    return text in SECRET_KEYS or text.endswith(("_secret", "_token", "_password", "_dsn", "_key"))


def _redact_value(name: object, value: Any) -> Any:
    """``value`` (an input shown in an error) with secrets replaced by ``***``: whole values of
    secret keys, recursively in tables and lists, and passwords inside URLs and DSNs anywhere."""
    if isinstance(value, Mapping):
        return {k: _redact_value(k, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_redact_value(name, item) for item in value)
    if is_secret_key(name) and value is not None:
        return _REDACTED
    if isinstance(value, str):
        return _INLINE_SECRET.sub(rf"\1{_REDACTED}", _URL_PASSWORD.sub(rf"\1{_REDACTED}@", value))
    return value
