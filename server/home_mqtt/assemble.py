"""The household and its ``HomeBackend``, from the settings.

The base is Home Assistant when it is configured (its registries are the household, its entities the
devices), else the household file (the demo household when there is none), simulated. The devices listed
under ``[zigbee2mqtt.devices]`` and ``[tasmota.devices]`` (and, without Home Assistant, the file's devices
with ``backend: zigbee2mqtt`` / ``tasmota``) belong to those backends and join the household (so the
grammars, built next, know their names); ``RoutedHome`` sends each device's commands to its owner. With
no MQTT backend configured the base alone is the home, as before.
"""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from dataclasses import replace
from typing import Any

from ting.errors import ConfigError
from ting.nlu.registry import Household, load_household
from ting.server.home_ha import open_home_assistant
from ting.server.home_ha.live import HouseholdListener
from ting.server.home_mqtt.household import Listed, join
from ting.server.home_mqtt.routed import RoutedHome
from ting.server.home_mqtt.tasmota import TasmotaHome
from ting.server.home_mqtt.zigbee2mqtt import Zigbee2MqttHome
from ting.server.store.base import Store
from ting.settings import Settings, TasmotaDevice, Zigbee2MqttDevice
from ting.skills.sdk import HomeBackend
from ting.skills.sdk.simulated_home import SimulatedHome

_LOGGER = logging.getLogger(__name__)

Z2M, TASMOTA = "zigbee2mqtt", "tasmota"
HOME_STATE_NAMESPACE = "home"
"""Store namespace of the simulated devices' state."""


async def open_home(
    settings: Settings, store: Store, stack: AsyncExitStack, on_household: HouseholdListener | None = None
) -> tuple[Household, HomeBackend]:
    """The household (with the MQTT backends' devices) and the backend that drives it; the backends'
    connections are closed with ``stack``. ``on_household``: told of each new household while running
    (Home Assistant's registries changed), the MQTT backends' devices joined to it as at start."""
    household = load_household(settings.household.registry_file).with_sites(settings.household.sites)
    base: HomeBackend
    listed: dict[str, Listed] = {}

    async def changed(new: Household) -> None:
        if on_household is not None:  # a wrong area now is a ConfigError: the watch keeps what runs
            await on_household(join(new, {key: it for key, it in listed.items() if key not in new.devices}))

    if settings.home_assistant.enabled:  # Home Assistant's registries are the household
        household, base = await open_home_assistant(
            settings.home_assistant, household, stack, None if on_household is None else changed
        )
        from_file: dict[str, dict[str, Any]] = {Z2M: {}, TASMOTA: {}}
    else:
        base = await SimulatedHome.load(store.view(HOME_STATE_NAMESPACE), household)
        from_file = _from_file(household)
    z2m = replace(settings.zigbee2mqtt, devices={**from_file[Z2M], **settings.zigbee2mqtt.devices})
    tasmota = replace(settings.tasmota, devices={**from_file[TASMOTA], **settings.tasmota.devices})
    if not z2m.enabled and not tasmota.enabled:
        return household, base
    join(household, _bare(settings))  # a wrong area or a taken id is reported before connecting
    owners: dict[str, HomeBackend] = dict.fromkeys(household.devices, base)
    server_id = settings.server.server_id
    if z2m.enabled:
        zigbee = await stack.enter_async_context(Zigbee2MqttHome(z2m, settings.mqtt, server_id=server_id))
        await zigbee.wait_described()
        listed.update(zigbee.listed())
        owners.update(dict.fromkeys(z2m.devices, zigbee))
    if tasmota.enabled:
        plugs = await stack.enter_async_context(TasmotaHome(tasmota, settings.mqtt, server_id=server_id))
        await plugs.wait_discovered()
        listed.update(plugs.listed())
        owners.update(dict.fromkeys(tasmota.devices, plugs))
    # The file's own entries stay as the file says; the settings' join the household.
    joined = join(
        household,
        {device_id: item for device_id, item in listed.items() if device_id not in household.devices},
    )
    _LOGGER.info(
        "household: %d devices from %s, %d from Zigbee2MQTT, %d from Tasmota",
        sum(1 for owner in owners.values() if owner is base),
        type(base).__name__,
        len(z2m.devices),
        len(tasmota.devices),
    )
    return joined, RoutedHome(owners, default=base)  # devices Home Assistant adds later: its own


def _from_file(household: Household) -> dict[str, dict[str, Any]]:
    """Devices of the household file with ``backend: zigbee2mqtt`` / ``tasmota``, as settings entries
    (``address``: the friendly name; for Tasmota the topic or MAC, ``#2`` for relay 2)."""
    found: dict[str, dict[str, Any]] = {Z2M: {}, TASMOTA: {}}
    for device in household.devices.values():
        names = {lang: list(aliases) for lang, aliases in device.names.items()}
        common: dict[str, Any] = {"area": device.area, "names": names, "domain": device.domain,
                  "capabilities": tuple(sorted(device.capabilities))}  # fmt: skip
        if device.backend == Z2M:
            found[Z2M][device.id] = Zigbee2MqttDevice(friendly_name=device.backend_address, **common)
        elif device.backend == TASMOTA:
            address, _, relay = device.backend_address.partition("#")
            found[TASMOTA][device.id] = TasmotaDevice(device=address, relay=int(relay or 1), **common)
        elif device.backend is not None:
            _LOGGER.warning(
                "%s: backend %r is not one ting has here; the device is simulated", device.id, device.backend
            )
    return found


def _bare(settings: Settings) -> dict[str, Listed]:
    """The listed devices before any backend has said what they are; an id listed twice is an error."""
    bare: dict[str, Listed] = {}
    sections = (("zigbee2mqtt", settings.zigbee2mqtt.devices), ("tasmota", settings.tasmota.devices))
    for section, devices in sections:
        for device_id, device in devices.items():
            key = f"{section}.devices.{device_id}"
            if device_id in bare:
                raise ConfigError(f"{key}: the device id {device_id!r} is taken ({bare[device_id].key})")
            bare[device_id] = Listed(key, device.area, device.names, device.domain, device.capabilities)
    return bare
