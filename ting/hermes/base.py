"""Base class for Hermes messages: dataclasses serialized with camelCase JSON keys.

One generic (de)serializer walks the dataclass fields, so no message has a
hand-written ``to_dict`` that could drift from its fields. Unknown keys are ignored
(newer peers may add fields); missing required keys and wrong types raise
``MessageError`` with the field named.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
import types
import typing
from functools import cache
from typing import Any, ClassVar, Literal, Self

from ting.errors import MessageError

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


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


@cache
def _wire_fields(cls: type) -> tuple[_WireField, ...]:
    """The fields of a message dataclass that go on the wire (computed once per class: hot path)."""
    hints = typing.get_type_hints(cls)
    snake = getattr(cls, "WIRE_KEYS", "camel") == "snake"
    return tuple(
        _WireField(
            f.name,
            f.name if snake else camel_case(f.name),
            hints[f.name],
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
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
        """The concrete topic, e.g. ``NluIntent.topic(intent_name="home.turn_on")``."""
        return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], cls.TOPIC)

    @classmethod
    def subscription(cls) -> str:
        """The MQTT topic filter that matches every topic of this message type."""
        return _PLACEHOLDER.sub("+", cls.TOPIC)

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
