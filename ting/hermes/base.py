"""Base class for Hermes messages: dataclasses serialized with camelCase JSON keys.

One generic (de)serializer walks the dataclass fields, so no message has a
hand-written ``to_dict`` that could drift from its fields. Unknown keys are ignored
(newer peers may add fields); missing required keys and wrong types raise
``MessageError`` with the field named. ``null`` for a list or object field that has a
default (rhasspy-hermes sends ``"slots": null``) is that default.

What arrives is checked before anyone acts on it: a site id (``SiteId``) is one MQTT topic level
(no NUL, ``/``, ``+``, ``#`` or control characters, at most ``MAX_SITE_ID_CHARS``), and a payload
with a lone UTF-16 surrogate escape (``"\\ud800"``) is refused: such a string can be neither
encoded again nor put into a topic. What leaves is checked too: every value put into a topic by
``topic()`` must be a valid topic level, so no message of ours can name a topic the broker
would refuse (it drops the connection of a client that publishes one).
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
import types
import typing
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, Self

from ting.errors import MessageError

_PLACEHOLDER = re.compile(r"\{(\w+)\}")

MAX_SITE_ID_CHARS = 100
"""The longest site id accepted (Hermes and the HTTP API alike)."""
_NOT_IN_TOPIC_LEVEL = re.compile(r"[/+#\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Level separator, wildcards, control characters (NUL among them) and lone surrogates."""
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
"""In raw JSON: the escape of a surrogate (a valid pair is joined by the parser; a lone one is not)."""


@dataclasses.dataclass(frozen=True)
class TopicLevel:
    """Marks a string field that names one MQTT topic level (``Annotated[str, TopicLevel()]``)."""

    max_chars: int = MAX_SITE_ID_CHARS

    def check(self, value: str, path: str) -> None:
        problem = topic_level_problem(value, self.max_chars)
        if problem:
            raise MessageError(f"{path}: {problem}")


SiteId = Annotated[str, TopicLevel()]
"""A site id: it goes into topics (``ting/alarm/<siteId>/ring``, ``hermes/audioServer/<siteId>/...``)."""


def topic_level_problem(value: str, max_chars: int | None = None) -> str | None:
    """Why ``value`` cannot be one MQTT topic level, or None when it can."""
    if not value:
        return "must not be empty"
    if max_chars is not None and len(value) > max_chars:
        return f"is {len(value)} characters long; at most {max_chars} are allowed"
    bad = _NOT_IN_TOPIC_LEVEL.search(value)
    if bad:
        return f"must not contain {bad.group()!r} (a topic level: no '/', '+', '#' or control characters)"
    return None


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone UTF-16 surrogate (JSON ``"\\ud800"``): it cannot be encoded as UTF-8."""
    return _SURROGATE.search(text) is not None


def camel_case(name: str) -> str:
    """``site_id`` -> ``siteId``."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@dataclasses.dataclass(frozen=True)
class _WireField:
    name: str
    key: str
    """camelCase JSON key."""
    type: Any
    required: bool
    null_is_default: bool
    """A list or object with a default: ``null`` on the wire means that default."""


@cache
def _wire_fields(cls: type) -> tuple[_WireField, ...]:
    """The fields of a message dataclass that go on the wire (computed once per class: hot path)."""
    hints = typing.get_type_hints(cls, include_extras=True)
    snake = getattr(cls, "WIRE_KEYS", "camel") == "snake"
    return tuple(
        _WireField(
            f.name,
            f.name if snake else camel_case(f.name),
            hints[f.name],
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
            f.default_factory is not dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
        if f.init and f.metadata.get("wire", True)
    )


_SCALARS = (str, int, float, bool, type(None))


def encode(value: Any) -> Any:
    """Turn a dataclass (recursively) into JSON-ready data with camelCase keys."""
    if type(value) in _SCALARS:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.key: encode(getattr(value, field.name)) for field in _wire_fields(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    return value


def decode(tp: Any, data: Any, path: str) -> Any:
    """Build a value of type ``tp`` from JSON data; ``path`` names it in errors."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        inner, *marks = typing.get_args(tp)
        value = decode(inner, data, path)
        for mark in marks:
            if isinstance(mark, TopicLevel):
                mark.check(value, path)
        return value
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        inner = [arg for arg in args if arg is not type(None)]
        return decode(inner[0], data, path)
    if tp is Any:
        return data
    if origin is list:
        _expect(isinstance(data, list), path, "a list", data)
        (item_type,) = typing.get_args(tp)
        return [decode(item_type, item, f"{path}[{i}]") for i, item in enumerate(data)]
    if origin is dict or tp is dict:
        _expect(isinstance(data, dict), path, "an object", data)
        args = typing.get_args(tp)
        if len(args) == 2:  # values are checked like any field (keys are JSON's strings)
            return {key: decode(args[1], item, f"{path}.{key}") for key, item in data.items()}
        return dict(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        _expect(isinstance(data, dict), path, "an object", data)
        return _decode_dataclass(tp, data, path)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in tp)
            raise MessageError(f"{path}: expected one of {allowed}, got {data!r}") from None
    return _decode_scalar(tp, data, path)


def _decode_scalar(tp: Any, data: Any, path: str) -> Any:
    if tp is float:
        _expect(isinstance(data, int | float) and not isinstance(data, bool), path, "a number", data)
        return float(data)
    if tp is int:
        _expect(isinstance(data, int) and not isinstance(data, bool), path, "an integer", data)
        return data
    if tp is bool:
        _expect(isinstance(data, bool), path, "true or false", data)
        return data
    if tp is str:
        _expect(isinstance(data, str), path, "a string", data)
        return data
    raise MessageError(f"{path}: unsupported type {tp!r}")


def _decode_dataclass(cls: type, data: dict[str, Any], path: str) -> Any:
    kwargs: dict[str, Any] = {}
    for field in _wire_fields(cls):
        if field.null_is_default and field.key in data and data[field.key] is None:
            continue
        if field.key in data:
            kwargs[field.name] = decode(
                field.type, data[field.key], f"{path}.{field.key}" if path else field.key
            )
        elif field.required:
            raise MessageError(f"{path + '.' if path else ''}{field.key}: required field is missing")
    return cls(**kwargs)


@cache
def _topic_pattern(template: str) -> re.Pattern[str]:
    pieces = _PLACEHOLDER.split(template)
    # split() alternates literal text and placeholder names
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^/]+)" for i, p in enumerate(pieces))
    return re.compile(regex)


def _holds_surrogate(data: Any) -> bool:
    """Whether a lone surrogate is in any string (key or value) of parsed JSON; iterative, as the nesting
    may be deep."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _expect(ok: bool, path: str, what: str, data: Any) -> None:
    if not ok:
        raise MessageError(f"{path or 'payload'}: expected {what}, got {type(data).__name__}")


class Message:
    """A Hermes message. Subclasses are dataclasses and set ``TOPIC``.

    ``TOPIC`` may hold placeholders such as ``{site_id}`` or ``{intent_name}``.
    """

    TOPIC: ClassVar[str]
    WIRE_KEYS: ClassVar[Literal["camel", "snake"]] = "camel"
    """JSON key style: Hermes is camelCase; some of ting's own topics were documented snake_case."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = encode(self)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            raise MessageError(f"{cls.__name__}: expected a JSON object, got {type(data).__name__}")
        message: Self = _decode_dataclass(cls, data, "")
        return message

    def payload(self) -> bytes:
        return json.dumps(self.to_dict(), ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_payload(cls, payload: bytes | str) -> Self:
        """Parse a JSON payload; any problem becomes a ``MessageError``."""
        try:
            data = json.loads(payload)
        except (UnicodeDecodeError, ValueError) as error:
            raise MessageError(f"{cls.__name__}: payload is not JSON ({error})") from None
        # Walk the data only when the raw JSON has a surrogate escape (rare: emoji sent escaped).
        suspect = isinstance(payload, str) or _SURROGATE_ESCAPE.search(payload) is not None
        if suspect and _holds_surrogate(data):
            raise MessageError(
                f"{cls.__name__}: payload holds invalid Unicode (a lone surrogate escape such as \\ud800)"
            )
        try:
            return cls.from_dict(data)
        except MessageError as error:
            raise MessageError(f"{cls.__name__}: {error}") from None
        except (TypeError, ValueError) as error:
            raise MessageError(f"{cls.__name__}: {error}") from None

    @classmethod
    def from_mqtt(cls, topic: str, payload: bytes | str) -> Self:
        """Parse a message received on ``topic``; fields carried only in the topic are filled from it."""
        message = cls.from_payload(payload)
        parts = cls.topic_parts(topic) or {}
        wire_only = {f.name for f in dataclasses.fields(message) if not f.metadata.get("wire", True)}  # type: ignore[arg-type]
        for name, value in parts.items():
            if name in wire_only:
                setattr(message, name, value)
        return message

    @classmethod
    def topic(cls, **parts: str) -> str:
        """The concrete topic, e.g. ``NluIntent.topic(intent_name="home.turn_on")``.

        ``MessageError`` when a part cannot be a topic level (a broker drops the connection of a client
        that publishes to such a topic)."""
        for name, value in parts.items():
            problem = topic_level_problem(value)
            if problem:
                raise MessageError(f"{cls.__name__}: {camel_case(name)} {value[:40]!r} {problem}")
        return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], cls.TOPIC)

    @classmethod
    def subscription(cls, **parts: str) -> str:
        """The MQTT topic filter that matches the topics of this message type with these ``parts``
        (``AudioPlayBytes.subscription(site_id="den")``); a part not given matches any value (``+``)."""
        for name, value in parts.items():
            problem = topic_level_problem(value)
            if problem:
                raise MessageError(f"{cls.__name__}: {camel_case(name)} {value[:40]!r} {problem}")
        return _PLACEHOLDER.sub(lambda m: parts.get(m.group(1), "+"), cls.TOPIC)

    @classmethod
    def topic_parts(cls, topic: str) -> dict[str, str] | None:
        """The placeholder values in ``topic``, or None when it is not this message's topic."""
        match = _topic_pattern(cls.TOPIC).fullmatch(topic)
        return match.groupdict() if match else None

    @classmethod
    def is_topic(cls, topic: str) -> bool:
        return cls.topic_parts(topic) is not None

    def message_topic(self) -> str:
        """The topic this message is published on, filled from its own fields."""
        names = _PLACEHOLDER.findall(self.TOPIC)
        return self.topic(**{name: str(getattr(self, name)) for name in names})
