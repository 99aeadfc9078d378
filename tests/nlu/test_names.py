"""``names`` lists: values supplied while running (the music library's names) in the NLU and the grammar."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ting.errors import NluError
from ting.messages import GrammarAnnouncement
from ting.nlu import IntentRecognizer, SentenceFile, load_household
from ting.nlu.grammar import export
from ting.nlu.lists import MatchContext, build_list
from ting.nlu.names import NameList, SlotNames
from ting.nlu.sentences import load_sentence_file, parse_sentences

MEDIA = Path(__file__).resolve().parents[2] / "skills" / "media" / "sentences"
LIBRARY = {
    "media.artist": ["周杰倫", "The Beatles", "Miles Davis", "少女時代"],
    "media.title": ["晴天", "Yesterday", "さくら", "So What", "다시 만난 세계"],
    "media.album": ["Fantasy", "范特西"],
    "media.genre": ["Cantopop"],
}


@pytest.fixture(scope="module")
def media() -> IntentRecognizer:
    files = [SentenceFile("media", lang, MEDIA / f"{lang}.yaml") for lang in ("zh", "en")]
    recognizer = IntentRecognizer.from_files(files, load_household(None))
    recognizer.slot_names.update(LIBRARY)
    return recognizer


def slots(recognizer: IntentRecognizer, text: str, lang: str | None = None) -> tuple[str, dict[str, object]]:
    found = recognizer.recognize(text, lang=lang)
    assert found is not None, text
    return found.intent_name, found.slot_values()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("播放周杰伦晴天", {"artist": "周杰倫", "song": "晴天"}),  # artist then title, no 的
        ("放周杰倫的晴天", {"artist": "周杰倫", "song": "晴天"}),
        ("播放周杰伦", {"artist": "周杰倫"}),
        ("播放周杰伦的歌", {"artist": "周杰倫"}),
        ("play Yesterday by the Beatles", {"song": "Yesterday", "artist": "The Beatles"}),
        ("play the beatles yesterday", {"artist": "The Beatles", "song": "Yesterday"}),
        ("play the album Fantasy", {"album": "Fantasy"}),
        ("play Fantasy", {"album": "Fantasy"}),
        ("play the beatles", {"artist": "The Beatles"}),
        ("play miles davis so what", {"artist": "Miles Davis", "song": "So What"}),
        ("play some cantopop", {"genre": "Cantopop"}),
        ("放点爵士乐", {"genre": "jazz"}),  # the skill's own genre list still first
        # names in the other script, or in neither script of the templates
        ("play 晴天", {"song": "晴天"}),
        ("播放Yesterday", {"song": "Yesterday"}),
        ("play さくら", {"song": "さくら"}),
        ("播放少女时代的다시 만난 세계", {"artist": "少女時代", "song": "다시 만난 세계"}),
        # not in the library: the words as said, as before
        ("播放林俊杰的江南", {"artist": "林俊杰", "song": "江南"}),
        ("play Penny Lane by the Beatles", {"song": "Penny Lane", "artist": "The Beatles"}),
    ],
)
def test_library_names_fill_the_media_slots(
    media: IntentRecognizer, text: str, expected: dict[str, object]
) -> None:
    intent, values = slots(media, text)
    assert intent == "music.play"
    assert values == expected


def test_names_arrive_and_change_while_running() -> None:
    files = [SentenceFile("media", "zh", MEDIA / "zh.yaml")]
    names = SlotNames()
    recognizer = IntentRecognizer.from_files(files, load_household(None), names=names)
    # Before any names: the words as said (artist and title run together; 木子 is no well-known artist).
    assert slots(recognizer, "播放木子江南")[1] == {"song": "木子江南"}
    assert names.set("media.artist", ["木子"]) and names.set("media.title", ["江南"])
    assert not names.set("media.title", ["江南"])  # the same names again change nothing
    assert slots(recognizer, "播放木子江南")[1] == {"artist": "木子", "song": "江南"}
    names.set("media.artist", [])
    assert slots(recognizer, "播放木子江南")[1] == {"song": "木子江南"}


def test_a_closed_names_list_without_names_matches_nothing_and_an_open_one_anything() -> None:
    data = {
        "intents": {"x.known": ["play {known}"], "x.any": ["hear {any}"]},
        "lists": {"known": {"names": "test.names"}, "any": {"names": {"source": "test.names", "open": True}}},
    }
    sentences = parse_sentences(data, "en")
    recognizer = IntentRecognizer([sentences], load_household(None))
    assert recognizer.recognize("play blue moon", lang="en") is None
    assert slots(recognizer, "hear blue moon", "en") == ("x.any", {"any": "blue moon"})
    recognizer.slot_names.set("test.names", ["Blue Moon"])
    assert slots(recognizer, "play blue moon", "en") == ("x.known", {"known": "Blue Moon"})


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ({"names": {}}, "needs a 'source'"),
        ({"names": {"source": ""}}, "needs a 'source'"),
        ({"names": {"source": "a", "shut": True}}, "unknown key"),
        ({"names": 3}, "needs a 'source'"),
    ],
)
def test_bad_names_lists_are_refused_with_the_reason(spec: dict[str, object], problem: str) -> None:
    with pytest.raises(NluError, match=problem):
        build_list("artist", spec)


def test_a_names_list_is_built_from_its_spec() -> None:
    assert build_list("a", {"names": {"source": "media.artist", "open": True}}) == NameList(
        "a", "media.artist", open=True
    )
    assert build_list("a", {"names": "media.artist"}) == NameList("a", "media.artist")


def test_the_grammar_says_every_supplied_name_in_a_sentence() -> None:
    sentences = [load_sentence_file(MEDIA / f"{lang}.yaml", lang) for lang in ("zh", "en")]
    household = load_household(None)
    zh = json.loads(export(sentences, household, "zh", "vosk", names=LIBRARY))
    en = json.loads(export(sentences, household, "en", "vosk", names=LIBRARY))
    for name in ("周 杰 伦", "晴 天", "范 特 西"):
        assert any(name in phrase and phrase != name for phrase in zh), name
    for name in ("the beatles", "yesterday", "fantasy", "so what", "cantopop"):
        assert any(name in phrase.split(" ", 1)[-1] and phrase != name for phrase in en), name
    assert not any("晴" in phrase for phrase in en)  # Chinese names stay out of the English grammar
    without = json.loads(export(sentences, household, "en", "vosk"))
    assert not any("yesterday" in phrase for phrase in without)
    jsgf = export(sentences, household, "en", "jsgf", compact=True, names=LIBRARY)
    assert "yesterday" in jsgf and "the beatles" in jsgf


def test_the_grammar_keeps_the_most_wanted_names_when_it_must_choose() -> None:
    sentences = [load_sentence_file(MEDIA / "en.yaml", "en")]
    many = {"media.title": [f"song number {index}" for index in range(40)]}
    jsgf = export(sentences, load_household(None), "en", "jsgf", compact=True, names=many)
    rule = next(line for line in jsgf.splitlines() if "song number" in line)
    assert "song number zero |" in rule and "song number eleven;" in rule
    # compact: the first (most played) names only
    assert "song number twelve" not in rule and "thirty nine" not in rule


def test_names_travel_in_the_grammar_announcement() -> None:
    message = GrammarAnnouncement(lang="zh", vosk=["[unk]"], names={"media.artist": ["周杰伦"]})
    again = GrammarAnnouncement.from_mqtt("ting/nlu/grammar/zh", message.payload())
    assert again == message
    with pytest.raises(Exception, match="names"):
        GrammarAnnouncement.from_mqtt("ting/nlu/grammar/zh", b'{"lang": "zh", "names": {"a": [1]}}')


def test_a_wildcard_takes_at_most_its_max_tokens() -> None:
    wildcard = build_list("place", {"wildcard": {"max_tokens": 2}})
    context = MatchContext(now=datetime(2025, 3, 14, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")), lang="en")
    ends = [match.end for match in wildcard.match(["new", "york", "city", "today"], 0, context)]
    assert ends == [2, 1]
    with pytest.raises(NluError, match="max_tokens"):
        build_list("place", {"wildcard": {"max_tokens": 0}})
    with pytest.raises(NluError, match="max_tokens"):
        build_list("place", {"wildcard": {"longest": 3}})
