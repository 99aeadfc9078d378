"""``ConfigEditor``: keys changed in a real ting.toml, everything else in the file kept byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from ting.config_edit import Change, ConfigEditor
from ting.errors import ConfigError
from ting.settings import load_settings


def _edit(path: Path, *settings: tuple[tuple[str, ...], str]) -> ConfigEditor:
    editor = ConfigEditor(path)
    for keys, value in settings:
        editor.set(*keys, value=value)
    editor.save()
    return editor


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # a [device] table in the middle: keys go at its end, the next table keeps its place
            '# top\n[device]\nsite_id = "x"  # room\n\n[logging]\nlevel = "INFO"\n',
            '# top\n[device]\nsite_id = "x"  # room\nstt_engine = "vosk"\n'
            'vosk_model_dirs = {en = "/m/en"}\n\n[logging]\nlevel = "INFO"\n',
        ),
        (  # no [device]: appended
            '[mqtt]\nurl = "mqtt://h:1"\n',
            '[mqtt]\nurl = "mqtt://h:1"\n\n[device]\nstt_engine = "vosk"\nvosk_model_dirs = {en = "/m/en"}\n',
        ),
        (  # an inline table and a value with comments: replaced in place
            '[device]\nstt_engine = "pocketsphinx"  # why\n'
            'vosk_model_dirs = { zh = "/z", en = "/old" }  # c\n',
            '[device]\nstt_engine = "vosk"  # why\nvosk_model_dirs = { zh = "/z", en = "/m/en" }  # c\n',
        ),
        (  # a [device.vosk_model_dirs] sub-table
            '[device]\nsite_id = "x"\n\n[device.vosk_model_dirs]\nzh = "/z"\n',
            '[device]\nsite_id = "x"\nstt_engine = "vosk"\n\n'
            '[device.vosk_model_dirs]\nzh = "/z"\nen = "/m/en"\n',
        ),
        (  # dotted keys
            'device.vosk_model_dirs.zh = "/z"\n',
            'device.vosk_model_dirs.zh = "/z"\ndevice.vosk_model_dirs.en = "/m/en"\n'
            'device.stt_engine = "vosk"\n',
        ),
    ],
)
def test_keys_are_set_and_the_rest_of_the_file_is_kept(tmp_path: Path, before: str, after: str) -> None:
    path = tmp_path / "ting.toml"
    path.write_text(before)
    editor = _edit(path, (("device", "stt_engine"), "vosk"), (("device", "vosk_model_dirs", "en"), "/m/en"))
    assert path.read_text() == after
    assert load_settings(path, environ={}).device.vosk_model_dirs["en"] == Path("/m/en")
    assert editor.changes[0].key == "device.stt_engine"


def test_changes_record_old_values_and_an_unchanged_file_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "ting.toml"
    path.write_text('[device]\nstt_engine = "vosk"\nvosk_model_dirs = { en = "/old" }\n')
    path.chmod(0o640)
    editor = ConfigEditor(path)
    assert editor.set("device", "stt_engine", value="vosk") is None
    assert editor.set("device", "vosk_model_dirs", "en", value="/new") == Change(
        "device.vosk_model_dirs.en", "/old", "/new"
    )
    assert editor.set("device", "vosk_model_dirs", "zh", value="/z") == Change(
        "device.vosk_model_dirs.zh", None, "/z"
    )
    editor.save()
    assert path.stat().st_mode & 0o777 == 0o640  # the file's permissions are kept
    assert ConfigEditor(path).get("device", "vosk_model_dirs") == {"en": "/new", "zh": "/z"}
    before = path.stat().st_mtime_ns
    again = ConfigEditor(path)
    again.set("device", "vosk_model_dirs", "en", value="/new")
    again.save()
    assert again.changes == [] and path.stat().st_mtime_ns == before


def test_a_symlinked_config_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "ting.toml"
    real.parent.mkdir()
    real.write_text("# mine\n")
    link = tmp_path / "ting.toml"
    link.symlink_to(real)
    _edit(link, (("device", "vosk_model_dirs", "zh"), "/z"))
    assert link.is_symlink() and real.read_text() == '# mine\n\n[device]\nvosk_model_dirs = {zh = "/z"}\n'


def test_a_new_file_is_created_with_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "config" / "ting" / "ting.toml"
    editor = _edit(path, (("device", "vosk_model_dirs", "zh"), "/z"))
    assert not editor.exists and path.read_text().startswith("# ting settings")
    assert load_settings(path, environ={}).device.vosk_model_dirs == {"zh": Path("/z")}


def test_invalid_toml_is_an_error_and_the_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "ting.toml"
    path.write_text('[device\nsite_id = "x"\n')
    with pytest.raises(ConfigError, match=rf"{path}: not valid TOML .*the file was not changed"):
        ConfigEditor(path)
    assert path.read_text() == '[device\nsite_id = "x"\n'


@pytest.mark.parametrize(
    ("text", "keys", "value", "message"),
    [
        ("device = 3\n", ("device", "stt_engine"), "vosk", "device is not a table"),
        (
            '[device]\nvosk_model_dirs = "x"\n',
            ("device", "vosk_model_dirs", "en"),
            "/m",
            "vosk_model_dirs is not",
        ),
        ("[device]\n", ("device", "stt_engine"), "kaldi", "(?s)would not be valid.*stt_engine"),
    ],
)
def test_edits_that_cannot_be_made_leave_the_file_alone(
    tmp_path: Path, text: str, keys: tuple[str, ...], value: str, message: str
) -> None:
    path = tmp_path / "ting.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        _edit(path, (keys, value))
    assert path.read_text() == text and [p.name for p in tmp_path.iterdir()] == ["ting.toml"]


STATIONS = """\
# music
[media]
library_folders = ["/srv/music"]  # the NAS

# the family's favourite
[[media.stations]]
id = "cnr1"  # 中国之声
url = "http://127.0.0.1:1/cnr1.m3u"
"""


def test_lists_arrays_of_tables_and_removals_keep_the_comments(tmp_path: Path) -> None:
    path = tmp_path / "ting.toml"
    path.write_text(STATIONS, encoding="utf-8")
    editor = ConfigEditor(path)
    editor.set("media", "library_folders", value=["/srv/music", str(tmp_path)])
    editor.append_table("media", "stations", table={"id": "bbc", "url": "http://127.0.0.1:1/bbc.pls"})
    editor.set("skills", "weather", "latitude", value=30.25)
    editor.save()
    text = path.read_text(encoding="utf-8")
    assert "# the NAS" in text and "# the family's favourite" in text and "# 中国之声" in text
    settings = load_settings(path, environ={})
    assert [s.id for s in settings.media.stations] == ["cnr1", "bbc"]
    assert settings.media.library_folders == (Path("/srv/music"), tmp_path)
    assert settings.skills.tables["weather"].values["latitude"] == 30.25

    editor = ConfigEditor(path)
    change = editor.remove_table("media", "stations", index=0)
    assert change.old == {"id": "cnr1", "url": "http://127.0.0.1:1/cnr1.m3u"}
    assert editor.remove("skills", "weather", "latitude") is not None
    assert editor.remove("skills", "weather", "longitude") is None  # not in the file: nothing to do
    editor.save()
    settings = load_settings(path, environ={})
    assert [s.id for s in settings.media.stations] == ["bbc"]
    assert "latitude" not in path.read_text(encoding="utf-8") and "# the NAS" in path.read_text()

    editor = ConfigEditor(path)
    editor.remove_table("media", "stations", index=0)
    editor.save()
    assert load_settings(path, environ={}).media.stations == ()
    with pytest.raises(ConfigError, match="has no entry 0"):
        ConfigEditor(path).remove_table("media", "stations", index=0)


def test_a_check_that_refuses_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "ting.toml"
    path.write_text(STATIONS, encoding="utf-8")

    def refuse(settings: object) -> None:
        raise ConfigError("skills.weather.latitude: 91.0 is not within -90..90")

    editor = ConfigEditor(path)
    editor.set("skills", "weather", "latitude", value=91.0)
    with pytest.raises(ConfigError, match=r"would not be valid, so it was not changed; .*-90\.\.90"):
        editor.save(refuse)
    assert path.read_text(encoding="utf-8") == STATIONS
