"""``Zigbee2MqttHome``: devices and groups of a Zigbee2MQTT bridge, by ting device id.

Topics (``<base>`` is ``base_topic``, default ``zigbee2mqtt``): ``<base>/bridge/devices`` and
``<base>/bridge/groups`` (retained) say what each device can do (``z2m_exposes``);
``<base>/bridge/state`` whether the bridge runs; ``<base>/<friendly_name>`` carries a device's
state whenever it changes, whoever changed it; ``<base>/<friendly_name>/availability`` whether it
answers (when availability is on in Zigbee2MQTT). ting sends ``<base>/<friendly_name>/set`` with a
JSON object (``{"state": "ON", "brightness": 127}``), and ``/get`` for gettable properties of a
device whose state it has not seen. A command is done when Zigbee2MQTT publishes the state asked
for; otherwise it is reported as not answered after ``reply_timeout_seconds``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace
from typing import Any

from ting.errors import DeviceUnavailableError, HomeError, MqttError
from ting.mqtt.client import HermesClient
from ting.server.home_mqtt.household import Listed
from ting.server.home_mqtt.linked_home import LinkedHome
from ting.server.home_mqtt.payloads import json_object
from ting.server.home_mqtt.states import DeviceStates, Wanted
from ting.server.home_mqtt.z2m_bridge import (
    BridgeDevice,
    BridgeGroup,
    parse_devices,
    parse_groups,
    parse_online,
)
from ting.server.home_mqtt.z2m_exposes import Control, control_for, group_control
from ting.server.home_mqtt.z2m_household import z2m_listed
from ting.server.home_mqtt.z2m_payloads import (
    brightness_raw,
    color_payload,
    fan_mode_for,
    lock_payload,
    mired,
    on_off,
    oscillation_payload,
    prop,
    state_changes,
)
from ting.settings import MqttSettings, Zigbee2MqttSettings
from ting.skills.sdk import DeviceState
from ting.skills.sdk.home import RGB, percent_in_range

_LOGGER = logging.getLogger(__name__)

NAME = "zigbee2mqtt"


class Zigbee2MqttHome(LinkedHome):
    """``async with Zigbee2MqttHome(...)``: connects; ``await wait_described()`` before reading
    ``control``; then a ``HomeBackend`` for the devices listed in ``settings.devices``."""

    def __init__(self, settings: Zigbee2MqttSettings, mqtt: MqttSettings, *, server_id: str) -> None:
        self._settings = settings
        self._base = settings.base_topic.rstrip("/")
        self._by_name: dict[str, list[str]] = {}
        for device_id, device in settings.devices.items():
            self._by_name.setdefault(device.friendly_name, []).append(device_id)
        self.cache = DeviceStates(list(settings.devices), name="Zigbee2MQTT")
        self._bridge: dict[str, BridgeDevice] = {}
        self._groups: dict[str, BridgeGroup] = {}
        self._lists_seen: set[str] = set()
        """Which of ``bridge/devices`` and ``bridge/groups`` have come."""
        self._controls: dict[str, Control] = {}
        self._bridge_online = True  # until bridge/state says otherwise: not every setup publishes it
        self._described = asyncio.Event()
        self._open_link(
            mqtt,
            url=settings.mqtt_url,
            server_id=server_id,
            backend=NAME,
            subscriptions=self._subscriptions(),
        )

    def control(self, device_id: str) -> Control | None:
        """How the device is driven, once the bridge has described it."""
        return self._controls.get(device_id)

    def described(self) -> bool:
        return all(device_id in self._controls for device_id in self._settings.devices)

    async def wait_described(self) -> None:
        """Wait up to ``startup_wait_seconds`` for the bridge to describe every listed device; log the
        ones it has not (they get their domain from the settings, and answer once it has)."""
        await self._wait_until(
            self._described,
            self._settings.startup_wait_seconds,
            lambda: list(set(self._settings.devices) - set(self._controls)),
            "Zigbee2MQTT did not describe the devices (check base_topic and the friendly names)",
        )

    def listed(self) -> dict[str, Listed]:
        """The listed devices, with what the bridge said about them, for the household."""
        return {
            device_id: z2m_listed(device_id, device, self._controls.get(device_id))
            for device_id, device in self._settings.devices.items()
        }

    # -- HomeBackend -------------------------------------------------------------------

    async def turn_on(self, device_id: str) -> DeviceState:
        return await self._switch(device_id, on=True)

    async def turn_off(self, device_id: str) -> DeviceState:
        return await self._switch(device_id, on=False)

    async def set_brightness(self, device_id: str, percent: int) -> DeviceState:
        control = self._control(device_id)
        if "brightness" not in control.capabilities or control.brightness is None:
            raise HomeError(f"{device_id} cannot be dimmed")
        if not 0 <= percent <= 100:
            raise HomeError(f"brightness {percent} is outside 0–100 percent")
        if percent == 0:
            return await self._switch(device_id, on=False)
        payload = {
            **on_off(control, on=True),
            prop(control.brightness): brightness_raw(control.brightness, percent),
        }
        return await self._send(
            device_id, payload, lambda state: state.on and state.brightness_percent == percent
        )

    async def set_temperature(self, device_id: str, celsius: float) -> DeviceState:
        control = self._control(device_id)
        setpoint = control.setpoint
        if "temperature" not in control.capabilities or setpoint is None:
            raise HomeError(f"{device_id} has no temperature setting")
        low, high = setpoint.value_min, setpoint.value_max
        if (low is not None and celsius < low) or (high is not None and celsius > high):
            raise HomeError(f"{device_id}: {celsius:g} °C is outside {low:g}–{high:g} °C")
        payload: dict[str, Any] = {prop(setpoint): celsius}
        current = self.cache.state(device_id)
        if current is None or not current.on:
            payload.update(on_off(control, on=True))
        tolerance = max(setpoint.value_step or 0.0, 0.01)
        return await self._send(
            device_id,
            payload,
            lambda state: state.temperature_c is not None and abs(state.temperature_c - celsius) <= tolerance,
        )

    async def set_position(self, device_id: str, percent: int) -> DeviceState:
        control = self._control(device_id, "position")
        assert control.position is not None
        percent = percent_in_range(percent, "position")
        return await self._send(device_id, {prop(control.position): percent},
                                lambda state: state.position_percent == percent)  # fmt: skip

    async def set_tilt(self, device_id: str, percent: int) -> DeviceState:
        control = self._control(device_id, "tilt")
        assert control.tilt is not None
        percent = percent_in_range(percent, "tilt")
        return await self._send(
            device_id, {prop(control.tilt): percent}, lambda state: state.tilt_percent == percent
        )

    async def lock(self, device_id: str) -> DeviceState:
        control = self._control(device_id, "lock")
        return await self._send(
            device_id, lock_payload(control, locked=True), lambda state: state.locked is True
        )

    async def unlock(self, device_id: str) -> DeviceState:
        control = self._control(device_id, "lock")
        return await self._send(
            device_id, lock_payload(control, locked=False), lambda state: state.locked is False
        )

    async def set_fan_speed(self, device_id: str, percent: int) -> DeviceState:
        control = self._control(device_id, "fan_speed")
        percent = percent_in_range(percent, "fan speed")
        if percent == 0:
            return await self._switch(device_id, on=False)
        assert control.fan_mode is not None
        mode = fan_mode_for(control.fan_steps, percent)
        wanted = round(100 * (control.fan_steps.index(mode) + 1) / len(control.fan_steps))
        payload = {**on_off(control, on=True), prop(control.fan_mode): mode}
        return await self._send(device_id, payload, lambda state: state.on and state.fan_percent == wanted)

    async def set_oscillation(self, device_id: str, oscillating: bool) -> DeviceState:
        control = self._control(device_id, "oscillate")
        payload = oscillation_payload(control, oscillating=oscillating)
        return await self._send(device_id, payload, lambda state: state.oscillating is oscillating)

    async def set_color(self, device_id: str, rgb: RGB) -> DeviceState:
        control = self._control(device_id, "color")
        assert control.color is not None
        payload = {**on_off(control, on=True), prop(control.color): color_payload(control.color, rgb)}
        return await self._send_and_wait_report(
            device_id, payload, lambda state: state.on and state.rgb is not None
        )

    async def set_color_temperature(self, device_id: str, kelvin: int) -> DeviceState:
        control = self._control(device_id, "color_temp")
        assert control.color_temp is not None
        value = mired(control.color_temp, kelvin)
        expected = round(1_000_000 / value)
        payload = {**on_off(control, on=True), prop(control.color_temp): value}
        return await self._send(
            device_id, payload, lambda state: state.on and state.color_temp_kelvin == expected
        )

    async def set_hvac_mode(self, device_id: str, mode: str) -> DeviceState:
        control = self._control(device_id, "hvac_mode")
        assert control.system_mode is not None
        if mode not in control.system_mode.values:
            raise HomeError(f"{device_id} has modes {', '.join(control.system_mode.values)}, not {mode}")
        return await self._send(
            device_id, {prop(control.system_mode): mode}, lambda state: state.hvac_mode == mode
        )

    async def set_fan_mode(self, device_id: str, mode: str) -> DeviceState:
        control = self._control(device_id, "fan_mode")
        assert control.fan_mode is not None
        if mode not in control.fan_mode.values:
            raise HomeError(f"{device_id} has fan modes {', '.join(control.fan_mode.values)}, not {mode}")
        return await self._send(
            device_id, {prop(control.fan_mode): mode}, lambda state: state.fan_mode == mode
        )

    async def get_state(self, device_id: str) -> DeviceState:
        """The last state reported; ``available=False`` while unreachable (nothing is asked then)."""
        if not self.cache.known(device_id):
            raise HomeError(f"unknown device {device_id!r}")
        if not self.link.client.publishable:
            return replace(self.cache.state(device_id) or DeviceState(), available=False)
        state = self.cache.reported(device_id)
        if state is not None:
            return state
        await self._ask(device_id)
        return await self.cache.wait_for(device_id, lambda _: True, self._settings.reply_timeout_seconds)

    # -- commands ------------------------------------------------------------------------

    async def _switch(self, device_id: str, *, on: bool) -> DeviceState:
        control = self._control(device_id)
        if not control.capabilities & {"on_off", "open_close"}:
            raise HomeError(f"{device_id} ({control.domain}) cannot be switched")
        return await self._send(device_id, on_off(control, on=on), lambda state: state.on is on)

    async def _send(self, device_id: str, payload: dict[str, Any], wanted: Wanted) -> DeviceState:
        self._check_reachable(device_id)
        return await self._publish_and_wait(
            device_id,
            f"{self._base}/{self._settings.devices[device_id].friendly_name}/set",
            json.dumps(payload, ensure_ascii=False),
            wanted,
            broker="Zigbee2MQTT's broker",
            timeout_seconds=self._settings.reply_timeout_seconds,
        )

    async def _send_and_wait_report(
        self, device_id: str, payload: dict[str, Any], wanted: Wanted
    ) -> DeviceState:
        """For values the device reports in other terms than ting sent (a colour comes back as CIE xy): done
        at the first report after the command that satisfies ``wanted``."""
        before = self.cache.state(device_id)
        return await self._send(device_id, payload, lambda state: state is not before and wanted(state))

    async def _ask(self, device_id: str) -> None:
        """``/get`` the gettable properties (devices that do not report on their own)."""
        control = self._controls.get(device_id)
        if control is None or not control.gettable:
            return
        topic = f"{self._base}/{self._settings.devices[device_id].friendly_name}/get"
        try:
            await self.link.publish(topic, json.dumps(dict.fromkeys(control.gettable, "")).encode())
        except MqttError as error:
            _LOGGER.info("%s: could not ask for the state: %s", device_id, error)

    def _control(self, device_id: str, capability: str | None = None) -> Control:
        if not self.cache.known(device_id):
            raise HomeError(f"unknown device {device_id!r}")
        control = self._controls.get(device_id)
        if control is None:
            raise DeviceUnavailableError(f"{device_id}: Zigbee2MQTT has not described it (is it paired?)")
        if capability is not None and capability not in control.capabilities:
            raise HomeError(f"{device_id} ({control.domain}) cannot do {capability}")
        return control

    def _check_reachable(self, device_id: str) -> None:
        if not self.cache.known(device_id):
            raise HomeError(f"unknown device {device_id!r}")
        self._check_publishable(device_id, broker="Zigbee2MQTT's broker")

    # -- incoming ----------------------------------------------------------------------

    def _subscriptions(self) -> list[str]:
        bridge = [f"{self._base}/bridge/{name}" for name in ("devices", "groups", "state")]
        devices = [
            f"{self._base}/{name}{suffix}" for name in self._by_name for suffix in ("", "/availability")
        ]
        return bridge + devices

    async def _connected(self, client: HermesClient) -> None:
        self._bridge_changed()
        await super()._connected(client)

    async def _broker_back(self) -> None:
        # what changed meanwhile was published to nobody: ask (/get) again
        _LOGGER.info("Zigbee2MQTT's broker is back: asking %d devices for their state", len(self._controls))
        for device_id in list(self._controls):
            await self._ask(device_id)

    async def on_message(self, topic: str, payload: bytes) -> None:
        name = topic[len(self._base) + 1 :]
        if name == "bridge/devices":
            self._bridge = {device.friendly_name: device for device in parse_devices(payload)}
            self._lists_seen.add("devices")
            await self._describe()
        elif name == "bridge/groups":
            self._groups = {group.friendly_name: group for group in parse_groups(payload)}
            self._lists_seen.add("groups")
            await self._describe()
        elif name == "bridge/state":
            self._bridge_online = parse_online(payload)
            self._bridge_changed()
        elif name.endswith("/availability") and name[: -len("/availability")] in self._by_name:
            online = parse_online(payload)
            for device_id in self._by_name[name[: -len("/availability")]]:
                self.cache.set_available(device_id, online, "offline (Zigbee2MQTT availability)")
        elif name in self._by_name:
            data = json_object(payload)
            for device_id in self._by_name[name]:
                control = self._controls.get(device_id)
                changes = state_changes(control, data) if control else {}
                if changes:
                    await self.cache.update(device_id, **changes)

    def _bridge_changed(self) -> None:
        self.cache.set_backend_down(None if self._bridge_online else "Zigbee2MQTT is offline")

    async def _describe(self) -> None:
        """Work out each listed device's control from the bridge's lists; ask for unknown states."""
        for device_id, device in self._settings.devices.items():
            control = self._control_from_bridge(device.friendly_name, device.endpoint, device.reading)
            if control is None:
                if len(self._lists_seen) == 2 and device_id not in self._controls:
                    _LOGGER.warning(
                        "%s: Zigbee2MQTT has no device or group %r", device_id, device.friendly_name
                    )
                continue
            first = device_id not in self._controls
            self._controls[device_id] = control
            if first and self.cache.state(device_id) is None:
                await self._ask(device_id)
        if self.described():
            self._described.set()
        unlisted = (
            set(self._bridge)
            - set(self._by_name)
            - {name for name, device in self._bridge.items() if device.type == "Coordinator"}
        )
        if unlisted:
            _LOGGER.info("Zigbee2MQTT devices not in [zigbee2mqtt.devices]: %s", ", ".join(sorted(unlisted)))

    def _control_from_bridge(
        self, friendly_name: str, endpoint: str | None, reading: str | None
    ) -> Control | None:
        device = self._bridge.get(friendly_name)
        if device is not None:
            return control_for(device.exposes, endpoint, reading)
        group = self._groups.get(friendly_name)
        if group is None:
            return None
        by_address = {device.ieee_address: device for device in self._bridge.values()}
        members = [
            control_for(by_address[member.ieee_address].exposes)
            for member in group.members
            if member.ieee_address in by_address
        ]
        return group_control(members)
