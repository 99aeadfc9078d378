"""Finding and loading skills: the ``ting.skills`` entry points, then the folders in ``settings.paths``.

A broken skill (import error, no ``skill`` attribute, not a ``Skill``, no sentence folder, an
intent another skill already handles, a name already taken, a ``[skills.<name>]`` table its
settings class refuses) is reported in ``LoadedSkills.failures`` and logged, then skipped: loading
never raises because of a skill. Skills named in ``settings.disabled`` (by entry-point name, folder
name or ``Skill.name``) are not loaded at all. A table for a skill that is not installed is a warning.

Entry points are loaded in name order, then folders in the order given; the first skill to
claim an intent keeps it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ting.errors import ConfigError, SkillError
from ting.settings import SkillsSettings, SkillTable, skill_settings
from ting.skills.sdk.discovery import ENTRY_POINT_GROUP, SkillSource, discover
from ting.skills.sdk.skill import Handler, Skill

_LOGGER = logging.getLogger(__name__)


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
    _settings: dict[str, object] = field(default_factory=dict, repr=False)

    def handler_for(self, intent: str) -> tuple[Skill, Handler] | None:
        """The skill handling ``intent`` and its handler, or None."""
        for skill in self.skills:
            handler = skill.handlers.get(intent)
            if handler is not None:
                return skill, handler
        return None

    def skill(self, name: str) -> Skill | None:
        return next((skill for skill in self.skills if skill.name == name), None)

    def settings_of(self, name: str) -> object | None:
        """Skill ``name``'s checked ``[skills.<name>]`` table (its settings class's defaults when there
        was none); None for a skill that declares no settings class."""
        return self._settings.get(name)

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
        self._settings.pop(name, None)
        self._fail(name, self._sources.get(name, name), reason)

    def _add(self, skill: Skill, source: str, table: SkillTable | None) -> None:
        problem = self._conflict(skill)
        if problem is not None:
            self._fail(skill.name, source, problem)
            return
        try:
            configured = _configure(skill, table)
        except ConfigError as error:
            self._fail(skill.name, source, str(error))
            return
        if configured is not None:
            self._settings[skill.name] = configured
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
    for found in discover(settings):
        _load_one(loaded, found, disabled, settings.tables)
    _warn_unclaimed(loaded, settings)
    return loaded


def _configure(skill: Skill, table: SkillTable | None) -> object | None:
    """The skill's settings from its table (``ConfigError`` when the table does not fit the class)."""
    if skill.settings is not None:
        return skill_settings(skill.name, table, skill.settings)
    if table is not None:
        raise ConfigError(
            f"{table.origin}: skills.{skill.name}: this skill takes no settings (it declares no settings "
            "class); remove the table"
        )
    return None


def _warn_unclaimed(loaded: LoadedSkills, settings: SkillsSettings) -> None:
    """A ``[skills.<name>]`` table nobody reads is most likely a misspelt or uninstalled skill."""
    known = (
        {skill.name for skill in loaded.skills} | {f.name for f in loaded.failures} | set(settings.disabled)
    )
    for name, table in settings.tables.items():
        if name not in known:
            installed = ", ".join(sorted(skill.name for skill in loaded.skills)) or "none"
            _LOGGER.warning(
                "%s: [skills.%s]: no skill named %s is installed (installed: %s)",
                table.origin,
                name,
                name,
                installed,
            )


def _load_one(
    loaded: LoadedSkills, found: SkillSource, disabled: set[str], tables: dict[str, SkillTable]
) -> None:
    try:
        candidate = found.load()
    except SkillError as error:
        loaded._fail(found.name, found.source, str(error))
        return
    except Exception as error:  # any bug in a third-party skill's import
        loaded._fail(found.name, found.source, f"import failed: {type(error).__name__}: {error}")
        return
    if not isinstance(candidate, Skill):
        loaded._fail(
            found.name, found.source, f"expected a ting.skills.sdk.Skill, got {type(candidate).__name__}"
        )
        return
    if candidate.name in disabled:
        return
    if found.sentences is not None and _resolved(candidate.sentences) != _resolved(found.sentences):
        _LOGGER.warning(
            "skill %s keeps its sentences in %s: devices and `ting nlu` read only %s",
            candidate.name,
            candidate.sentences,
            found.sentences,
        )
    loaded._add(candidate, found.source, tables.get(candidate.name))


def _resolved(path: Path) -> Path:
    return path.expanduser().resolve()


__all__ = ["ENTRY_POINT_GROUP", "LoadedSkills", "SkillFailure", "load_skills"]
