"""When only the library's names change, the device's NLU is not rebuilt: its second pass learns the names,
and it reads every sentence as a whole rebuild with those names reads it; a name removed is no longer read as
a name; names after the ones its training says change nothing; a changed household file is rebuilt whole.

The real NLU built from the skills' sentence files, compared with one built whole (``build_recognizer``)."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from ting.device.nlu import DeviceNlu, GrammarUpdate, build_recognizer
from ting.messages import GrammarAnnouncement
from ting.nlu import IntentRecognizer, Recognition
from ting.nlu.fallback.samples import MAX_LIST_VALUES
from ting.nlu.names import SlotNames
from ting.settings import HouseholdSettings, Settings

_SITE = "kitchen"
OLD = {"media.artist": ["Adele", "周杰伦"], "media.title": ["Hello", "晴天"]}
NEW = {
    "media.artist": ["Norah Jones", "陈奕迅", "周杰伦"],
    "media.title": ["Come Away With Me", "十年", "晴天"],
}
"""The scan found Norah Jones and 陈奕迅 and lost Adele."""
SENTENCES = (
    ("en", "play Come Away With Me by Norah Jones"),
    ("zh", "播放陈奕迅的十年"),
    ("zh", "我想听陈奕迅的十年"),
    ("en", "norah jones please"),  # the second pass's: it learned the name, or reads no artist
    ("en", "how about norah jones"),
    ("en", "can you put norah jones on"),
    ("en", "play Adele"),  # names removed
    ("en", "adele please"),
    ("en", "play hello by adele"),
    ("en", "what time is it"),
    ("zh", "把客厅的灯打开"),
)


def _grammar(lang: str, version: str, names: Mapping[str, Sequence[str]]) -> GrammarAnnouncement:
    return GrammarAnnouncement(
        lang=lang, vosk=["[unk]"], version=version, names={k: list(v) for k, v in names.items()}
    )


def _rebuilt_whole(settings: Settings, names: Mapping[str, Sequence[str]]) -> IntentRecognizer:
    supplied = SlotNames()
    supplied.update(names)
    return build_recognizer(settings, supplied)[0]


def _read(nlu: DeviceNlu, lang: str, text: str) -> Recognition | None:
    return nlu.understand(
        text, lang=lang, site_id=_SITE, session_id="s", wakeword_id=None, asr_confidence=None
    )[1]


def _read_alike(nlu: DeviceNlu, whole: IntentRecognizer, sentences: Sequence[tuple[str, str]]) -> None:
    area = whole.household.area_for_site(_SITE)
    for lang, text in sentences:
        assert _read(nlu, lang, text) == whole.recognize(text, lang=lang, area=area), text


def test_new_names_are_learned_without_a_rebuild_and_read_as_a_whole_rebuild_reads_them() -> None:
    settings = Settings()
    nlu = DeviceNlu(settings)
    assert nlu.on_grammar(_grammar("en", "1", OLD)) is GrammarUpdate.FIRST
    assert nlu.on_grammar(_grammar("zh", "1", OLD)) is GrammarUpdate.FIRST
    assert nlu.wait_settled(120) and nlu.up_to_date
    assert nlu.rebuilds == 1 and nlu.whole_rebuilds == 0  # the first copy's names learned, nothing built
    found = _read(nlu, "en", "adele please")
    assert found is not None and found.slot_values() == {"artist": "Adele"} and found.source == "statistical"

    assert nlu.on_grammar(_grammar("en", "2", NEW)) is GrammarUpdate.CHANGED  # the library's scan
    assert nlu.wait_settled(120) and nlu.up_to_date
    assert nlu.rebuilds == 2 and nlu.whole_rebuilds == 0
    _read_alike(nlu, _rebuilt_whole(settings, NEW), SENTENCES)
    found = _read(nlu, "en", "norah jones please")
    assert found is not None and found.slot_values() == {"artist": "Norah Jones"}
    for text in ("play Adele", "adele please"):  # the words as said, no more the library's Adele
        found = _read(nlu, "en", text)
        assert found is not None and found.slot_values() == {"artist": "adele"}


def test_names_after_the_ones_the_second_pass_says_change_nothing_it_learned() -> None:
    settings = Settings()
    nlu = DeviceNlu(settings)
    artists = [f"Singer {chr(ord('A') + index)}" for index in range(MAX_LIST_VALUES)]
    before = {"media.artist": [*artists, "Norah Jones"]}
    nlu.on_grammar(_grammar("en", "1", before))
    assert nlu.wait_settled(120) and nlu.rebuilds == 1
    after = {"media.artist": [*artists, "Ella Fitzgerald"]}  # a name after the first ones trained on
    assert nlu.on_grammar(_grammar("en", "2", after)) is GrammarUpdate.CHANGED
    assert nlu.wait_settled(120) and nlu.up_to_date
    assert nlu.rebuilds == 1 and nlu.whole_rebuilds == 0  # nothing to learn: nothing swapped
    sentences = [
        ("en", "play Ella Fitzgerald"),
        ("en", "how about ella fitzgerald"),
        ("en", "play Norah Jones"),
    ]
    _read_alike(nlu, _rebuilt_whole(settings, after), sentences)


def test_a_changed_household_file_is_rebuilt_whole(tmp_path: Path) -> None:
    registry = tmp_path / "home.yaml"
    shutil.copy(Path(__file__).parents[2] / "ting" / "data" / "demo-home.yaml", registry)
    settings = Settings(household=HouseholdSettings(registry_file=registry))
    nlu = DeviceNlu(settings)
    nlu.on_grammar(_grammar("en", "1", OLD))
    assert nlu.wait_settled(120) and nlu.whole_rebuilds == 0
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("desk lamp, study light", "reading lamp, study light"), encoding="utf-8")
    nlu.on_grammar(_grammar("en", "2", OLD))  # the server's grammar names the renamed lamp
    assert nlu.wait_settled(120) and nlu.up_to_date and nlu.whole_rebuilds == 1
    found = _read(nlu, "en", "turn on the reading lamp")
    assert found is not None and found.intent_name == "home.turn_on"
    _read_alike(nlu, _rebuilt_whole(settings, OLD), [("en", "turn on the reading lamp"), *SENTENCES])
