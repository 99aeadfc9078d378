"""Music asked for by what it is like (docs/nlu.md, "Phrasing kinds"): any description before a genre
(哄睡的儿歌, 适合跑步的电子乐) is no artist, and the genre said alone, often as a second clause that picks
what to play (放点轻音乐，古典的就行; 来点音乐吧，要摇滚的), is the genre. Sentences written for these tests
(none from a corpus), read by the shipped skills' templates over the demo household, with the near cases:
a known artist before 的 stays the artist, a description before a word that is no genre stays as said."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PLAY = "music.play"

CASES: list[tuple[str, dict[str, Any]]] = [
    # a description of any words before the genre
    ("放点能让宝宝睡着的摇篮曲", {"genre": "children"}),
    ("来点适合跑步的电子乐", {"genre": "electronic"}),
    ("给我放些节奏感强的摇滚", {"genre": "rock"}),
    ("我想听那种很安静的古典音乐", {"genre": "classical"}),
    ("放点下雨天听的爵士", {"genre": "jazz"}),
    # the genre alone, or as the clause that picks it
    ("民谣吧", {"genre": "folk"}),
    ("古典的就行", {"genre": "classical"}),
    ("想听歌，流行的", {"genre": "pop"}),
    ("来点音乐吧，要摇滚的", {"genre": "rock"}),
    ("放首曲子，还是爵士吧", {"genre": "jazz"}),
    # near: a known artist before 的 is the artist; a description before a word that is no genre
    ("放点周杰伦的歌", {"artist": "周杰伦"}),
    ("放首孙燕姿的遇见", {"artist": "孙燕姿", "song": "遇见"}),
    ("放点邓丽君的民歌", {"artist": "邓丽君", "song": "民歌"}),
]


@pytest.mark.parametrize(("text", "slots"), CASES)
def test_music_described(catalog_recognizer: IntentRecognizer, text: str, slots: dict[str, Any]) -> None:
    found = catalog_recognizer.recognize(text, lang="zh", now=NOW, statistical=False)
    assert found is not None
    assert (found.intent_name, found.slot_values()) == (PLAY, slots)


@pytest.mark.parametrize("text", ["我不喜欢摇滚", "摇滚太吵了"])
def test_a_genre_in_a_remark_is_no_request(catalog_recognizer: IntentRecognizer, text: str) -> None:
    assert catalog_recognizer.recognize(text, lang="zh", now=NOW, statistical=False) is None
