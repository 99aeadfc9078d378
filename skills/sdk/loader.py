"""Finding and loading skills: the ``ting.skills`` entry points, then the folders in ``settings.paths``.

A broken skill (import error, no ``skill`` attribute, not a ``Skill``, no sentence folder, an
intent another skill already handles, a name already taken) is reported in
``LoadedSkills.failures`` and logged, then skipped: loading never raises because of a skill.
Skills named in ``settings.disabled`` (by entry-point name, folder name or ``Skill.name``)
are not loaded at all.

Entry points are loaded in name order, then folders in the order given; the first skill to
claim an intent keeps it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from ting.errors import SkillError
from ting.settings import SkillsSettings
from ting.skills.sdk.skill import Handler, Skill

_LOGGER = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "ting.skills"
LOADED_SKILLS_EXTRA = "loaded_skills"
"""``Services.extras`` key under which the server may hand the ``LoadedSkills`` to skills (for help)."""


@dataclass(frozen=True)
class SkillFailure:
    name: str
    """Entry-point name, folder name, or the skill's own name once known."""
    source: str
    """Where it came from: ``entry point home = skills.home:skill`` or the folder path."""
    reason: str


@dataclass
class LoadedSkills:
    skills: list[Skill] = field(default_factory=list)
    failures: list[SkillFailure] = field(default_factory=list)
    _sources: dict[str, str] = field(default_factory=dict, repr=False)

    def handler_for(self, intent: str) -> tuple[Skill, Handler] | None:
        """The skill handling ``intent`` and its handler, or None."""
        for skill in self.skills:
            handler = skill.handlers.get(intent)
            if handler is not None:
                return skill, handler
        return None

    def skill(self, name: str) -> Skill | None:
        return next((skill for skill in self.skills if skill.name == name), None)

    def intents(self) -> list[str]:
        return sorted(intent for skill in self.skills for intent in skill.handlers)

    def sentence_files(self) -> list[tuple[str, str, Path]]:
        """``(skill name, language, file)`` for every sentence file of every loaded skill."""
        return [
            (skill.name, lang, path) for skill in self.skills for lang, path in skill.sentence_files().items()
        ]

    def disable(self, name: str, reason: str) -> None:
        """Drop a loaded skill (e.g. its start hook failed) and record why."""
        skill = self.skill(name)
        if skill is None:
            return
        self.skills.remove(skill)
        self._fail(name, self._sources.get(name, name), reason)

    def _add(self, skill: Skill, source: str) -> None:
        problem = self._conflict(skill)
        if problem is not None:
            self._fail(skill.name, source, problem)
            return
        self.skills.append(skill)
        self._sources[skill.name] = source
        _LOGGER.debug("Loaded skill %s from %s: %s", skill.name, source, ", ".join(sorted(skill.handlers)))

    def _conflict(self, skill: Skill) -> str | None:
        if self.skill(skill.name) is not None:
            return f"another skill is already named {skill.name!r} ({self._sources[skill.name]})"
        try:
            files = skill.sentence_files()
        except SkillError as error:
            return str(error)
        if not files:
            return f"sentence folder {skill.sentences} has no <lang>.yaml files"
        for intent in sorted(skill.handlers):
            found = self.handler_for(intent)
            if found is not None:
                return f"intent {intent} is already handled by skill {found[0].name}"
        return None

    def _fail(self, name: str, source: str, reason: str) -> None:
        _LOGGER.error("Skill %s (%s) skipped: %s", name, source, reason)
        self.failures.append(SkillFailure(name=name, source=source, reason=reason))


def load_skills(settings: SkillsSettings) -> LoadedSkills:
    """Load every enabled skill; never raises because of a broken skill."""
    loaded = LoadedSkills()
    disabled = set(settings.disabled)
    for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        if entry_point.name not in disabled:
            source = f"entry point {entry_point.name} = {entry_point.value}"
            _load_one(loaded, entry_point.name, source, entry_point.load, disabled)
    for folder in settings.paths:
        if folder.name not in disabled:
            load = functools.partial(_import_folder, folder)
            _load_one(loaded, folder.name, str(folder), load, disabled)
    return loaded


def _load_one(
    loaded: LoadedSkills, name: str, source: str, load: Callable[[], object], disabled: set[str]
) -> None:
    try:
        candidate = load()
    except SkillError as error:
        loaded._fail(name, source, str(error))
        return
    except Exception as error:  # any bug in a third-party skill's import
        loaded._fail(name, source, f"import failed: {type(error).__name__}: {error}")
        return
    if not isinstance(candidate, Skill):
        loaded._fail(name, source, f"expected a skills.sdk.Skill, got {type(candidate).__name__}")
        return
    if candidate.name in disabled:
        return
    loaded._add(candidate, source)


def _import_folder(folder: Path) -> object:
    """Import ``folder/__init__.py`` as a package under a unique module name; return its ``skill``."""
    init = folder / "__init__.py"
    if not init.is_file():
        raise SkillError(f"{folder} is not a skill folder (no __init__.py)")
    module = _import_package(_module_name(folder), init)
    if not hasattr(module, "skill"):
        raise SkillError(f"{init} defines no `skill`")
    return module.skill


def _module_name(folder: Path) -> str:
    """``ting_skill_<folder>_<hash of its path>``: unique, so two folders never collide."""
    digest = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:8]
    safe_name = re.sub(r"\W", "_", folder.name)
    return f"ting_skill_{safe_name}_{digest}"


def _import_package(name: str, init: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
    if spec is None or spec.loader is None:
        raise SkillError(f"cannot import {init}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before exec, so the skill's relative imports resolve
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


__all__ = ["ENTRY_POINT_GROUP", "LOADED_SKILLS_EXTRA", "LoadedSkills", "SkillFailure", "load_skills"]
