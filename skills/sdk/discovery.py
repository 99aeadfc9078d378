"""Where the installed skills are: the ``ting.skills`` entry points, then the folders in ``skills.paths``.

Finding a skill does not run it. The server then imports each one (``loader``); the device and
``ting nlu`` only read the sentence files, from the folder ``sentences/`` beside the skill package's
``__init__.py``, found with ``importlib.util.find_spec`` without executing the package. That is why a
skill keeps its sentences in ``<package>/sentences/`` (the loader warns when a skill points elsewhere).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType

from ting.errors import SkillError
from ting.settings import SkillsSettings

_LOGGER = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "ting.skills"
SENTENCES_FOLDER = "sentences"


@dataclass(frozen=True)
class SkillSource:
    """One skill as installed, before anything of it runs."""

    name: str
    """Entry-point name or folder name."""
    source: str
    """``entry point home = ting.skills.home:skill`` or the folder's path."""
    package_dir: Path | None
    """The folder holding the skill package's ``__init__.py`` (None: not found or not a package)."""
    load: Callable[[], object]
    """Imports the skill and returns its ``skill`` object (runs the skill's module code)."""

    @property
    def sentences(self) -> Path | None:
        """``<package>/sentences``, found without importing the skill."""
        return self.package_dir / SENTENCES_FOLDER if self.package_dir is not None else None


def discover(settings: SkillsSettings) -> list[SkillSource]:
    """Every enabled skill: entry points in name order, then folders in the order given."""
    disabled = set(settings.disabled)
    found = [
        _from_entry_point(entry_point)
        for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
        if entry_point.name not in disabled
    ]
    found += [
        SkillSource(folder.name, str(folder), folder, functools.partial(_import_folder, folder))
        for folder in settings.paths
        if folder.name not in disabled
    ]
    return found


def sentence_folders(settings: SkillsSettings) -> list[tuple[str, Path]]:
    """``(skill name, sentences folder)`` of every enabled skill, without importing any of them."""
    folders = []
    for found in discover(settings):
        if found.sentences is None:
            _LOGGER.warning("skill %s (%s): no package folder found; its sentences are skipped", *_who(found))
        else:
            folders.append((found.name, found.sentences))
    return folders


def _who(found: SkillSource) -> tuple[str, str]:
    return found.name, found.source


def _from_entry_point(entry_point: EntryPoint) -> SkillSource:
    return SkillSource(
        entry_point.name,
        f"entry point {entry_point.name} = {entry_point.value}",
        _package_dir(entry_point.module),
        entry_point.load,
    )


def _package_dir(module: str) -> Path | None:
    """The folder of package ``module`` (its parents are imported, the package itself is not)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError) as error:
        _LOGGER.debug("cannot find %s: %s", module, error)
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


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
