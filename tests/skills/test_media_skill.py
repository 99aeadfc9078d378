"""The media skill through its sentences and the SDK kit's MemoryMedia (searching with the server's index)."""

from __future__ import annotations

import pytest

from ting.skills.media import skill
from ting.skills.sdk import Playlist, PlayState, Station, Track
from ting.skills.sdk.testing import MemoryMedia, SkillHarness

TRACKS = [
    Track("1", "晴天", "周杰伦", "叶惠美", "流行", 1, 269.0),
    Track("2", "以父之名", "周杰伦", "叶惠美", "流行", 2, 342.0),
    Track("5", "Take Five", "Dave Brubeck", "Time Out", "Jazz", 3, 324.0),
    Track("6", "So What", "Miles Davis", "Kind of Blue", "Jazz", 1, 562.0),
]
STATIONS = [Station("cnr1", "中国之声", "China National Radio", "http://127.0.0.1:9/cnr1")]


async def harness(sites: list[str] | None = None, tracks: list[Track] | None = None) -> SkillHarness:
    media = MemoryMedia(TRACKS if tracks is None else tracks, STATIONS, sites=sites)
    return await SkillHarness.create(skill, media=media)


def media_of(h: SkillHarness) -> MemoryMedia:
    assert isinstance(h.services.media, MemoryMedia)
    return h.services.media


async def test_play_a_song_by_an_artist_says_what_it_plays() -> None:
    h = await harness()
    answer = await h.ask("播放周杰伦的晴天", site_id="kitchen")
    assert answer.ok and answer.text == "正在播放周杰伦的晴天。"
    player = media_of(h).players["kitchen"]
    assert player.state is PlayState.PLAYING and [t.id for t in player.queue] == ["1"]
    english = await h.ask("play Take Five by Dave Brubeck", lang="en", site_id="kitchen")
    assert english.text == "Playing Take Five by Dave Brubeck."


async def test_a_misheard_artist_is_found_and_named_as_the_library_spells_it() -> None:
    h = await harness()
    answer = await h.ask("播放周杰轮的歌", site_id="den")
    assert answer.ok and answer.text == "正在播放周杰伦的歌，先听晴天。"
    assert [t.id for t in media_of(h).players["den"].queue] == ["1", "2"]


async def test_a_genre_shuffles_its_tracks() -> None:
    h = await harness()
    answer = await h.ask("play some jazz", lang="en")
    assert answer.ok and answer.text.startswith("Playing jazz: ")
    assert {t.id for t in media_of(h).players["default"].queue} == {"5", "6"}


async def test_nothing_matching_says_so_and_offers_the_closest() -> None:
    h = await harness()
    answer = await h.ask("播放周华健的歌")
    assert not answer.ok and answer.text == "音乐库里没有找到周华健。你是不是想听周杰伦？"
    assert media_of(h).commands == []
    empty = await (await harness(tracks=[])).ask("随便放点歌")
    assert not empty.ok and "media.library_folders" in empty.text


async def test_radio_by_name_and_the_radio() -> None:
    h = await harness()
    answer = await h.ask("播放中国之声")
    assert answer.ok and answer.text == "正在播放中国之声。"
    assert media_of(h).players["default"].station == STATIONS[0]
    english = await h.ask("play the radio", lang="en")
    assert english.text == "Playing China National Radio."


@pytest.mark.parametrize(
    ("said", "lang", "state", "text"),
    [
        ("暂停", "zh", PlayState.PAUSED, "已暂停。"),
        ("stop the music", "en", PlayState.STOPPED, "Stopped the music."),
        ("别放了", "zh", PlayState.STOPPED, "已停止播放。"),
    ],
)
async def test_controls_act_on_the_asking_rooms_player(
    said: str, lang: str, state: PlayState, text: str
) -> None:
    h = await harness()
    await h.ask("播放周杰伦的歌", site_id="kitchen")
    await h.ask("播放周杰伦的歌", site_id="den")
    answer = await h.ask(said, lang=lang, site_id="kitchen")
    assert answer.ok and answer.text == text
    assert media_of(h).players["kitchen"].state is state
    assert media_of(h).players["den"].state is PlayState.PLAYING


async def test_next_previous_and_what_is_playing() -> None:
    h = await harness()
    await h.ask("播放周杰伦的歌")
    assert (await h.ask("下一首")).text == "下一首。"
    assert (await h.ask("这是什么歌")).text == "这是周杰伦的以父之名。"
    assert (await h.ask("previous track", lang="en")).text == "Previous track."
    assert (await h.ask("what's playing", lang="en")).text == "This is 晴天 by 周杰伦."
    await h.ask("暂停")
    assert (await h.ask("这是什么歌")).text == "暂停中：周杰伦的晴天。"


async def test_volume_sets_and_moves_the_players_volume() -> None:
    h = await harness()
    await h.ask("播放周杰伦的歌")
    assert (await h.ask("音量调到三十")).text == "音量30。"
    assert media_of(h).players["default"].volume == 30
    assert (await h.ask("louder", lang="en")).text == "Turned it up."
    assert media_of(h).players["default"].volume == 40


async def test_no_player_and_nothing_playing_are_said_clearly() -> None:
    h = await harness(sites=["kitchen"])
    answer = await h.ask("播放周杰伦的歌", site_id="garage")
    assert not answer.ok and "没有播放器" in answer.text
    paused = await h.ask("暂停", site_id="kitchen")
    assert not paused.ok and paused.text == "现在没有在放音乐。"


async def test_a_playlist_plays_its_tracks_in_order_and_an_unknown_one_is_searched() -> None:
    running = Playlist("跑步", (TRACKS[3], TRACKS[0]))
    media = MemoryMedia(TRACKS, STATIONS, playlists=[running, Playlist("空", ())])
    h = await SkillHarness.create(skill, media=media)
    answer = await h.ask("播放我的跑步歌单", site_id="gym")
    assert answer.ok and answer.text == "正在播放歌单《跑步》：Miles Davis的So What。"
    assert [t.id for t in media.players["gym"].queue] == ["6", "1"]
    empty = await h.ask("播放我的空歌单", site_id="gym")
    assert not empty.ok and empty.text == "歌单《空》里的歌音乐库里都没有。"
    unknown = await h.ask("play my jazz playlist", lang="en", site_id="gym")
    assert not unknown.ok and "couldn't find" in unknown.text
