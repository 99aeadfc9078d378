"""The recognizer's dictionary: only the grammar's words, read from the bundled CMU dictionary."""

from __future__ import annotations

from pathlib import Path

from ting.device.stt.dictionary import CMU_DICTIONARY, Pronunciations, entries, write_dictionary


def test_lookup_finds_every_variant_and_leaves_unknown_words_out() -> None:
    found = Pronunciations().lookup(["read", "kitchen", "qwzxv"])
    assert set(found) == {"read", "kitchen"}
    assert found["kitchen"] == ("K IH CH AH N",)
    assert set(found["read"]) == {"R EH D", "R IY D"}


def test_lookup_reads_the_file_once_per_new_word(tmp_path: Path) -> None:
    path = tmp_path / "words.dict"
    path.write_text("lamp L AE M P\nlamp(2) L AA M P\n", encoding="utf-8")
    pronunciations = Pronunciations(path)
    assert pronunciations.lookup(["lamp", "sofa"]) == {"lamp": ("L AE M P", "L AA M P")}
    path.write_text("sofa S OW F AH\n", encoding="utf-8")
    # both answers are remembered: "lamp" is still known, "sofa" was looked for and not found
    assert pronunciations.lookup(["lamp", "sofa"]) == {"lamp": ("L AE M P", "L AA M P")}


def test_written_dictionary_names_variants_the_pocketsphinx_way(tmp_path: Path) -> None:
    path = tmp_path / "out.dict"
    write_dictionary(path, {"read": ("R IY D", "R EH D"), "a": ("AH",)})
    assert path.read_text(encoding="utf-8") == "a AH\nread R IY D\nread(2) R EH D\n"
    assert entries({"x": ()}) == []
    assert CMU_DICTIONARY.is_file()
