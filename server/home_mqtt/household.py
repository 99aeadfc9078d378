"""The devices of MQTT backends joined to the household: ids, areas and names from the settings, what
they are and can do from the backend (or the settings, which win).

A device id already in the household, or an area the household does not have, is a ``ConfigError``
naming the settings key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ting.errors import ConfigError
from ting.nlu.registry import (
    CAPABILITIES,
    CONFIRMED_DEVICE_CLASSES,
    CONFIRMED_DOMAINS,
    DEFAULT_CAPABILITIES,
    Device,
    Household,
    Names,
)
from ting.settings.home_mqtt import Language


@dataclass(frozen=True)
class Listed:
    """One device as the settings list it, with what its backend said about it (None: nothing yet)."""

    key: str
    """``zigbee2mqtt.devices.kitchen_light``, for messages."""
    area: str
    names: Mapping[Language, list[str] | str]
    domain: str | None
    capabilities: tuple[str, ...] | None
    found_domain: str | None = None
    found_capabilities: frozenset[str] | None = None
    min_temperature_c: float | None = None
    max_temperature_c: float | None = None
    device_class: str | None = None
    unit: str | None = None
    hvac_modes: tuple[str, ...] = ()
    fan_modes: tuple[str, ...] = ()
    fan_speed_count: int | None = None
    min_color_temp_kelvin: int | None = None
    max_color_temp_kelvin: int | None = None
    backend: str | None = None
    address: str | None = None


def join(household: Household, devices: Mapping[str, Listed]) -> Household:
    """``household`` with ``devices`` added (after its own)."""
    added: dict[str, Device] = {}
    for device_id, listed in devices.items():
        if device_id in household.devices or device_id in added:
            raise ConfigError(f"{listed.key}: the device id {device_id!r} is taken; give it another id")
        if listed.area not in household.areas:
            raise ConfigError(
                f"{listed.key}.area: expected one of the household's area ids {sorted(household.areas)}"
                f" (got {listed.area!r})"
            )
        unknown = set(listed.capabilities or ()) - CAPABILITIES
        if unknown:
            raise ConfigError(
                f"{listed.key}.capabilities: expected some of {sorted(CAPABILITIES)} (got {sorted(unknown)})"
            )
        added[device_id] = _device(device_id, listed)
    return replace(household, devices={**household.devices, **added})


def _device(device_id: str, listed: Listed) -> Device:
    domain = listed.domain or listed.found_domain or "switch"
    if listed.capabilities is not None:
        capabilities = frozenset(listed.capabilities)
    elif listed.found_capabilities is not None:
        capabilities = listed.found_capabilities
    else:
        capabilities = frozenset(DEFAULT_CAPABILITIES.get(domain, ("on_off",)))
    return Device(
        id=device_id,
        area=listed.area,
        domain=domain,
        names=_names(listed.names),
        capabilities=capabilities,
        min_temperature_c=listed.min_temperature_c,
        max_temperature_c=listed.max_temperature_c,
        device_class=listed.device_class,
        unit=listed.unit,
        hvac_modes=listed.hvac_modes,
        fan_modes=listed.fan_modes,
        fan_speed_count=listed.fan_speed_count,
        min_color_temp_kelvin=listed.min_color_temp_kelvin,
        max_color_temp_kelvin=listed.max_color_temp_kelvin,
        confirm=domain in CONFIRMED_DOMAINS or listed.device_class in CONFIRMED_DEVICE_CLASSES,
        backend=listed.backend,
        address=listed.address,
    )


def _names(names: Mapping[Language, list[str] | str]) -> Names:
    return {
        lang: (aliases,) if isinstance(aliases, str) else tuple(aliases) for lang, aliases in names.items()
    }
