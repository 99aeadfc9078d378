"""A speech recognizer rebuilt for a grammar whose JSGF did not change (a big library's scan: the compact JSGF
says the first names of a list, most played first) keeps the PocketSphinx it has, and hears as a fresh one
does; a JSGF that changed (a small library's new track) gets a new one that hears the new name.

Real PocketSphinx with the skills' English grammar as the server announces it; espeak-ng says the commands."""

from __future__ import annotations

from pathlib import Path

from tests.device.agent_rig import silence, spoken
from ting.cli.nlu import household_of, sentence_data
from ting.device.stt import GrammarEngines, build_recognizer
from ting.messages import GrammarAnnouncement
from ting.nlu.names import SlotNames
from ting.server.grammar import announcement
from ting.settings import DeviceSettings, Settings

_DEVICE = DeviceSettings(stt_engine="pocketsphinx")
_TITLES = ["yellow", "fix you", "clocks", "hello", "skyfall", "someone like you", "rolling in the deep"]
_TITLES += ["yesterday", "let it be", "hey jude", "imagine", "help", "something"]
"""13 titles, most played first: the compact JSGF says the first 12."""


def _english(library: dict[str, list[str]]) -> GrammarAnnouncement:
    settings, names = Settings(), SlotNames()
    names.update(library)
    return announcement(sentence_data(settings), household_of(settings), "en", names)


def _heard(grammar: GrammarAnnouncement, engines: GrammarEngines | None, pcm: bytes) -> tuple[object, str]:
    recognizer = build_recognizer(
        _DEVICE, "en", phrases=grammar.vosk, jsgf=grammar.jsgf, grammar_engines=engines
    )
    return recognizer, recognizer.transcribe(pcm + silence(0.5)).text


def test_pocketsphinx_is_kept_for_the_same_jsgf_and_built_anew_for_another(tmp_path: Path) -> None:
    library = {"media.artist": ["adele", "coldplay"], "media.title": _TITLES}
    scanned = {**library, "media.title": [*_TITLES, "come away with me"]}  # the scan's new track: not played
    before, after = _english(library), _english(scanned)
    assert before.jsgf == after.jsgf and before.vosk != after.vosk  # the new title: after the first 12

    engines = GrammarEngines()
    command = spoken("turn on the kitchen light", tmp_path)
    first, text = _heard(before, engines, command)
    kept, kept_text = _heard(after, engines, command)
    assert kept is first and engines.kept == 1
    fresh, fresh_text = _heard(after, None, command)
    assert fresh is not first and kept_text == fresh_text == text == "turn on the kitchen light"

    small = _english({"media.title": ["come away with me"]})  # a small library: its JSGF names the track
    assert small.jsgf != before.jsgf
    song = spoken("play come away with me", tmp_path)
    new, new_text = _heard(small, engines, song)
    assert new is not first and engines.kept == 1
    assert new_text == "play come away with me"
