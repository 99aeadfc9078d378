"""``TasmotaHome``: relays and lights of Tasmota devices, by ting device id; each relay (``POWER1`` ..
``POWERn``) of a device is a device of its own.

Discovery comes first: ``<discovery_prefix>/<MAC>/config`` (retained) gives each device's topic and
full-topic pattern, its relays and light. Then, for each device listed in the settings (by topic or
MAC), ting subscribes to ``stat/<topic>/+`` (``RESULT``, ``POWERn``; with ``SetOption4`` the command
names), ``tele/<topic>/STATE`` (every TelePeriod) and ``tele/<topic>/LWT`` (``Online``/``Offline``,
retained), and asks for the state once (``cmnd/<topic>/STATE``). Commands are ``cmnd/<topic>/POWERn``
``ON``/``OFF`` and ``cmnd/<topic>/Dimmer <0-100>``; one is done when the device reports the state
asked for, whoever else changed it meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from ting.errors import DeviceUnavailableError, HomeError, MessageError, MqttError
from ting.server.home_mqtt.household import Listed
from ting.server.home_mqtt.linked_home import LinkedHome
from ting.server.home_mqtt.payloads import json_object
from ting.server.home_mqtt.states import DeviceStates, Wanted
from ting.server.home_mqtt.tasmota_discovery import CMND, STAT, TELE, TasmotaConfig, parse_config
from ting.server.home_mqtt.tasmota_outputs import (
    SENSOR_UNITS,
    Output,
    sensor_changes,
    shutter_changes,
    state_changes,
)
from ting.settings import MqttSettings, TasmotaSettings
from ting.skills.sdk import DeviceState
from ting.skills.sdk.home import RGB, percent_in_range

_LOGGER = logging.getLogger(__name__)

NAME = "tasmota"


class TasmotaHome(LinkedHome):
    """``async with TasmotaHome(...)``, ``await wait_discovered()``, then a ``HomeBackend`` for the relays
    listed in ``settings.devices``."""

    def __init__(self, settings: TasmotaSettings, mqtt: MqttSettings, *, server_id: str) -> None:
        self._settings = settings
        self._prefix = settings.discovery_prefix.rstrip("/")
        self.cache = DeviceStates(list(settings.devices), name="Tasmota")
        self.cache.set_backend_down(None)  # reachability is per device (LWT) and the link's
        self._outputs: dict[str, Output] = {}
        self._by_mac: dict[str, list[Output]] = {}
        self._sensors: dict[str, dict[str, Any]] = {}
        """MAC -> the readings of its discovery's ``sensors`` message."""
        self._topics: dict[str, str] = {}
        """stat/tele topic -> MAC."""
        self._discovered = asyncio.Event()
        self._open_link(
            mqtt,
            url=settings.mqtt_url,
            server_id=server_id,
            backend=NAME,
            subscriptions=[f"{self._prefix}/+/config", f"{self._prefix}/+/sensors"],
        )

    def output(self, device_id: str) -> Output | None:
        return self._outputs.get(device_id)

    async def wait_discovered(self) -> None:
        """Wait up to ``startup_wait_seconds`` for every listed device's discovery; log the missing."""
        await self._wait_until(
            self._discovered,
            self._settings.startup_wait_seconds,
            lambda: list(set(self._settings.devices) - set(self._outputs)),
            "Tasmota: no discovery (check the topic or MAC, and that SetOption19 is 0)",
        )

    def listed(self) -> dict[str, Listed]:
        listed = {}
        for device_id, device in self._settings.devices.items():
            output = self._outputs.get(device_id)
            found: dict[str, Any] = {}
            if output is not None:
                found = {
                    "found_domain": output.domain,
                    "found_capabilities": output.capabilities,
                    "device_class": output.device_class,
                    "unit": SENSOR_UNITS.get(output.device_class or ""),
                }
                if output.white_tunable:
                    found.update(min_color_temp_kelvin=2000, max_color_temp_kelvin=6500)  # CT 153–500 mired
            elif device.sensor is not None:
                found = {"found_domain": "sensor", "found_capabilities": frozenset({"sensor"}),
                         "device_class": device.sensor.rsplit(".", 1)[-1].lower()}  # fmt: skip
            listed[device_id] = Listed(
                key=f"{NAME}.devices.{device_id}",
                area=device.area,
                names=device.names,
                domain=device.domain,
                capabilities=device.capabilities,
                backend=NAME,
                address=device.device if device.sensor else f"{device.device}#{device.relay}",
                **found,
            )
        return listed

    # -- HomeBackend -------------------------------------------------------------------

    async def turn_on(self, device_id: str) -> DeviceState:
        return await self._power(device_id, on=True)

    async def turn_off(self, device_id: str) -> DeviceState:
        return await self._power(device_id, on=False)

    async def set_brightness(self, device_id: str, percent: int) -> DeviceState:
        output = self._output(device_id)
        if not output.dimmable:
            raise HomeError(f"{device_id} cannot be dimmed")
        if not 0 <= percent <= 100:
            raise HomeError(f"brightness {percent} is outside 0–100 percent")
        if percent == 0:
            return await self._power(device_id, on=False)
        return await self._send(
            output, "Dimmer", str(percent), lambda state: state.on and state.brightness_percent == percent
        )

    async def set_position(self, device_id: str, percent: int) -> DeviceState:
        output = self._output(device_id)
        if not output.is_shutter:
            raise HomeError(f"{device_id} cannot be set to a position")
        percent = percent_in_range(percent, "position")
        return await self._send(output, f"ShutterPosition{output.shutter}", str(percent),
                                lambda state: state.position_percent == percent)  # fmt: skip

    async def set_temperature(self, device_id: str, celsius: float) -> DeviceState:
        self._output(device_id)
        raise HomeError(f"{device_id} has no temperature setting")

    async def set_color(self, device_id: str, rgb: RGB) -> DeviceState:
        output = self._output(device_id)
        if not output.colored:
            raise HomeError(f"{device_id} cannot do color")
        before = self.cache.state(device_id)  # the colour comes back as hue and saturation: a new report
        payload = ",".join(str(part) for part in rgb)
        return await self._send(
            output, "Color", payload, lambda state: state is not before and state.on and state.rgb is not None
        )

    async def set_color_temperature(self, device_id: str, kelvin: int) -> DeviceState:
        output = self._output(device_id)
        if not output.white_tunable:
            raise HomeError(f"{device_id} cannot do color_temp")
        mired = max(153, min(500, round(1_000_000 / kelvin)))
        expected = round(1_000_000 / mired)
        return await self._send(output, "CT", str(mired),
                                lambda state: state.on and state.color_temp_kelvin == expected)  # fmt: skip

    async def get_state(self, device_id: str) -> DeviceState:
        """The last state reported; ``available=False`` while unreachable (nothing is asked then)."""
        if not self.cache.known(device_id):
            raise HomeError(f"unknown device {device_id!r}")
        output = self._outputs.get(device_id)
        if output is None or not self.link.client.publishable:
            return replace(self.cache.state(device_id) or DeviceState(), available=False)
        state = self.cache.reported(device_id)
        if state is not None:
            return state
        await self._ask(output.config)
        return await self.cache.wait_for(device_id, lambda _: True, self._settings.reply_timeout_seconds)

    # -- commands ------------------------------------------------------------------------

    async def _power(self, device_id: str, *, on: bool) -> DeviceState:
        output = self._output(device_id)
        if output.sensor is not None:
            raise HomeError(f"{device_id} (a sensor) cannot be switched")
        if output.is_shutter:  # open = all the way up
            return await self.set_position(device_id, 100 if on else 0)
        text = output.config.state_texts[1 if on else 0]
        return await self._send(output, output.config.power_key(output.relay), text, lambda s: s.on is on)

    async def _send(self, output: Output, command: str, payload: str, wanted: Wanted) -> DeviceState:
        self._check_publishable(output.device_id, broker="the Tasmota broker")
        return await self._publish_and_wait(
            output.device_id,
            output.config.topic_for(CMND, command),
            payload,
            wanted,
            broker="the Tasmota broker",
            timeout_seconds=self._settings.reply_timeout_seconds,
        )

    async def _ask(self, config: TasmotaConfig) -> None:
        """``STATE`` (relays, light); ``ShutterPosition<n>`` without a value for each listed shutter."""
        shutters = {o.shutter for o in self._by_mac.get(config.mac, []) if o.is_shutter}
        try:
            await self.link.publish(config.topic_for(CMND, "STATE"), b"")
            for shutter in sorted(shutters):
                await self.link.publish(config.topic_for(CMND, f"ShutterPosition{shutter}"), b"")
        except MqttError as error:
            _LOGGER.info("Tasmota %s: could not ask for the state: %s", config.topic, error)

    def _output(self, device_id: str) -> Output:
        if not self.cache.known(device_id):
            raise HomeError(f"unknown device {device_id!r}")
        output = self._outputs.get(device_id)
        if output is None:
            raise DeviceUnavailableError(f"{device_id}: Tasmota has not announced it (discovery)")
        return output

    # -- the broker coming back ----------------------------------------------------------

    async def _broker_back(self) -> None:
        # a button pressed meanwhile was published to nobody: ask (STATE) again
        configs = {output.config.mac: output.config for output in self._outputs.values()}
        _LOGGER.info("the Tasmota broker is back: asking %d devices for their state", len(configs))
        for config in configs.values():
            await self._ask(config)

    # -- incoming ----------------------------------------------------------------------

    async def on_message(self, topic: str, payload: bytes) -> None:
        if topic.startswith(self._prefix + "/") and topic.endswith("/config"):
            await self._discovery(topic, parse_config(payload))
            return
        if topic.startswith(self._prefix + "/") and topic.endswith("/sensors"):
            announced = topic[len(self._prefix) + 1 : -len("/sensors")].replace(":", "").upper()
            readings = json_object(payload).get("sn")
            if isinstance(readings, dict):
                self._sensors[announced] = readings
                await self._read_sensors(announced, readings)
            return
        mac = self._topics.get(topic) or self._topics.get(topic.rsplit("/", 1)[0] + "/+")
        if mac is None:
            return
        outputs = self._by_mac.get(mac, [])
        config = outputs[0].config if outputs else None
        if config is None:
            return
        command = topic.rsplit("/", 1)[1]
        if topic == config.topic_for(TELE, "LWT"):
            text = payload.decode("utf-8", errors="replace").strip()
            for output in outputs:
                self.cache.set_available(output.device_id, text != config.offline, "offline (Tasmota LWT)")
            return
        if topic == config.topic_for(TELE, "SENSOR"):
            await self._read_sensors(mac, json_object(payload))
            return
        if command.upper().startswith("POWER") and not payload.lstrip().startswith(b"{"):
            data: dict[str, Any] = {command.upper(): payload.decode("utf-8", errors="replace").strip()}
        else:
            data = json_object(payload)
        for output in outputs:
            changes = state_changes(output, data)
            if changes:
                await self.cache.update(output.device_id, **changes)

    async def _read_sensors(self, mac: str, data: dict[str, Any]) -> None:
        for output in self._by_mac.get(mac, []):
            changes = sensor_changes(output, data) or shutter_changes(output, data)
            if changes:
                await self.cache.update(output.device_id, **changes)

    async def _discovery(self, topic: str, config: TasmotaConfig | None) -> None:
        mac = topic[len(self._prefix) + 1 : -len("/config")].replace(":", "").upper()
        if config is None:
            for output in self._by_mac.get(mac, []):
                self.cache.set_available(output.device_id, False, "removed from Tasmota discovery")
            return
        if config.mac != mac:
            raise MessageError(f"discovery for {mac} carries mac {config.mac}")
        outputs = [
            Output(
                device_id, device.relay, config, tuple(device.sensor.split(".")) if device.sensor else None
            )
            for device_id, device in self._settings.devices.items()
            if device.device in (config.topic, mac) or device.device.replace(":", "").upper() == mac
        ]
        for output in outputs:
            if output.sensor is None and not config.relay_kind(output.relay):
                _LOGGER.warning(
                    "%s: Tasmota %s has no relay %d", output.device_id, config.topic, output.relay
                )
        outputs = [output for output in outputs if output.sensor or config.relay_kind(output.relay)]
        self._by_mac[mac] = outputs
        self._outputs.update({output.device_id: output for output in outputs})
        if outputs:
            topics = [
                config.topic_for(STAT, "+"),
                config.topic_for(TELE, "STATE"),
                config.topic_for(TELE, "LWT"),
                config.topic_for(TELE, "SENSOR"),
            ]
            self._topics.update(dict.fromkeys(topics, mac))
            await self.link.client.subscribe(*topics)
            await self._ask(config)
            if mac in self._sensors:  # the retained readings came before the config
                await self._read_sensors(mac, self._sensors[mac])
        if set(self._outputs) >= set(self._settings.devices):
            self._discovered.set()
