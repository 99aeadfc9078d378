"""Cover tilt and media-player volume through the home skill, in both languages; the media skill keeps
"volume 30" said without a device (the room's player)."""

from __future__ import annotations

import pytest

from ting.skills.home import skill as home_skill
from ting.skills.media import skill as media_skill
from ting.skills.sdk.testing import SkillHarness

NOW = "2026-12-03T19:00:00"


@pytest.fixture
async def harness() -> SkillHarness:
    return await SkillHarness.create(home_skill, now=NOW)


@pytest.mark.parametrize(
    ("text", "lang", "tilt", "said"),
    [
        ("把百叶窗的叶片调到三十", "zh", 30, "好的，卧室窗帘的叶片已调到百分之三十。"),
        ("卧室窗帘叶片角度调到百分之四十", "zh", 40, None),
        ("把卧室窗帘的叶片调到一半", "zh", 50, None),
        ("tilt the bedroom blinds to 30 percent", "en", 30, "Tilted the bedroom blinds to 30 percent."),
        ("set the slats of the bedroom blinds to 60", "en", 60, None),
        ("tilt the blinds halfway", "en", 50, None),
    ],
)
async def test_tilt(harness: SkillHarness, text: str, lang: str, tilt: int, said: str | None) -> None:
    answer = await harness.ask(text, lang=lang)
    assert answer.ok, answer.text
    assert (await harness.services.home.get_state("bedroom_blinds")).tilt_percent == tilt
    if said is not None:
        assert answer.text == said


@pytest.mark.parametrize(
    ("text", "lang", "volume"),
    [
        ("把客厅音箱的音量调到三十", "zh", 30),
        ("客厅音箱音量调到百分之二十", "zh", 20),
        ("set the volume of the living room speaker to 40", "en", 40),
        ("set the living room speaker volume to 25 percent", "en", 25),
    ],
)
async def test_volume(harness: SkillHarness, text: str, lang: str, volume: int) -> None:
    answer = await harness.ask(text, lang=lang)
    assert answer.ok, answer.text
    assert (await harness.services.home.get_state("living_room_speaker")).volume_percent == volume


async def test_a_device_without_it_says_so(harness: SkillHarness) -> None:
    answer = await harness.ask("tilt the garage door to 30 percent", lang="en")
    assert not answer.ok and "slats" in answer.text
    answer = await harness.ask("把卧室风扇的音量调到三十", lang="zh")
    assert (answer.ok, answer.text) == (False, "卧室风扇不能调音量。")


async def test_volume_without_a_device_stays_the_media_skill_s() -> None:
    harness = await SkillHarness.create(home_skill, media_skill, now=NOW)
    for text, lang, intent in (
        ("音量调到三十", "zh", "volume.set"),
        ("set the volume to 30", "en", "volume.set"),
        ("把客厅音箱的音量调到三十", "zh", "home.set_volume"),
        ("set the living room speaker volume to 25 percent", "en", "home.set_volume"),
    ):
        recognition = harness.understand(text, lang=lang, site_id="living_room")
        assert recognition is not None and recognition.intent_name == intent, text
