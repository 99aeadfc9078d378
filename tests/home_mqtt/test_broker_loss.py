"""The broker of Zigbee2MQTT and Tasmota going away mid-test (a real mosquitto stopped and started again,
with persistence, as a restart of the broker would be): ting's MQTT client tells the backends
(``on_disconnected``), their devices are unavailable and a command is answered "can't be reached" at
once; when the broker is back they ask every device for its state (``/get``, ``STATE``), so a change
made while ting could not see it is known."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack
from typing import Any

import aiomqtt
import pytest

from tests.conftest import Mosquitto, mqtt_settings_for
from tests.home_ha.fake_ha import wait_until
from tests.home_mqtt.conftest import tasmota_settings, unique, z2m_settings
from tests.home_mqtt.sim_tasmota import TasmotaPlug
from tests.home_mqtt.sim_z2m import Z2mBridge
from ting.errors import DeviceUnavailableError
from ting.mqtt.client import HermesClient
from ting.nlu import IntentRecognizer, SentenceFile, load_household
from ting.nlu.registry import Household
from ting.server.home_mqtt.household import Listed, join
from ting.server.home_mqtt.tasmota import TasmotaHome
from ting.server.home_mqtt.zigbee2mqtt import Zigbee2MqttHome
from ting.settings import MqttSettings
from ting.skills.home import skill as home_skill
from ting.skills.sdk import DeviceState, HomeBackend
from ting.skills.sdk.testing import SkillHarness, make_services

WAIT_SECONDS = 45.0


@pytest.fixture
def mqtt(persistent_mosquitto: Mosquitto) -> MqttSettings:
    return mqtt_settings_for(persistent_mosquitto.address)


async def harness(home: HomeBackend, listed: Mapping[str, Listed]) -> SkillHarness:
    demo = load_household(None)
    bare = Household(
        areas=demo.areas, devices={}, scenes={}, domain_names=demo.domain_names, floors=demo.floors
    )
    household = join(bare, listed)
    services = await make_services(household=household, home=home)
    files = [SentenceFile("home", lang, path) for lang, path in home_skill.sentence_files().items()]
    return SkillHarness([home_skill], {"home": services}, IntentRecognizer.from_files(files, household))


@contextlib.asynccontextmanager
async def gone_quietly(running: contextlib.AbstractAsyncContextManager[Any]) -> AsyncIterator[Any]:
    """A simulated device whose connection the broker's restart ended: closing it may fail."""
    entered = await running.__aenter__()
    try:
        yield entered
    finally:
        with contextlib.suppress(aiomqtt.MqttError):
            await running.__aexit__(None, None, None)


async def test_zigbee2mqtt_devices_are_unreachable_while_the_broker_is_away(
    persistent_mosquitto: Mosquitto, mqtt: MqttSettings
) -> None:
    broker, base, session = persistent_mosquitto, unique("z2m"), f"sim-z2m-{uuid.uuid4().hex[:6]}"
    async with AsyncExitStack() as stack:
        bridge = await stack.enter_async_context(
            gone_quietly(Z2mBridge(broker.address, base=base, session=session).running())
        )
        home = await stack.enter_async_context(
            Zigbee2MqttHome(z2m_settings(base), mqtt, server_id=unique("srv"))
        )
        await home.wait_described()
        speaker = await harness(home, home.listed())
        assert (await home.get_state("kitchen_light")).on is False

        broker.stop()
        await wait_until(lambda: not home.link.client.publishable, WAIT_SECONDS)
        assert (await home.get_state("kitchen_light")).available is False
        assert not any(state.available for state in (await home.states()).values())
        with pytest.raises(DeviceUnavailableError, match="broker is unreachable"):
            await home.turn_on("kitchen_light")
        answer = await speaker.ask("打开厨房灯", lang="zh")
        assert (answer.ok, answer.text) == (False, "抱歉，厨房灯现在连接不上。")
        answer = await speaker.ask("turn on the kitchen light", lang="en")
        assert answer.text == "Sorry, the kitchen light can't be reached right now."

        bridge.state["Kitchen Light"]["state"] = "ON"  # the wall switch, while nobody could hear it
        broker.start()
        # The bridge's session kept its subscription: ting's /get waits for it in the broker.
        again = Z2mBridge(broker.address, base=base, session=session)
        again.state = bridge.state
        await stack.enter_async_context(gone_quietly(again.running()))
        await wait_until(lambda: home.link.client.publishable, WAIT_SECONDS)
        await wait_until(lambda: (home.cache.state("kitchen_light") or _off()).on is True, WAIT_SECONDS)
        assert (await home.get_state("kitchen_light")).available
        assert any(topic == f"{base}/Kitchen Light/get" for topic, _ in again.commands)
        answer = await speaker.ask("关掉厨房灯", lang="zh")
        assert answer.ok, answer.text


async def test_tasmota_relays_are_unreachable_while_the_broker_is_away(
    persistent_mosquitto: Mosquitto, mqtt: MqttSettings
) -> None:
    broker = persistent_mosquitto
    topic, mac, prefix = unique("tasmota"), uuid.uuid4().hex[:12].upper(), f"{unique('disc')}/discovery"
    session = f"sim-{topic}"

    def plug() -> TasmotaPlug:
        return TasmotaPlug(broker.address, topic=topic, mac=mac, discovery_prefix=prefix, session=session)

    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(gone_quietly(plug().running()))
        home = await stack.enter_async_context(
            TasmotaHome(tasmota_settings(first), mqtt, server_id=unique("srv"))
        )
        await home.wait_discovered()
        speaker = await harness(home, home.listed())
        await wait_until(lambda: home.cache.state("fan_plug") is not None, WAIT_SECONDS)
        assert (await home.get_state("fan_plug")).on is False

        broker.stop()
        await wait_until(lambda: not home.link.client.publishable, WAIT_SECONDS)
        assert (await home.get_state("fan_plug")).available is False
        assert (await home.states())["fan_plug"].available is False
        answer = await speaker.ask("打开风扇插座", lang="zh")
        assert (answer.ok, answer.text) == (False, "抱歉，风扇插座现在连接不上。")

        second = plug()
        second.power[2] = True  # the plug's button, pressed while the broker was down
        broker.start()
        await stack.enter_async_context(gone_quietly(second.running()))
        await wait_until(lambda: home.link.client.publishable, WAIT_SECONDS)
        await wait_until(lambda: (home.cache.state("fan_plug") or _off()).on is True, WAIT_SECONDS)
        assert any(command == "STATE" for command, _ in second.commands)
        answer = await speaker.ask("关掉风扇插座", lang="zh")
        assert answer.ok, answer.text
        assert second.power[2] is False


async def test_the_hook_is_told_of_a_lost_connection_not_of_a_close(
    restartable_mosquitto: Mosquitto,
) -> None:
    told: list[str] = []
    settings = mqtt_settings_for(restartable_mosquitto.address)

    def lost(client: HermesClient) -> None:
        told.append(client.site_id)
        raise RuntimeError("a hook's bug")  # logged; reconnecting goes on

    async with HermesClient(
        settings, site_id=unique("hook"), role="client", on_disconnected=[lost]
    ) as client:
        await client.wait_connected(WAIT_SECONDS)
        restartable_mosquitto.stop()
        await wait_until(lambda: len(told) == 1, WAIT_SECONDS)
        restartable_mosquitto.start()
        await client.wait_connected(WAIT_SECONDS)
    assert told == [client.site_id]  # closing told nobody


def _off() -> DeviceState:
    return DeviceState(on=False)
