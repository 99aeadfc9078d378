"""A made-up skill (an aquarium) that no shipped file knows: its sentence files, its example files, and
a helper that writes them where a test wants them. Shared by the second pass's tests (test_fallback.py:
a new skill's templates are learned) and the example files' tests (test_examples.py: its examples teach a
phrasing its templates lack)."""

from __future__ import annotations

from pathlib import Path

from ting.nlu import SentenceFile, discover_sentence_files

SKILLS = Path(__file__).resolve().parents[2] / "skills"

AQUARIUM_EN = """
language: en
lists:
  tank: {values: {"big tank": big, "reef tank": reef}}
intents:
  aquarium.feed:
    - "feed the fish [in the {tank}]"
    - "(give|drop) [some] food (in|into) the {tank}"
  aquarium.light:
    - "(turn|switch) on the {tank} light"
"""
AQUARIUM_ZH = """
language: zh
lists:
  tank: {values: {"大鱼缸": big, "珊瑚缸": reef}}
intents:
  aquarium.feed:
    - "[给]{tank}[的鱼]喂[点]食"
    - "喂鱼"
  aquarium.light:
    - "打开{tank}的灯"
"""
# Phrasings the templates above do not have: hunger, not feeding.
AQUARIUM_EXAMPLES_EN = """
language: en
examples:
  aquarium.feed:
    - "the fish look hungry"
    - "the fish in the {tank} are starving"
    - "i think the fish are hungry again"
    - "the poor fish are starving give them something"
  aquarium.light:
    - "it is too dark in the {tank}"
"""
AQUARIUM_EXAMPLES_ZH = """
language: zh
examples:
  aquarium.feed:
    - "鱼饿了"
    - "{tank}的鱼好像饿坏了"
    - "鱼都饿得不行了"
  aquarium.light:
    - "{tank}里太暗了"
"""
AQUARIUM_EXAMPLES = {"en": AQUARIUM_EXAMPLES_EN, "zh": AQUARIUM_EXAMPLES_ZH}


def builtin_files() -> list[SentenceFile]:
    """Every shipped skill's sentence files."""
    folders = sorted(path for path in SKILLS.glob("*/sentences") if path.is_dir())
    return discover_sentence_files([(folder.parent.name, folder) for folder in folders])


def write_aquarium(under: Path, examples: dict[str, str] | None = None) -> Path:
    """The aquarium skill's sentences folder, written under ``under`` (with these example files, by
    language, when given)."""
    folder = under / "aquarium" / "sentences"
    (folder / "examples").mkdir(parents=True)
    (folder / "en.yaml").write_text(AQUARIUM_EN, encoding="utf-8")
    (folder / "zh.yaml").write_text(AQUARIUM_ZH, encoding="utf-8")
    for lang, text in (examples or {}).items():
        (folder / "examples" / f"{lang}.yaml").write_text(text, encoding="utf-8")
    return folder


def with_aquarium(folder: Path) -> list[SentenceFile]:
    """The shipped skills' files and the aquarium's."""
    return [*builtin_files(), *discover_sentence_files([("aquarium", folder)])]
