"""Push (WeChat / WeCom notification channels, rules, the outbox) and chat callbacks: ``[push.<name>]``,
``[[push_rules]]``, ``[push_outbox]``, ``[chat]`` (server/push/, docs/push.md)."""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import Field, field_validator
from pydantic.dataclasses import dataclass

from ting.settings.sections import STRICT as _STRICT


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
    """The ``key=`` of the webhook URL (a secret); the whole URL as WeCom shows it is accepted too."""
    api_base_url: str = "https://qyapi.weixin.qq.com"
    format: Literal["text", "markdown", "markdown_v2", "news"] = "text"
    mentioned_list: tuple[str, ...] = ()
    """WeCom user ids to @ in text messages (``@all`` for everyone)."""
    mentioned_mobile_list: tuple[str, ...] = ()
    rate_per_minute: int = 20
    """The documented robot limit."""

    @field_validator("key")
    @classmethod
    def _key_of_url(cls, value: str) -> str:
        """``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a...``, as copied from WeCom: its key."""
        text = value.strip()
        if "://" not in text and "key=" not in text:
            return text
        key = parse_qs(urlsplit(text).query).get("key", [""])[0].strip()
        if not key:
            raise ValueError("a webhook URL without key=... (copy the robot's whole webhook address)")
        return key


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
