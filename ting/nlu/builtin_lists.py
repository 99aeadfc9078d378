"""The lists every template may use without declaring them: the household registry's names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ting.nlu.fillers import NAME_PREFIXES
from ting.nlu.lists import ValueList
from ting.nlu.registry import Household, Names


def registry_lists(household: Household) -> dict[str, ValueList]:
    """The built-in lists ``device``, ``area``, ``floor``, ``scene`` and ``domain``, aliases of every
    language."""

    def aliases(items: Iterable[tuple[str, Names]]) -> list[tuple[str, str]]:
        return [
            (alias, item_id)
            for item_id, names in items
            for lang_names in names.values()
            for alias in lang_names
        ]

    return {
        "device": ValueList.from_aliases(
            "device", aliases((d.id, d.names) for d in household.devices.values()), fuzzy=True
        ),
        "area": ValueList.from_aliases(
            "area", aliases((a.id, a.names) for a in household.areas.values()), fuzzy=True
        ),
        "floor": ValueList.from_aliases(
            "floor", aliases((f.id, f.names) for f in household.floors.values()), fuzzy=True
        ),
        "scene": ValueList.from_aliases("scene", aliases((s.id, s.names) for s in household.scenes.values())),
        "domain": ValueList.from_aliases("domain", aliases(household.domain_names.items())),
    }


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
