"""Wake word training gives the same model on every machine with the same Python and espeak-ng.

Its English read text is the standard library's docstrings. Parts of a Python installation that one machine
has and another lacks (``site-packages``, Debian's split-off ``test`` and ``tkinter``...) were 60 % of that
text on one machine: the same seeded plan then trained another model elsewhere. The model's info says what
it was trained on (``plan_sha256``, ``data_sha256``), so two trainings can be compared.
"""

from __future__ import annotations

import re
import sysconfig
from pathlib import Path

import numpy as np

from ting.device.wake.classifier import TrainingSettings, array_digest
from ting.device.wake.texts import STDLIB_PARTS_NOT_EVERYWHERE, docstring_sentences
from ting.device.wake.training import TrainingPlan, train_wake_word

DOCSTRING = '"""{} is a module that reads what the machine has on its disks today."""\n'


def module(root: Path, relative: str, name: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DOCSTRING.format(name), "utf-8")


def test_read_text_is_the_modules_and_packages_every_install_has(tmp_path: Path) -> None:
    module(tmp_path, "os.py", "Os")
    module(tmp_path, "asyncio/events.py", "Events")
    for part, name in [
        ("site-packages/six.py", "Six"),
        ("dist-packages/apt.py", "Apt"),
        ("test/test_os.py", "Testos"),
        ("tkinter/__init__.py", "Tkinter"),
        ("idlelib/editor.py", "Editor"),
        ("config-3.11-aarch64-linux-gnu/python-config.py", "Config"),
        ("_sysconfigdata__linux_aarch64-linux-gnu.py", "Sysconfigdata"),
    ]:
        module(tmp_path, part, name)
    said = docstring_sentences(tmp_path)
    assert [sentence.split()[0] for sentence in said] == ["Events", "Os"]


def test_the_interpreters_read_text_is_the_same_without_the_parts_a_machine_may_lack(tmp_path: Path) -> None:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for entry in stdlib.iterdir():  # the same standard library, with none of the parts some machines lack
        if entry.name.removesuffix(".py") not in STDLIB_PARTS_NOT_EVERYWHERE:
            (tmp_path / entry.name).symlink_to(entry)
    module(tmp_path, "site-packages/extra.py", "Extra")  # and something installed that the other has not
    here = docstring_sentences()
    assert len(here) > 3000  # enough read text for 30 minutes of negatives and more
    assert docstring_sentences(tmp_path) == here
    assert not any(re.match(r"Extra is a module", sentence) for sentence in here)


def tiny_plan(text: str) -> TrainingPlan:
    return TrainingPlan(
        "hey ting",
        "en",
        voices=("en-us",),
        variants=("m1", "f2"),
        clips_per_voice=3,
        near_misses=0,
        negative_minutes=0.3,
        negative_text=(text,),
        network=TrainingSettings(epochs=3),
    )


def test_the_same_plan_trains_the_same_model_and_its_info_says_so() -> None:
    plan = tiny_plan("a sentence of read text that does not say the phrase at all today")
    first, _ = train_wake_word(plan)
    second, _ = train_wake_word(plan)
    for key in ("plan_sha256", "data_sha256"):
        assert re.fullmatch(r"[0-9a-f]{16}", first.info[key])
        assert first.info[key] == second.info[key], key
    for (w1, b1), (w2, b2) in zip(first.layers, second.layers, strict=True):
        assert np.array_equal(w1, w2) and np.array_equal(b1, b2)
    assert array_digest(*(w for w, _ in first.layers)) == array_digest(*(w for w, _ in second.layers))

    other, _ = train_wake_word(tiny_plan("another sentence of read text, said by the same voices here"))
    assert other.info["plan_sha256"] != first.info["plan_sha256"]
    assert other.info["data_sha256"] != first.info["data_sha256"]
