"""The checks a settings change must pass beyond the loader's: each installed skill's own table.

The loader reads ``[skills.<name>]`` as written; a skill checks its table when it loads (its settings class,
then the class's ``check()`` where it has one, as the weather skill's does). The page runs the same checks
on the edited file so a bad value is refused with the skill's own message before it reaches the file.
"""

from __future__ import annotations

from ting.config_edit import SettingsCheck
from ting.errors import ConfigError
from ting.server.state import ServerState
from ting.settings import Settings, skill_settings


def skill_check(state: ServerState) -> SettingsCheck:
    skills = [skill for skill in state.runtime.skills.skills if skill.settings is not None]

    def check(settings: Settings) -> None:
        for skill in skills:
            table = settings.skills.tables.get(skill.name)
            if table is None or skill.settings is None:
                continue
            configured = skill_settings(skill.name, table, skill.settings)
            checker = getattr(configured, "check", None)
            if callable(checker):
                try:
                    checker()
                except ValueError as error:  # a third-party skill's check may say it so
                    raise ConfigError(f"skills.{skill.name}: {error}") from None

    return check
