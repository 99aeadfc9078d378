"""A simulated Tasmota device on a real broker, publishing and answering as Tasmota documents:

retained discovery ``<prefix>/<MAC>/config`` and ``.../sensors`` and ``tele/<topic>/LWT`` (``Online``);
``cmnd/<topic>/POWER<n>`` (``ON``/``OFF``/``TOGGLE``/empty to ask) answered on ``stat/<topic>/RESULT``
(``{"POWER1":"ON"}``) and ``stat/<topic>/POWER<n>``; ``Dimmer <0-100>`` (switches the light on) and
``STATE`` answered on ``stat/<topic>/RESULT``; ``press`` is the device's own button. A device with one
power output says ``POWER``, with several ``POWER1``..``POWERn``. Its own client (aiomqtt).
"""

from __future__ import annotations

import asyncio
import colorsys
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiomqtt

from ting.mqtt.url import BrokerAddress


class TasmotaPlug:
    def __init__(
        self,
        address: BrokerAddress,
        *,
        topic: str,
        mac: str,
        relays: tuple[int, ...] = (2, 1),
        light_subtype: int = 1,
        discovery_prefix: str = "tasmota/discovery",
        full_topic: str = "%prefix%/%topic%/",
        session: str | None = None,
    ) -> None:
        self.address = address
        self.session = session
        """A client id with a kept session (QoS 1): commands sent while it is away wait in the broker."""
        self.topic = topic
        self.mac = mac
        self.relays = relays
        self.light_subtype = light_subtype
        self.discovery_prefix = discovery_prefix
        self.full_topic = full_topic
        self.power = {index + 1: False for index, kind in enumerate(relays) if kind in (1, 2)}
        self.shutters = dict.fromkeys(range(1, relays.count(3) // 2 + 1), 0)
        """Shutter number -> position (0 closed … 100 open); each shutter takes two relays (``rl`` 3)."""
        self.dimmer = 100
        self.hsb = (0, 0, 100)
        self.ct = 300
        self.temperature = 21.0
        self.commands: list[tuple[str, str]] = []
        """(command, payload) of every cmnd received."""
        self.received_at: list[float] = []
        """``time.perf_counter()`` when each command arrived (for bench/home_mqtt.py)."""
        self._arrived = asyncio.Condition()
        self._client: aiomqtt.Client | None = None

    def topic_for(self, prefix: str, command: str) -> str:
        return self.full_topic.replace("%prefix%", prefix).replace("%topic%", self.topic) + command

    def config(self) -> dict[str, Any]:
        relays = list(self.relays) + [0] * (8 - len(self.relays))
        return {
            "ip": "192.168.1.50",
            "dn": "Tasmota",
            "fn": ["Tasmota", None, None, None, None, None, None, None],
            "hn": f"{self.topic}-1234",
            "mac": self.mac,
            "md": "Sonoff Basic",
            "ty": 0,
            "if": 0,
            "ofln": "Offline",
            "onln": "Online",
            "state": ["OFF", "ON", "TOGGLE", "HOLD"],
            "sw": "13.2.0",
            "t": self.topic,
            "ft": self.full_topic,
            "tp": ["cmnd", "stat", "tele"],
            "rl": relays,
            "swc": [-1] * 8,
            "swn": [None] * 8,
            "btn": [0] * 8,
            "so": {
                "4": 0,
                "11": 0,
                "13": 0,
                "17": 0,
                "20": 0,
                "30": 0,
                "68": 0,
                "73": 0,
                "82": 0,
                "114": 0,
                "117": 0,
            },
            "lk": 0,
            "lt_st": self.light_subtype,
            "sho": [0, 0, 0, 0],
            "sht": [[0, 0, 0]] * 4,
            "ver": 1,
        }

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[TasmotaPlug]:
        lwt = self.topic_for("tele", "LWT")
        will = aiomqtt.Will(lwt, b"Offline", qos=1, retain=True)
        async with aiomqtt.Client(
            self.address.host,
            self.address.port,
            identifier=self.session or f"sim-{self.topic}-{uuid.uuid4().hex[:4]}",
            clean_session=False if self.session else None,
            will=will,
        ) as client:
            self._client = client
            await client.subscribe(self.topic_for("cmnd", "#"), qos=1 if self.session else 0)
            discovery = f"{self.discovery_prefix}/{self.mac}"
            await client.publish(f"{discovery}/config", json.dumps(self.config()), qos=1, retain=True)
            sensors = {"sn": self.sensor_reading(), "ver": 1}
            await client.publish(f"{discovery}/sensors", json.dumps(sensors), qos=1, retain=True)
            await client.publish(lwt, b"Online", qos=1, retain=True)
            task = asyncio.create_task(self._serve(client))
            try:
                yield self
            finally:
                task.cancel()
                with contextlib.suppress(aiomqtt.MqttError):  # the broker may be gone (restart tests)
                    for topic in (f"{discovery}/config", f"{discovery}/sensors", lwt):
                        await client.publish(topic, b"", qos=1, retain=True)

    async def publish(self, topic: str, payload: bytes | str, *, retain: bool = False) -> None:
        assert self._client is not None
        await self._client.publish(
            topic, payload.encode() if isinstance(payload, str) else payload, qos=1, retain=retain
        )

    async def press(self, relay: int) -> None:
        """The device's own button toggles a relay."""
        self.power[relay] = not self.power[relay]
        await self._report_power(relay)

    def sensor_reading(self) -> dict[str, Any]:
        return {"Time": "2026-12-03T16:00:00", "AM2301": {"Temperature": self.temperature, "Humidity": 50.0},
                "TempUnit": "C"}  # fmt: skip

    async def report_sensor(self, temperature: float) -> None:
        """The TelePeriod's ``tele/<topic>/SENSOR``."""
        self.temperature = temperature
        await self.publish(self.topic_for("tele", "SENSOR"), json.dumps(self.sensor_reading()))

    async def go_offline(self) -> None:
        await self.publish(self.topic_for("tele", "LWT"), "Offline", retain=True)

    async def wait_command(self, index: int, timeout_seconds: float = 10.0) -> tuple[str, str]:
        async with asyncio.timeout(timeout_seconds), self._arrived:
            await self._arrived.wait_for(lambda: len(self.commands) > index)
        return self.commands[index]

    def key(self, relay: int) -> str:
        return "POWER" if sum(1 for kind in self.relays if kind) == 1 else f"POWER{relay}"

    async def _serve(self, client: aiomqtt.Client) -> None:
        async for message in client.messages:
            command = str(message.topic).rsplit("/", 1)[1]
            payload = bytes(message.payload).decode(errors="replace").strip()  # type: ignore[arg-type]
            self.received_at.append(time.perf_counter())
            async with self._arrived:
                self.commands.append((command, payload))
                self._arrived.notify_all()
            await self._handle(command.upper(), payload)

    async def move_shutter(self, shutter: int, position: int) -> None:
        """The shutter's own buttons."""
        self.shutters[shutter] = position
        await self._report_shutter(shutter)

    async def _report_shutter(self, shutter: int) -> None:
        position = self.shutters[shutter]
        await self._result({f"Shutter{shutter}": {"Position": position, "Direction": 0, "Target": position,
                                                  "Tilt": 0}})  # fmt: skip

    async def _handle(self, command: str, payload: str) -> None:
        if command.startswith("SHUTTERPOSITION"):
            shutter = int(command[len("SHUTTERPOSITION") :] or 1)
            if shutter not in self.shutters:
                return await self._result({"Command": "Unknown"})
            if payload:  # no value: Tasmota reports the position
                self.shutters[shutter] = max(0, min(100, int(payload)))
            return await self._report_shutter(shutter)
        if command.startswith("POWER"):
            relay = int(command[5:] or 1)
            if relay not in self.power:
                return await self._result({"Command": "Unknown"})
            if payload.upper() in ("ON", "1"):
                self.power[relay] = True
            elif payload.upper() in ("OFF", "0"):
                self.power[relay] = False
            elif payload.upper() in ("TOGGLE", "2"):
                self.power[relay] = not self.power[relay]
            return await self._report_power(relay)
        if command == "DIMMER":
            self.dimmer = max(0, min(100, int(payload)))
            light = self.relays.index(2) + 1
            self.power[light] = self.dimmer > 0
            return await self._result({self.key(light): _on(self.power[light]), "Dimmer": self.dimmer})
        if command in ("COLOR", "CT"):
            light = self.relays.index(2) + 1
            if command == "COLOR":
                red, green, blue = (int(part) for part in payload.split(","))
                hue, saturation, _ = colorsys.rgb_to_hsv(red / 255, green / 255, blue / 255)
                self.hsb = (round(hue * 360), round(saturation * 100), self.dimmer)
            else:
                self.ct = max(153, min(500, int(payload)))
            self.power[light] = True
            return await self._result({self.key(light): "ON", **self._light_state()})
        if command == "STATE":
            state: dict[str, Any] = {self.key(relay): _on(on) for relay, on in self.power.items()}
            if 2 in self.relays:
                state.update(self._light_state())
            await self._result({"Time": "2026-12-03T16:00:00", "Uptime": "0T00:01:00", **state})
            return None
        return await self._result({"Command": "Unknown"})

    def _light_state(self) -> dict[str, Any]:
        state: dict[str, Any] = {"Dimmer": self.dimmer}
        if self.light_subtype >= 3:
            state["HSBColor"] = ",".join(str(part) for part in self.hsb)
        if self.light_subtype in (2, 5):
            state["CT"] = self.ct
        return state

    async def _report_power(self, relay: int) -> None:
        await self._result({self.key(relay): _on(self.power[relay])})
        await self.publish(self.topic_for("stat", self.key(relay)), _on(self.power[relay]))

    async def _result(self, data: dict[str, Any]) -> None:
        await self.publish(self.topic_for("stat", "RESULT"), json.dumps(data))


def _on(on: bool) -> str:
    return "ON" if on else "OFF"
