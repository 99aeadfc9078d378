"""``DeviceState``'s JSON round trip and ``SimulatedHome``'s commands for the device kinds of real homes."""

from __future__ import annotations

import json

import pytest

from ting.errors import HomeError
from ting.nlu import load_household
from ting.nlu.registry import Household
from ting.skills.sdk import DeviceState, HomeBackend
from ting.skills.sdk.colors import COLORS, color_name, hs_to_rgb, rgb_to_hs
from ting.skills.sdk.home import fan_step, fan_step_percent
from ting.skills.sdk.simulated_home import SimulatedHome
from ting.skills.sdk.testing import MemoryStore

FULL = DeviceState(
    on=True, brightness_percent=40, temperature_c=24.5, available=False, position_percent=50, tilt_percent=20,
    locked=False, fan_percent=66, oscillating=True, rgb=(0, 0, 255), color_temp_kelvin=3000, hvac_mode="cool",
    fan_mode="low", current_temperature_c=27.5, value=45.0, activity="cleaning", volume_percent=30,
    media_title="夜曲",
)  # fmt: skip


@pytest.mark.parametrize("state", [DeviceState(), DeviceState(on=True, brightness_percent=20), FULL])
def test_device_state_round_trips_through_json(state: DeviceState) -> None:
    data = json.loads(json.dumps(state.to_json(), ensure_ascii=False))
    assert DeviceState.from_json(data) == state


def test_device_state_json_keeps_the_three_old_keys_and_only_known_new_ones() -> None:
    assert DeviceState(on=True).to_json() == {"on": True, "brightness_percent": None, "temperature_c": None}
    assert DeviceState(locked=True).to_json()["locked"] is True
    assert "available" in DeviceState(available=False).to_json()


def test_a_device_state_of_the_wrong_shape_is_a_home_error() -> None:
    with pytest.raises(HomeError, match="not a device state"):
        DeviceState.from_json({"rgb": [1, 2]})
    with pytest.raises(HomeError):
        DeviceState.from_json({"fan_percent": "fast"})


def test_colours() -> None:
    assert COLORS["blue"].rgb == (0, 0, 255) and COLORS["blue"].zh == "蓝色"
    assert rgb_to_hs((255, 0, 0)) == (0.0, 100.0)
    assert rgb_to_hs((0, 0, 255)) == (240.0, 100.0)
    assert hs_to_rgb(120, 100) == (0, 255, 0)
    assert color_name((10, 10, 240), "zh") == "蓝色" and color_name((250, 5, 5), "en") == "red"


@pytest.fixture
def household() -> Household:
    return load_household(None)


@pytest.fixture
async def home(household: Household) -> SimulatedHome:
    return await SimulatedHome.load(MemoryStore(), household)


async def test_cover_position_and_tilt(home: SimulatedHome) -> None:
    assert (await home.get_state("bedroom_blinds")).position_percent == 0
    state = await home.set_position("bedroom_blinds", 50)
    assert (state.on, state.position_percent) == (True, 50)
    assert (await home.set_tilt("bedroom_blinds", 30)).tilt_percent == 30
    assert (await home.turn_off("bedroom_blinds")).position_percent == 0
    with pytest.raises(HomeError, match="living_room_curtain cannot do position"):
        await home.set_position("living_room_curtain", 50)
    with pytest.raises(HomeError, match="outside 0–100"):
        await home.set_position("bedroom_blinds", 120)


async def test_lock_and_unlock(home: SimulatedHome) -> None:
    assert (await home.get_state("front_door_lock")).locked is True
    assert (await home.unlock("front_door_lock")).locked is False
    assert (await home.lock("front_door_lock")).locked is True
    with pytest.raises(HomeError):
        await home.lock("tv")
    with pytest.raises(HomeError, match="cannot be switched"):
        await home.turn_on("front_door_lock")


async def test_fan_speed_steps_and_oscillation(home: SimulatedHome, household: Household) -> None:
    fan = household.devices["bedroom_fan"]
    assert fan_step_percent(fan, 3) == 100 and fan_step_percent(fan, 1) == 33
    state = await home.set_fan_speed("bedroom_fan", fan_step_percent(fan, 2))
    assert (state.on, state.fan_percent, fan_step(fan, state.fan_percent)) == (True, 67, 2)
    assert (await home.set_oscillation("bedroom_fan", True)).oscillating is True
    assert not (await home.set_fan_speed("bedroom_fan", 0)).on
    with pytest.raises(HomeError, match="speeds 1–3"):
        fan_step_percent(fan, 4)
    with pytest.raises(HomeError):
        await home.set_fan_speed("range_hood", 50)


async def test_colour_and_colour_temperature(home: SimulatedHome) -> None:
    state = await home.set_color("living_room_strip", (0, 0, 255))
    assert (state.on, state.rgb, state.color_temp_kelvin) == (True, (0, 0, 255), None)
    state = await home.set_color_temperature("living_room_strip", 3000)
    assert (state.rgb, state.color_temp_kelvin) == (None, 3000)
    with pytest.raises(HomeError, match="outside 2700–6500 K"):
        await home.set_color_temperature("living_room_strip", 9000)
    with pytest.raises(HomeError):
        await home.set_color("living_room_light", (255, 0, 0))


async def test_hvac_and_fan_modes(home: SimulatedHome) -> None:
    state = await home.set_hvac_mode("study_ac", "cool")
    assert (state.on, state.hvac_mode, state.current_temperature_c) == (True, "cool", 24.5)
    assert (await home.set_fan_mode("study_ac", "high")).fan_mode == "high"
    assert not (await home.set_hvac_mode("study_ac", "off")).on
    with pytest.raises(HomeError, match="no mode 'turbo'"):
        await home.set_hvac_mode("study_ac", "turbo")
    with pytest.raises(HomeError):
        await home.set_hvac_mode("living_room_ac", "cool")


async def test_sensors_read_and_change_elsewhere(home: SimulatedHome) -> None:
    assert (await home.get_state("living_room_thermometer")).value == 24.5
    assert (await home.get_state("bedroom_humidity")).value == 45.0
    assert not (await home.get_state("bedroom_window")).on
    await home.set_reading("bedroom_window", on=True)
    assert (await home.get_state("bedroom_window")).on
    with pytest.raises(HomeError):
        await home.turn_on("bedroom_window")


async def test_vacuum_and_media_player(home: SimulatedHome) -> None:
    assert (await home.get_state("robot_vacuum")).activity == "docked"
    assert (await home.start("robot_vacuum")).activity == "cleaning"
    assert (await home.stop("robot_vacuum")).activity == "idle"
    assert (await home.return_home("robot_vacuum")).activity == "docked"
    assert (await home.start("living_room_speaker")).activity == "playing"
    assert (await home.set_volume("living_room_speaker", 40)).volume_percent == 40
    with pytest.raises(HomeError):
        await home.start("tv")


async def test_new_states_survive_a_reload(household: Household) -> None:
    store = MemoryStore()
    home = await SimulatedHome.load(store, household)
    await home.set_color("living_room_strip", (255, 0, 0))
    await home.unlock("front_door_lock")
    again = await SimulatedHome.load(store, household)
    assert (await again.get_state("living_room_strip")).rgb == (255, 0, 0)
    assert (await again.get_state("front_door_lock")).locked is False


async def test_a_bad_saved_state_is_dropped_with_a_warning(household: Household) -> None:
    store = MemoryStore()
    await store.put("device:living_room_strip", {"rgb": "blue"})
    home = await SimulatedHome.load(store, household)
    assert (await home.get_state("living_room_strip")).rgb is None


class _Minimal(HomeBackend):
    """A backend written before the new kinds: only the six original methods."""

    async def turn_on(self, device_id: str) -> DeviceState:
        return DeviceState(on=True)

    async def turn_off(self, device_id: str) -> DeviceState:
        return DeviceState()

    async def set_brightness(self, device_id: str, percent: int) -> DeviceState:
        return DeviceState()

    async def set_temperature(self, device_id: str, celsius: float) -> DeviceState:
        return DeviceState()

    async def get_state(self, device_id: str) -> DeviceState:
        return DeviceState()

    async def states(self) -> dict[str, DeviceState]:
        return {}


async def test_a_backend_without_a_kind_says_so() -> None:
    with pytest.raises(HomeError, match="_Minimal does not support lock"):
        await _Minimal().lock("front_door_lock")
