"""Home Assistant as ting's home: its registries become the household, its entities the devices.

``open_home_assistant`` connects (``HaConnection``), reads the floor, area, device and entity registries
and the exposure settings, builds the ``Household`` (``household.build_household``) and returns it with
the ``HomeAssistantHome`` backend; the connection is closed with the given exit stack. Docs:
docs/home.md, "Home Assistant".
"""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from typing import Any

from ting.errors import HomeError
from ting.nlu.registry import Household
from ting.server.home_ha.backend import HomeAssistantHome
from ting.server.home_ha.connection import HaConnection
from ting.server.home_ha.household import build_household, exposed_entities
from ting.server.home_ha.live import HouseholdListener, RegistryWatch
from ting.settings import HomeAssistantSettings

_LOGGER = logging.getLogger(__name__)

__all__ = ["HomeAssistantHome", "open_home_assistant", "read_household"]


async def read_household(
    connection: HaConnection, backend: HomeAssistantHome, settings: HomeAssistantSettings, base: Household
) -> Household:
    """The household Home Assistant's registries describe (``base`` gives the kinds' names)."""

    async def listed(command: str) -> list[dict[str, Any]]:
        try:
            answer = await connection.command({"type": command})
        except HomeError as error:  # an older Home Assistant without floors, say
            _LOGGER.warning("Home Assistant: %s failed (%s); going without", command, error)
            return []
        return [item for item in answer if isinstance(item, dict)] if isinstance(answer, list) else []

    exposed: set[str] | None = None
    if settings.use_exposure:
        try:
            exposed = exposed_entities(await connection.command({"type": "homeassistant/expose_entity/list"}))
        except HomeError as error:
            _LOGGER.info("Home Assistant does not say what is exposed (%s): allow/deny lists only", error)
    return build_household(
        floors=await listed("config/floor_registry/list"),
        areas=await listed("config/area_registry/list"),
        devices=await listed("config/device_registry/list"),
        entities=await listed("config/entity_registry/list"),
        states=backend.raw_states(),
        settings=settings,
        exposed=exposed,
        domain_names=base.domain_names,
    )


async def open_home_assistant(
    settings: HomeAssistantSettings,
    base: Household,
    stack: AsyncExitStack,
    on_household: HouseholdListener | None = None,
) -> tuple[Household, HomeAssistantHome]:
    """Connect and read the household. ``on_household``: told of each new household while running (a
    registry changed in Home Assistant, or changed while ting was disconnected); None: read once."""
    watch: RegistryWatch | None = None
    backend = HomeAssistantHome(
        base, on_registry_change=None if on_household is None else lambda kind: _changed(watch, kind)
    )

    async def read(connection: HaConnection) -> Household:
        household = (await read_household(connection, backend, settings, base)).with_sites(base.sites)
        backend.household = household
        return household

    async def reread() -> Household:
        if backend.connection is None or not backend.connection.connected:
            raise HomeError("not connected to Home Assistant")
        return await read(backend.connection)

    async def connected(connection: HaConnection) -> None:
        await backend.on_connected(connection)
        household = await read(connection)
        if connection.connects and watch is not None:  # a reconnect: changed while away?
            watch.offer(household)

    if on_household is not None:
        watch = RegistryWatch(reread, on_household, settle_seconds=settings.registry_settle_seconds)
        stack.push_async_callback(watch.close)
    connection = HaConnection(settings, on_event=backend.on_event, on_connected=connected)
    stack.push_async_callback(connection.close)
    await connection.start()
    household = backend.household
    if watch is not None:
        watch.known(household)
    _LOGGER.info(
        "household from Home Assistant: %d floors, %d areas, %d devices",
        len(household.floors),
        len(household.areas),
        len(household.devices),
    )
    return household, backend


def _changed(watch: RegistryWatch | None, kind: str) -> None:
    if watch is not None:
        watch.changed(kind)
