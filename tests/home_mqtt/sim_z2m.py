"""A simulated Zigbee2MQTT bridge on a real broker, publishing and answering as Zigbee2MQTT documents:

retained ``<base>/bridge/state`` (``{"state": "online"}``), ``bridge/devices`` and ``bridge/groups``,
``<base>/<name>/availability``; ``<base>/<name>/set`` merges the payload into the device's state and
publishes the whole state on ``<base>/<name>``; ``/get`` publishes it; ``change`` is a wall switch.
Its own MQTT client (aiomqtt), not ting's, so a bug of ting's client cannot hide here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiomqtt

from ting.mqtt.url import BrokerAddress


def binary(name: str, access: int = 7, endpoint: str | None = None) -> dict[str, Any]:
    prop = f"{name}_{endpoint}" if endpoint else name
    data = {
        "type": "binary",
        "name": name,
        "property": prop,
        "access": access,
        "value_on": "ON",
        "value_off": "OFF",
        "value_toggle": "TOGGLE",
    }
    if endpoint:
        data["endpoint"] = endpoint
    return data


def numeric(name: str, low: float, high: float, access: int = 7, **extra: Any) -> dict[str, Any]:
    return {
        "type": "numeric",
        "name": name,
        "property": name,
        "access": access,
        "value_min": low,
        "value_max": high,
        **extra,
    }


def light(brightness_access: int = 7, color: bool = False) -> dict[str, Any]:
    features = [binary("state"), numeric("brightness", 0, 254, brightness_access)]
    features.append(numeric("color_temp", 150, 500, unit="mired"))
    if color:
        features.append(
            {
                "type": "composite",
                "name": "color_xy",
                "property": "color",
                "access": 7,
                "features": [numeric("x", 0, 1), numeric("y", 0, 1)],
            }
        )
    return {"type": "light", "features": features}


def device(name: str, ieee: str, exposes: list[dict[str, Any]], kind: str = "Router") -> dict[str, Any]:
    return {
        "ieee_address": ieee,
        "type": kind,
        "network_address": 1234,
        "supported": True,
        "friendly_name": name,
        "disabled": False,
        "interview_completed": True,
        "definition": {
            "model": "TEST",
            "vendor": "ting",
            "description": "simulated",
            "exposes": exposes,
            "options": [],
        },
    }


KITCHEN = device(
    "Kitchen Light", "0x0001", [light(color=True), numeric("linkquality", 0, 255, 1, unit="lqi")]
)
THERMOSTAT = device(
    "Bedroom TRV",
    "0x0002",
    [
        {
            "type": "climate",
            "features": [
                numeric("occupied_heating_setpoint", 5, 30, 7, value_step=0.5, unit="°C"),
                numeric("local_temperature", -10, 50, 5, unit="°C"),
                {
                    "type": "enum",
                    "name": "system_mode",
                    "property": "system_mode",
                    "access": 7,
                    "values": ["off", "heat", "auto"],
                },
            ],
        }
    ],
    kind="EndDevice",
)
BLIND = device(
    "Living Room Blind",
    "0x0003",
    [
        {
            "type": "cover",
            "features": [
                {
                    "type": "enum",
                    "name": "state",
                    "property": "state",
                    "access": 7,
                    "values": ["OPEN", "CLOSE", "STOP"],
                },
                numeric("position", 0, 100, 7, unit="%"),
                numeric("tilt", 0, 100, 7, unit="%"),
            ],
        }
    ],
)
DOUBLE_SWITCH = device(
    "Hall Switch",
    "0x0004",
    [
        {"type": "switch", "endpoint": "l1", "features": [binary("state", endpoint="l1")]},
        {"type": "switch", "endpoint": "l2", "features": [binary("state", endpoint="l2")]},
    ],
)
FIXED_BULB = device("Porch Bulb", "0x0005", [light(brightness_access=1)])
DOOR = device("Front Door", "0x0006", [binary("contact", access=1)], kind="EndDevice")
LOCK = device(
    "Front Lock",
    "0x0007",
    [
        {
            "type": "lock",
            "features": [
                {
                    "type": "binary",
                    "name": "state",
                    "property": "state",
                    "access": 7,
                    "value_on": "LOCK",
                    "value_off": "UNLOCK",
                },
                {
                    "type": "enum",
                    "name": "lock_state",
                    "property": "lock_state",
                    "access": 1,
                    "values": ["not_fully_locked", "locked", "unlocked"],
                },
            ],
        },
        numeric("battery", 0, 100, 1, unit="%"),
    ],
)
FAN = device(
    "Ceiling Fan",
    "0x0008",
    [
        {
            "type": "fan",
            "features": [
                binary("state"),
                {
                    "type": "enum",
                    "name": "mode",
                    "property": "fan_mode",
                    "access": 7,
                    "values": ["off", "low", "medium", "high", "on", "auto", "smart"],
                },
            ],
        },
        binary("oscillation"),  # beside the fan expose, as Zigbee2MQTT's fan converters put it
    ],
)
CLIMATE_SENSOR = device(
    "Bedroom Sensor",
    "0x0009",
    [
        numeric("temperature", -40, 80, 1, unit="°C"),
        numeric("humidity", 0, 100, 1, unit="%"),
        numeric("battery", 0, 100, 1, unit="%"),
    ],
    kind="EndDevice",
)
COORDINATOR = {
    "ieee_address": "0x0000",
    "type": "Coordinator",
    "friendly_name": "Coordinator",
    "definition": None,
    "disabled": False,
}
DEVICES = [
    COORDINATOR,
    KITCHEN,
    THERMOSTAT,
    BLIND,
    DOUBLE_SWITCH,
    FIXED_BULB,
    DOOR,
    LOCK,
    FAN,
    CLIMATE_SENSOR,
]
GROUPS = [
    {
        "id": 1,
        "friendly_name": "Downstairs Lights",
        "scenes": [],
        "members": [{"ieee_address": "0x0001", "endpoint": 1}, {"ieee_address": "0x0005", "endpoint": 1}],
    }
]


class Z2mBridge:
    def __init__(
        self, address: BrokerAddress, *, base: str = "zigbee2mqtt", session: str | None = None
    ) -> None:
        self.address = address
        self.base = base
        self.session = session
        """A client id with a kept session (QoS 1): commands sent while it is away wait in the broker."""
        self.devices: list[dict[str, Any]] = list(DEVICES)
        self.groups: list[dict[str, Any]] = list(GROUPS)
        self.state: dict[str, dict[str, Any]] = {
            "Kitchen Light": {"state": "OFF", "brightness": 254, "color_temp": 300, "linkquality": 80},
            "Bedroom TRV": {"occupied_heating_setpoint": 18, "local_temperature": 19.5, "system_mode": "off"},
            "Living Room Blind": {"state": "CLOSE", "position": 0, "tilt": 0},
            "Hall Switch": {"state_l1": "OFF", "state_l2": "OFF"},
            "Porch Bulb": {"state": "OFF", "brightness": 100},
            "Front Door": {"contact": True},
            "Front Lock": {"state": "LOCK", "lock_state": "locked", "battery": 80},
            "Ceiling Fan": {"state": "OFF", "fan_mode": "off", "oscillation": "OFF"},
            "Bedroom Sensor": {"temperature": 22.5, "humidity": 40, "battery": 90},
            "Downstairs Lights": {"state": "OFF"},
        }
        self.commands: list[tuple[str, dict[str, Any]]] = []
        """(topic, payload) of every /set and /get received."""
        self.answer = True
        """False: commands are received and not carried out (a device that does not respond)."""
        self.received_at: list[float] = []
        """``time.perf_counter()`` when each command arrived (for bench/home_mqtt.py)."""
        self._arrived = asyncio.Condition()
        self._client: aiomqtt.Client | None = None

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Z2mBridge]:
        async with aiomqtt.Client(
            self.address.host,
            self.address.port,
            identifier=self.session or f"sim-z2m-{uuid.uuid4().hex[:6]}",
            clean_session=False if self.session else None,
        ) as client:
            self._client = client
            await client.subscribe(f"{self.base}/#", qos=1 if self.session else 0)
            await self.publish("bridge/state", {"state": "online"}, retain=True)
            await self.publish("bridge/devices", self.devices, retain=True)
            await self.publish("bridge/groups", self.groups, retain=True)
            for name in self.state:
                await self.publish(f"{name}/availability", {"state": "online"}, retain=True)
            task = asyncio.create_task(self._serve(client))
            try:
                yield self
            finally:
                task.cancel()
                with contextlib.suppress(aiomqtt.MqttError):  # the broker may be gone (restart tests)
                    for topic in (
                        "bridge/state",
                        "bridge/devices",
                        "bridge/groups",
                    ):  # leave nothing retained
                        await client.publish(f"{self.base}/{topic}", b"", retain=True)
                    for name in self.state:
                        await client.publish(f"{self.base}/{name}/availability", b"", retain=True)

    async def publish(self, subtopic: str, payload: Any, *, retain: bool = False) -> None:
        assert self._client is not None
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        await self._client.publish(f"{self.base}/{subtopic}", body, qos=1, retain=retain)

    async def change(self, name: str, **values: Any) -> None:
        """A change made elsewhere (a wall switch, another app)."""
        self.state[name].update(values)
        await self.publish(name, self.state[name])

    async def set_available(self, name: str, online: bool) -> None:
        await self.publish(f"{name}/availability", {"state": "online" if online else "offline"}, retain=True)

    async def wait_command(self, index: int, timeout_seconds: float = 10.0) -> tuple[str, dict[str, Any]]:
        """The ``index``-th command received (0-based)."""
        async with asyncio.timeout(timeout_seconds), self._arrived:
            await self._arrived.wait_for(lambda: len(self.commands) > index)
        return self.commands[index]

    async def _serve(self, client: aiomqtt.Client) -> None:
        async for message in client.messages:
            topic = str(message.topic)
            name, _, verb = topic[len(self.base) + 1 :].rpartition("/")
            if verb not in ("set", "get") or name not in self.state:
                continue
            try:
                payload = json.loads(bytes(message.payload))  # type: ignore[arg-type]
            except ValueError:
                continue  # Zigbee2MQTT logs an error and carries on
            self.received_at.append(time.perf_counter())
            async with self._arrived:
                self.commands.append((topic, payload))
                self._arrived.notify_all()
            if not self.answer:
                continue
            if verb == "set":
                self._apply(name, payload)
                for group in self.groups:  # a group's members follow it
                    if group["friendly_name"] == name:
                        for member in group["members"]:
                            member_name = self._name_of(member["ieee_address"])
                            self._apply(member_name, payload)
                            await self.publish(member_name, self.state[member_name])
            await self.publish(name, self.state[name])

    def _apply(self, name: str, payload: dict[str, Any]) -> None:
        state = self.state[name]
        for key, value in payload.items():
            if key.startswith("state") and value == "TOGGLE":
                value = "OFF" if state.get(key) == "ON" else "ON"
            state[key] = value
            if name == "Living Room Blind" and key == "state":
                state["position"] = {"OPEN": 100, "CLOSE": 0}.get(value, state["position"])

    def _name_of(self, ieee: str) -> str:
        return next(d["friendly_name"] for d in self.devices if d["ieee_address"] == ieee)
