"""The lists every template may use without declaring them: the household registry's names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ting.nlu.fillers import NAME_PREFIXES
from ting.nlu.lists import ValueList
from ting.nlu.registry import Household, Names


def registry_lists(household: Household) -> dict[str, ValueList]:
    """The built-in lists ``device``, ``area``, ``floor``, ``scene`` and ``domain`` (the kinds of the
    household's devices), aliases of every language."""

    def aliases(items: Iterable[tuple[str, Names]]) -> list[tuple[str, str]]:
        return [
            (alias, item_id)
            for item_id, names in items
            for lang_names in names.values()
            for alias in lang_names
        ]

    # Only the kinds some device is (打开扫地机器人 in a home without one is not a command it can carry out).
    held = kind_domains(household)
    kinds = {kind: names for kind, names in household.domain_names.items() if kind in held}
    return {
        "device": ValueList.from_aliases(
            "device", aliases((d.id, d.names) for d in household.devices.values()), fuzzy=True
        ),
        "area": ValueList.from_aliases(
            "area", _with_main_rooms(aliases((a.id, a.names) for a in household.areas.values())), fuzzy=True
        ),
        "floor": ValueList.from_aliases(
            "floor", aliases((f.id, f.names) for f in household.floors.values()), fuzzy=True
        ),
        "scene": ValueList.from_aliases(
            "scene", _with_mode_names(aliases((s.id, s.names) for s in household.scenes.values()))
        ),
        "domain": ValueList.from_aliases("domain", _with_plurals(aliases(kinds.items()))),
    }


def _with_main_rooms(aliases: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An English bedroom or bathroom also as the "master" / "main" one ("make it 24.5 in the master
    bedroom"), unless the household names another room so."""
    known = {alias.lower() for alias, _ in aliases}
    more = [
        (f"{word} {alias}", area)
        for alias, area in aliases
        if alias.isascii() and alias.lower() in ("bedroom", "bathroom")
        for word in ("master", "main")
    ]
    return [*aliases, *((alias, area) for alias, area in more if alias not in known)]


def _with_mode_names(aliases: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A scene's id said as a mode or a scene too ("home mode", "the movie scene"): people name a scene by
    what it is for with "mode" after it, whatever aliases the household file lists (ids are English words
    there)."""
    known = {alias.lower() for alias, _ in aliases}
    ids = dict.fromkeys(scene for _, scene in aliases)
    more = [
        (f"{scene.replace('_', ' ')} {word}", scene)
        for scene in ids
        if scene.replace("_", "").isascii() and scene.replace("_", "").isalpha()
        for word in ("mode", "scene")
    ]
    return [*aliases, *((alias, scene) for alias, scene in more if alias not in known)]


def _with_plurals(aliases: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """English kinds in the plural too ("all the air conditioners", "are any fans running"): a household
    file need not list both forms."""
    more = []
    for alias, kind in aliases:
        if not alias.isascii() or not alias[-1:].isalpha() or alias.endswith("s") or alias.isupper():
            continue
        plural = alias + ("es" if alias.endswith(("sh", "ch", "x")) else "s")
        more.append((plural, kind))
    known = {alias for alias, _ in aliases}
    return [*aliases, *((alias, kind) for alias, kind in more if alias not in known)]


def registry_names(builtin: Mapping[str, ValueList]) -> dict[str, frozenset[tuple[str, ...]]]:
    """Per language: the area and device names as token tuples, with the words that may stand before."""
    names = [alias for key in ("area", "device") if key in builtin for alias, _ in builtin[key].entries]
    return {
        lang: frozenset((*prefix, *name) for name in names for prefix in prefixes)
        for lang, prefixes in NAME_PREFIXES.items()
    }


def kind_domains(household: Household) -> dict[str, frozenset[str]]:
    """Each kind of device said (a domain or a device class: 车库门 is class garage) -> the domains of the
    household's devices of that kind."""
    found: dict[str, set[str]] = {}
    for device in household.devices.values():
        for kind in device.kinds:
            found.setdefault(kind, set()).add(device.domain)
    return {kind: frozenset(domains) for kind, domains in found.items()}


def single_devices(household: Household) -> dict[tuple[str, str], str]:
    """(area, kind) -> the device, for every area that holds exactly one device of that kind (卧室的灯 is
    the bedroom light when the bedroom has one light)."""
    found: dict[tuple[str, str], list[str]] = {}
    for device in household.devices.values():
        for kind in device.kinds:
            if device.area:
                found.setdefault((device.area, kind), []).append(device.id)
    return {key: ids[0] for key, ids in found.items() if len(ids) == 1}


def room_kind_names(household: Household) -> dict[str, tuple[str, str]]:
    """Device names that say a room and a kind (客厅的灯, "kitchen light") -> (area, kind): said with an
    all-word (客厅的灯都打开) they mean every device of that kind there. Keys: lower case, no spaces."""
    found: dict[str, tuple[str, str]] = {}
    for device in household.devices.values():
        area = household.areas.get(device.area)
        if area is None:
            continue
        rooms = [alias for names in area.names.values() for alias in names]
        kinds = [
            (kind, alias)
            for kind in device.kinds
            for names in household.domain_names.get(kind, {}).values()
            for alias in names
        ]
        said = {_key(alias) for names in device.names.values() for alias in names}
        for room in rooms:
            for kind, alias in kinds:
                for joined in (room + alias, room + "的" + alias, room + "里的" + alias):
                    if _key(joined) in said:
                        found[_key(joined)] = (area.id, kind)
    return found


def _key(name: str) -> str:
    return "".join(name.lower().split())
