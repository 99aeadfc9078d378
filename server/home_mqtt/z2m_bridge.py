"""Zigbee2MQTT's bridge topics as types: ``bridge/devices``, ``bridge/groups`` (both retained), and the
availability payloads (``bridge/state``, ``<friendly_name>/availability``).

A malformed list raises ``MessageError``; one malformed entry in a good list is skipped with a
warning (one odd device does not hide the others).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from ting.errors import MessageError
from ting.server.home_mqtt.payloads import json_object
from ting.server.home_mqtt.z2m_exposes import Expose

_LOGGER = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class BridgeDevice:
    ieee_address: str
    friendly_name: str
    type: str
    """``Coordinator``, ``Router`` or ``EndDevice``."""
    exposes: tuple[Expose, ...] = ()
    """From ``definition.exposes``; none for the coordinator and unsupported devices."""
    disabled: bool = False

    @classmethod
    def from_json(cls, data: Any) -> BridgeDevice:
        if not isinstance(data, Mapping):
            raise MessageError(f"a device must be an object, not {type(data).__name__}")
        definition = data.get("definition") or {}
        if not isinstance(definition, Mapping):
            raise MessageError("definition must be an object")
        exposes = definition.get("exposes") or []
        if not isinstance(exposes, list):
            raise MessageError("definition.exposes must be a list")
        return cls(
            ieee_address=_required_text(data, "ieee_address"),
            friendly_name=_required_text(data, "friendly_name"),
            type=str(data.get("type", "")),
            exposes=tuple(Expose.from_json(item) for item in exposes),
            disabled=data.get("disabled") is True,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "ieee_address": self.ieee_address,
            "friendly_name": self.friendly_name,
            "type": self.type,
            "disabled": self.disabled,
            "definition": {"exposes": [expose.to_json() for expose in self.exposes]}
            if self.exposes
            else None,
        }


@dataclass(frozen=True)
class GroupMember:
    ieee_address: str
    endpoint: int | None = None


@dataclass(frozen=True)
class BridgeGroup:
    id: int
    friendly_name: str
    members: tuple[GroupMember, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> BridgeGroup:
        if not isinstance(data, Mapping):
            raise MessageError(f"a group must be an object, not {type(data).__name__}")
        members = data.get("members") or []
        if not isinstance(members, list) or not all(isinstance(item, Mapping) for item in members):
            raise MessageError("members must be a list of objects")
        group_id = data.get("id")
        if isinstance(group_id, bool) or not isinstance(group_id, int):
            raise MessageError(f"group id must be a whole number, not {group_id!r}")
        return cls(
            id=group_id,
            friendly_name=_required_text(data, "friendly_name"),
            members=tuple(
                GroupMember(
                    ieee_address=_required_text(item, "ieee_address"),
                    endpoint=item["endpoint"] if isinstance(item.get("endpoint"), int) else None,
                )
                for item in members
            ),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "friendly_name": self.friendly_name,
            "members": [{"ieee_address": m.ieee_address, "endpoint": m.endpoint} for m in self.members],
        }


def parse_devices(payload: bytes) -> tuple[BridgeDevice, ...]:
    return _parse_list(payload, "bridge/devices", BridgeDevice.from_json)


def parse_groups(payload: bytes) -> tuple[BridgeGroup, ...]:
    return _parse_list(payload, "bridge/groups", BridgeGroup.from_json)


def parse_online(payload: bytes) -> bool:
    """``{"state": "online"}`` (Zigbee2MQTT 1.28+) or the legacy plain ``online`` / ``offline``."""
    text = payload.decode("utf-8", errors="replace").strip()
    if text.startswith("{"):
        data = json_object(payload)
        text = str(data.get("state", ""))
    if text not in ("online", "offline"):
        raise MessageError(f"availability must be online or offline, not {text[:40]!r}")
    return text == "online"


def _parse_list(payload: bytes, what: str, parse: Callable[[Any], T]) -> tuple[T, ...]:
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError) as error:
        raise MessageError(f"{what}: not JSON: {error}") from None
    if not isinstance(data, list):
        raise MessageError(f"{what}: expected a list, not {type(data).__name__}")
    parsed = []
    for index, item in enumerate(data):
        try:
            parsed.append(parse(item))
        except MessageError as error:
            _LOGGER.warning("%s: entry %d skipped: %s", what, index, error)
    return tuple(parsed)


def _required_text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise MessageError(f"{key} must be a non-empty string, not {value!r}")
    return value
