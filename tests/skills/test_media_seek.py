"""``music.seek`` (skill-owned): the media skill's sentences for seeking, in both languages, and its
answers through the SDK kit's MemoryMedia."""

from __future__ import annotations

import pytest

from ting.skills.media import skill
from ting.skills.sdk import Station, Track
from ting.skills.sdk.testing import MemoryMedia, SkillHarness

TRACKS = [Track("1", "晴天", "周杰伦", "叶惠美", "流行", 1, 269.0)]
STATIONS = [Station("cnr1", "中国之声", "China National Radio", "http://127.0.0.1:9/cnr1")]


async def harness() -> SkillHarness:
    return await SkillHarness.create(skill, media=MemoryMedia(TRACKS, STATIONS, sites=["den"]))


def player_position(h: SkillHarness) -> float:
    media = h.services.media
    assert isinstance(media, MemoryMedia)
    return media.players["den"].position_seconds


@pytest.mark.parametrize(
    ("text", "lang", "direction", "seconds"),
    [
        ("快进三十秒", "zh", "forward", 30),
        ("往回倒十秒", "zh", "back", 10),
        ("跳到两分钟", "zh", "to", 120),
        ("从头播放", "zh", "start", None),
        ("skip ahead 30 seconds", "en", "forward", 30),
        ("go back 10 seconds", "en", "back", 10),
        ("jump to 2 minutes", "en", "to", 120),
        ("start this song over", "en", "start", None),
        ("后退十秒", "zh", "back", 10),
        ("这首歌重新播放", "zh", "start", None),
        ("fast forward 1 minute", "en", "forward", 60),
        ("rewind 30 seconds", "en", "back", 30),
        ("restart this track", "en", "start", None),
    ],
)
async def test_seek_sentences_parse(text: str, lang: str, direction: str, seconds: int | None) -> None:
    h = await harness()
    parsed = h.understand(text, lang=lang)
    assert parsed is not None and parsed.intent_name == "music.seek", parsed
    slots = parsed.slot_values()
    assert slots.get("direction") == direction
    assert (float(slots["duration"]) if seconds is not None else None) == seconds


async def test_seek_moves_the_player_and_answers_briefly() -> None:
    h = await harness()
    await h.ask("播放晴天", site_id="den")
    assert (await h.ask("快进三十秒", site_id="den")).text == "快进了三十秒。"
    assert player_position(h) == 30
    assert (await h.ask("往回倒十秒", site_id="den")).text == "后退了十秒。"
    assert player_position(h) == 20
    assert (await h.ask("jump to 2 minutes", lang="en", site_id="den")).text == "Jumped to 2 minutes."
    assert player_position(h) == 120
    assert (await h.ask("start this song over", lang="en", site_id="den")).text == "From the start."
    assert player_position(h) == 0
    too_far = await h.ask("跳到十分钟", site_id="den")
    assert not too_far.ok and too_far.text.startswith("这首歌只有") and player_position(h) == 0


async def test_seek_says_when_nothing_plays_or_a_stream_plays() -> None:
    h = await harness()
    idle = await h.ask("快进三十秒", site_id="den")
    assert not idle.ok and idle.text == "现在没有在放音乐。"
    await h.ask("播放中国之声", site_id="den")
    live = await h.ask("skip ahead 30 seconds", lang="en", site_id="den")
    assert not live.ok and live.text == "Live radio can't skip."


async def test_skip_and_go_back_alone_still_change_the_track() -> None:
    h = await harness()
    alone = [
        ("skip ahead", "en", "music.next"),
        ("go back", "en", "music.previous"),
        ("下一首", "zh", "music.next"),
        ("上一首", "zh", "music.previous"),
    ]
    for text, lang, intent in alone:
        parsed = h.understand(text, lang=lang)
        assert parsed is not None and parsed.intent_name == intent, text
