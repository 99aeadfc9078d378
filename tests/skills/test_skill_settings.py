"""Per-skill settings: a ``[skills.<name>]`` table, checked against the class the skill declares,
reaches the skill as ``services.settings``; a table that does not fit fails that skill only."""

from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from ting.errors import ConfigError, SkillError
from ting.settings import WecomBotChannel, load_settings, skill_settings
from ting.skills.sdk import IntentRequest, Services
from ting.skills.sdk.loader import LoadedSkills, load_skills
from ting.skills.sdk.testing import make_services

PLANTS = textwrap.dedent("""
    from dataclasses import dataclass
    from pathlib import Path
    from ting.skills.sdk import Response, Skill

    @dataclass(frozen=True)
    class PlantSettings:
        pot_litres: float = 1.5
        reminder_hour: int = 8
        nickname: str = "plants"

    skill = Skill("plants", sentences=Path(__file__).parent / "sentences", settings=PlantSettings)

    @skill.handle("plants.water")
    async def water(request, services):
        settings = services.config(PlantSettings)
        return Response(text=f"{settings.pot_litres} litres for the {settings.nickname}")
""")

PLAIN = textwrap.dedent("""
    from pathlib import Path
    from ting.skills.sdk import Skill

    skill = Skill("plain", sentences=Path(__file__).parent / "sentences")
""")


def skill_folder(root: Path, name: str, body: str, intent: str) -> Path:
    folder = root / name
    (folder / "sentences").mkdir(parents=True)
    (folder / "sentences" / "en.yaml").write_text(
        f'language: en\nintents:\n  {intent}:\n    - "{name} now"\n'
    )
    (folder / "__init__.py").write_text(body)
    return folder


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    return (
        skill_folder(tmp_path / "skills", "plants", PLANTS, "plants.water"),
        skill_folder(tmp_path / "skills", "plain", PLAIN, "plain.go"),
    )


def load_from(config: Path, environ: dict[str, str] | None = None) -> LoadedSkills:
    return load_skills(load_settings(config, environ=environ or {}).skills)


def write_config(tmp_path: Path, folders: tuple[Path, ...], tables: str) -> Path:
    paths = ", ".join(f'"{folder}"' for folder in folders)
    config = tmp_path / "ting.toml"
    config.write_text(f"[skills]\npaths = [{paths}]\n{tables}")
    return config


def test_tables_are_gathered_with_where_they_were_set(tmp_path: Path) -> None:
    config = write_config(
        tmp_path, (), '[skills.plants]\npot_litres = 2.0\n[skills.weather]\ncity = "北京"\n'
    )
    environ = {"TING_SKILLS__PLANTS__NICKNAME": "ferns", "TING_SKILLS__MUSIC__VOLUME": "0.4"}
    skills = load_settings(config, environ=environ).skills
    assert skills.paths == ()
    assert set(skills.tables) == {"plants", "weather", "music"}
    plants = skills.tables["plants"]
    assert plants.values == {"pot_litres": 2.0, "nickname": "ferns"}
    assert plants.origin_of("pot_litres") == str(config)
    assert plants.origin_of("nickname") == "environment variable TING_SKILLS__PLANTS__NICKNAME"
    assert skills.tables["weather"].values == {"city": "北京"}
    assert skills.tables["music"].origin == "environment variable TING_SKILLS__MUSIC__VOLUME"


def test_a_misspelt_skills_key_that_is_not_a_table_is_still_refused(tmp_path: Path) -> None:
    config = write_config(tmp_path, (), "")
    with pytest.raises(ConfigError, match=r"skills\.disable: no such key \(check the spelling\)"):
        load_settings(config, environ={"TING_SKILLS__DISABLE": '["home"]'})


async def test_the_table_reaches_the_skill_as_its_settings(
    tmp_path: Path, folders: tuple[Path, Path]
) -> None:
    config = write_config(tmp_path, folders, "[skills.plants]\npot_litres = 2.5\n")
    loaded = load_from(config, {"TING_SKILLS__PLANTS__REMINDER_HOUR": "7"})
    assert loaded.failures == []
    plants = loaded.skill("plants")
    assert plants is not None and plants.settings is not None
    settings = loaded.settings_of("plants")
    assert isinstance(settings, plants.settings)
    assert vars(settings) == {"pot_litres": 2.5, "reminder_hour": 7, "nickname": "plants"}
    assert loaded.settings_of("plain") is None
    services = await make_services(settings=settings)
    found = loaded.handler_for("plants.water")
    assert found is not None
    answer = await found[1](IntentRequest(intent="plants.water", slots={}, lang="en"), services)
    assert answer.text == "2.5 litres for the plants"


def test_without_a_table_the_skill_gets_its_defaults(tmp_path: Path, folders: tuple[Path, Path]) -> None:
    loaded = load_from(write_config(tmp_path, folders, ""))
    assert loaded.failures == []
    assert repr(loaded.settings_of("plants")).endswith("(pot_litres=1.5, reminder_hour=8, nickname='plants')")


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("pot_litre = 2.0", "skills.plants.pot_litre: no such key (check the spelling) (got 2.0)"),
        ('reminder_hour = "eight"', "skills.plants.reminder_hour: Input should be a valid integer"),
        ("nickname = 3", "skills.plants.nickname: Input should be a valid string (got 3)"),
    ],
)
def test_a_table_that_does_not_fit_fails_that_skill_only(
    tmp_path: Path, folders: tuple[Path, Path], table: str, expected: str
) -> None:
    config = write_config(tmp_path, folders, f"[skills.plants]\n{table}\n")
    loaded = load_from(config)
    names = {skill.name for skill in loaded.skills}
    assert "plain" in names and "plants" not in names
    (failure,) = loaded.failures
    assert failure.name == "plants" and failure.source == str(folders[0])
    assert f"{config}: {expected}" in failure.reason
    assert loaded.handler_for("plants.water") is None


def test_a_table_for_a_skill_without_settings_fails_it(tmp_path: Path, folders: tuple[Path, Path]) -> None:
    config = write_config(tmp_path, folders, "[skills.plain]\nspeed = 3\n")
    loaded = load_from(config)
    names = {skill.name for skill in loaded.skills}
    assert "plants" in names and "plain" not in names
    assert [(f.name, f.reason) for f in loaded.failures] == [
        ("plain", f"{config}: skills.plain: this skill takes no settings (it declares no settings class); "
         "remove the table"),
    ]  # fmt: skip


def test_a_table_for_a_skill_not_installed_is_a_warning(
    tmp_path: Path, folders: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    config = write_config(tmp_path, folders, "[skills.plantz]\npot_litres = 2.0\n")
    with caplog.at_level(logging.WARNING, logger="ting.skills.sdk.loader"):
        loaded = load_from(config)
    assert loaded.failures == [] and {skill.name for skill in loaded.skills} >= {"plants", "plain"}
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any(
        message.startswith(f"{config}: [skills.plantz]: no skill named plantz is installed")
        for message in warnings
    ), warnings


def test_a_table_for_a_disabled_skill_is_no_warning(
    tmp_path: Path, folders: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    config = write_config(tmp_path, folders, 'disabled = ["plants"]\n[skills.plants]\npot_litres = 2.0\n')
    with caplog.at_level(logging.WARNING, logger="ting.skills.sdk.loader"):
        loaded = load_from(config)
    assert loaded.skill("plants") is None and loaded.failures == []
    assert not [record for record in caplog.records if "plants" in record.getMessage()]


@dataclass(frozen=True)
class Inner:
    port: int = 80


@dataclass(frozen=True)
class Nested:
    host: str
    api_key: str = ""
    inner: Inner = Inner()


def test_required_keys_nested_tables_and_secrets_in_messages() -> None:
    with pytest.raises(ConfigError) as missing:
        skill_settings("svc", None, Nested)
    assert str(missing.value) == (
        "invalid [skills.svc] settings:\n"
        "  no [skills.svc] table: skills.svc.host: required (the skill has no default for it)"
    )
    settings = load_settings(
        None, environ={"TING_SKILLS__SVC__HOST": "h", "TING_SKILLS__SVC__INNER": '{"port": 8080}'}
    )
    built = skill_settings("svc", settings.skills.tables["svc"], Nested)
    assert built == Nested(host="h", inner=Inner(port=8080))
    table = load_settings(
        None, environ={"TING_SKILLS__SVC__HOST": "h", "TING_SKILLS__SVC__API_KEY": "[1]"}
    ).skills.tables["svc"]
    with pytest.raises(ConfigError) as secret:
        skill_settings("svc", table, Nested)
    assert "skills.svc.api_key: Input should be a valid string (got ['***'])" in str(secret.value)
    assert "***" in repr(table) and "[1]" not in repr(table)
    nested_typo = load_settings(
        None, environ={"TING_SKILLS__SVC__HOST": "h", "TING_SKILLS__SVC__INNER": '{"prt": 1}'}
    ).skills.tables["svc"]
    with pytest.raises(ConfigError, match=r"skills\.svc\.inner\.prt: no such key"):
        skill_settings("svc", nested_typo, Nested)


async def test_services_config_is_typed_and_checked() -> None:
    services: Services = await make_services(settings=Inner(port=1))
    assert services.config(Inner).port == 1
    with pytest.raises(SkillError, match="this skill's settings are Inner, not Nested"):
        services.config(Nested)
    bare = await make_services()
    assert bare.settings is None
    with pytest.raises(SkillError, match="NoneType, not Inner"):
        bare.config(Inner)


def test_a_key_inside_any_table_can_come_from_the_environment(tmp_path: Path) -> None:
    config = write_config(tmp_path, (), '[push.family]\ntype = "wecom_bot"\nkey = "from-the-file"\n')
    settings = load_settings(config, environ={"TING_PUSH__FAMILY__KEY": "from-the-environment"})
    family = settings.push["family"]
    assert isinstance(family, WecomBotChannel) and family.key == "from-the-environment"
    whole = load_settings(None, environ={"TING_SKILLS__PLANTS": '{"pot_litres": 3}'}).skills.tables["plants"]
    assert (whole.values, whole.origin) == ({"pot_litres": 3}, "environment variable TING_SKILLS__PLANTS")
    with pytest.raises(ConfigError, match=r"TING_SKILLS__PATHS__X: skills\.paths is not a section or table"):
        load_settings(None, environ={"TING_SKILLS__PATHS": '["/a"]', "TING_SKILLS__PATHS__X": "1"})
