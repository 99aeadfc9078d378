"""Loading skills from entry points and folders; broken skills are reported and skipped."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ting.settings import SkillsSettings
from ting.skills.sdk.loader import LoadedSkills, load_skills

SENTENCES = 'language: en\nintents:\n  {intent}:\n    - "{text}"\n'


def make_skill(
    root: Path,
    folder: str,
    *,
    name: str | None = None,
    intent: str = "demo.hello",
    body: str | None = None,
    sentences: bool = True,
) -> Path:
    """A skill folder under ``root``: ``__init__.py`` + ``sentences/en.yaml``."""
    path = root / folder
    (path / "sentences").mkdir(parents=True)
    if sentences:
        (path / "sentences" / "en.yaml").write_text(SENTENCES.format(intent=intent, text="say hello"))
    (path / "__init__.py").write_text(
        body
        if body is not None
        else textwrap.dedent(f"""
            from pathlib import Path
            from ting.skills.sdk import Response, Skill
            from .reply import REPLY

            skill = Skill({name or folder!r}, sentences=Path(__file__).parent / "sentences")

            @skill.handle({intent!r})
            async def hello(request, services):
                return Response(text=REPLY)
        """)
    )
    (path / "reply.py").write_text("REPLY = 'hello from a folder'\n")
    return path


def reasons(loaded: LoadedSkills) -> dict[str, str]:
    return {failure.name: failure.reason for failure in loaded.failures}


def test_entry_points_load_system_and_home() -> None:
    loaded = load_skills(SkillsSettings())
    assert {"system", "home"} <= {skill.name for skill in loaded.skills}
    assert loaded.failures == []
    found = loaded.handler_for("home.turn_on")
    assert found is not None and found[0].name == "home"
    assert loaded.handler_for("system.time") is not None
    assert loaded.handler_for("nothing.here") is None
    files = {(skill, lang) for skill, lang, _ in loaded.sentence_files()}
    assert {("system", "en"), ("system", "zh"), ("home", "en"), ("home", "zh")} <= files


def test_disabled_skills_are_not_loaded() -> None:
    loaded = load_skills(SkillsSettings(disabled=("home",)))
    assert "home" not in {skill.name for skill in loaded.skills}
    assert loaded.handler_for("home.turn_on") is None
    assert loaded.failures == []


async def test_folder_skill_loads_and_answers(tmp_path: Path) -> None:
    folder = make_skill(tmp_path, "greeter")
    loaded = load_skills(SkillsSettings(paths=(folder,)))
    assert loaded.failures == []
    found = loaded.handler_for("demo.hello")
    assert found is not None
    skill, handler = found
    assert skill.name == "greeter"
    assert ("greeter", "en", folder / "sentences" / "en.yaml") in loaded.sentence_files()
    response = await handler(None, None)  # type: ignore[arg-type]  # this handler ignores both
    assert response.text == "hello from a folder"


def test_two_folders_with_the_same_name_do_not_collide(tmp_path: Path) -> None:
    first = make_skill(tmp_path / "a", "same", name="first", intent="first.go")
    second = make_skill(tmp_path / "b", "same", name="second", intent="second.go")
    loaded = load_skills(SkillsSettings(paths=(first, second)))
    assert loaded.failures == []
    assert loaded.handler_for("first.go") is not None and loaded.handler_for("second.go") is not None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("import not_a_module_anywhere\n", "import failed: ModuleNotFoundError"),
        ("raise RuntimeError('boom')\n", "import failed: RuntimeError: boom"),
        ("x = 1\n", "defines no `skill`"),
        ("skill = 'not a skill'\n", "expected a ting.skills.sdk.Skill, got str"),
    ],
)
def test_broken_folder_skill_is_reported_and_skipped(tmp_path: Path, body: str, reason: str) -> None:
    broken = make_skill(tmp_path, "broken", body=body)
    good = make_skill(tmp_path, "good")
    loaded = load_skills(SkillsSettings(paths=(broken, good)))
    assert reason in reasons(loaded)["broken"]
    assert loaded.failures[0].source == str(broken)
    assert [skill.name for skill in loaded.skills if skill.name in ("broken", "good")] == ["good"]


def test_folder_without_init_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    loaded = load_skills(SkillsSettings(paths=(tmp_path / "empty",)))
    assert "no __init__.py" in reasons(loaded)["empty"]


def test_missing_sentences_are_reported(tmp_path: Path) -> None:
    folder = make_skill(tmp_path, "mute", sentences=False)
    (folder / "sentences").rmdir()
    loaded = load_skills(SkillsSettings(paths=(folder,)))
    assert "sentence folder" in reasons(loaded)["mute"]
    assert loaded.handler_for("demo.hello") is None


def test_empty_sentence_folder_is_reported(tmp_path: Path) -> None:
    loaded = load_skills(SkillsSettings(paths=(make_skill(tmp_path, "quiet", sentences=False),)))
    assert "no <lang>.yaml files" in reasons(loaded)["quiet"]


def test_duplicate_intent_is_reported_and_the_first_skill_keeps_it(tmp_path: Path) -> None:
    thief = make_skill(tmp_path, "thief", intent="system.time")
    loaded = load_skills(SkillsSettings(paths=(thief,)))
    assert reasons(loaded)["thief"] == "intent system.time is already handled by skill system"
    found = loaded.handler_for("system.time")
    assert found is not None and found[0].name == "system"


def test_duplicate_skill_name_is_reported(tmp_path: Path) -> None:
    loaded = load_skills(SkillsSettings(paths=(make_skill(tmp_path, "home", intent="other.thing"),)))
    assert "already named 'home'" in reasons(loaded)["home"]


def test_disable_after_loading_records_the_reason() -> None:
    loaded = load_skills(SkillsSettings())
    loaded.disable("home", "start failed")
    assert loaded.handler_for("home.turn_on") is None
    assert reasons(loaded)["home"] == "start failed"


def test_sentences_are_found_without_running_any_skill(tmp_path: Path) -> None:
    """The device and `ting nlu` read sentence files only: a skill whose import would fail still
    gives its sentences, and no built-in skill module is imported."""
    folder = tmp_path / "exploding"
    (folder / "sentences").mkdir(parents=True)
    (folder / "__init__.py").write_text("raise RuntimeError('handler code ran')\n")
    (folder / "sentences" / "en.yaml").write_text("language: en\nintents:\n  boom.go:\n    - go boom\n")
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from ting.settings import SkillsSettings\n"
        "from ting.skills.sdk.discovery import sentence_folders\n"
        f"found = sentence_folders(SkillsSettings(paths=(Path({str(folder)!r}),)))\n"
        "skills = sorted(m for m in sys.modules if m.startswith('ting.skills.') and 'sdk' not in m)\n"
        "print(json.dumps({'found': [[n, str(p)] for n, p in found], 'imported': skills}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    assert report["imported"] == []
    names = [name for name, _ in report["found"]]
    assert {"alarms", "home", "system"} <= set(names) and names[-1] == "exploding"
    assert report["found"][-1][1] == str(folder / "sentences")
    for name, path in report["found"][:-1]:
        assert Path(path).name == "sentences" and Path(path).parent.name == name, (name, path)
