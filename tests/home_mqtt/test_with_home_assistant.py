"""Home Assistant, Zigbee2MQTT and Tasmota at once: Home Assistant's registries are the household, the MQTT
backends' devices join it in Home Assistant's areas, and each device's commands reach its own backend."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path

from tests.home_ha.fake_ha import TOKEN, FakeHomeAssistant, wait_until
from tests.home_mqtt.conftest import tasmota_settings, unique, z2m_settings
from tests.home_mqtt.sim_tasmota import TasmotaPlug
from tests.home_mqtt.sim_z2m import Z2mBridge
from ting.nlu.registry import Household
from ting.server.home_mqtt.assemble import open_home
from ting.server.home_mqtt.routed import RoutedHome
from ting.server.store import open_store
from ting.settings import HomeAssistantSettings, MqttSettings, ServerSettings, Settings, StoreSettings


async def test_devices_of_three_backends_each_reach_their_own(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], bridge: Z2mBridge, plug: TasmotaPlug
) -> None:
    z2m_devices = {"z_kitchen": {"friendly_name": "Kitchen Light", "area": "kitchen",
                                 "names": {"zh": ["吧台灯"], "en": ["bar light"]}}}  # fmt: skip
    async with FakeHomeAssistant() as fake, AsyncExitStack() as stack:
        settings = Settings(
            mqtt=mqtt_settings(),
            server=ServerSettings(server_id=unique("server"), wake_training=False),
            store=StoreSettings(data_dir=tmp_path),
            home_assistant=HomeAssistantSettings(url=fake.url, token=TOKEN),  # type: ignore[arg-type]
            zigbee2mqtt=z2m_settings(bridge.base, devices=z2m_devices),
            tasmota=tasmota_settings(plug),
        )
        store = await stack.enter_async_context(open_store(settings.store))
        household, home = await open_home(settings, store, stack)
        assert isinstance(home, RoutedHome)
        assert household.devices["z_kitchen"].area == "kitchen"  # an area of Home Assistant's registry
        assert household.devices["z_kitchen"].names["zh"] == ("吧台灯",)
        assert household.devices["fan_plug"].area == "study"
        ha_light = next(
            device.id for device in household.devices.values() if device.backend_address == "light.kitchen"
        )

        assert (await home.turn_on("z_kitchen")).on
        assert bridge.commands[-1] == (f"{bridge.base}/Kitchen Light/set", {"state": "ON"})
        assert (await home.turn_on("fan_plug")).on
        assert plug.commands[-1] == ("POWER2", "ON")
        calls = len(fake.calls)
        await home.turn_off(ha_light)
        assert len(fake.calls) == calls + 1 and "light.kitchen" in str(fake.calls[-1])
        assert set(await home.states()) >= {"z_kitchen", "fan_plug"}


async def test_a_registry_change_keeps_the_mqtt_devices_and_routes_new_entities(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], bridge: Z2mBridge
) -> None:
    z2m_devices = {"z_kitchen": {"friendly_name": "Kitchen Light", "area": "kitchen",
                                 "names": {"zh": ["吧台灯"], "en": ["bar light"]}}}  # fmt: skip
    taken: list[Household] = []

    async def take(household: Household) -> None:
        taken.append(household)

    async with FakeHomeAssistant() as fake, AsyncExitStack() as stack:
        settings = Settings(
            mqtt=mqtt_settings(),
            server=ServerSettings(server_id=unique("server"), wake_training=False),
            store=StoreSettings(data_dir=tmp_path),
            home_assistant=HomeAssistantSettings(url=fake.url, token=TOKEN, registry_settle_seconds=0.2),  # type: ignore[arg-type]
            zigbee2mqtt=z2m_settings(bridge.base, devices=z2m_devices),
        )
        store = await stack.enter_async_context(open_store(settings.store))
        _, home = await open_home(settings, store, stack, take)
        fake.exposed["switch.secret_plug"]["conversation"] = True  # exposed to Assist later
        await fake.fire("entity_registry_updated", {"action": "update", "entity_id": "switch.secret_plug"})
        await wait_until(lambda: bool(taken), 45.0)
        assert {"z_kitchen", "switch.secret_plug"} <= set(taken[0].devices)
        assert taken[0].devices["z_kitchen"].area == "kitchen"
        assert (await home.turn_on("switch.secret_plug")).on  # routed to Home Assistant, not refused
        assert "switch.secret_plug" in str(fake.calls[-1])
