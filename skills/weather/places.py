"""Which place a question is about: the one said (looked up with the geocoder, asked back when the
name is ambiguous), else home from ``[skills.weather]`` (coordinates, or a city looked up once)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ting.skills.weather.model import Place
from ting.skills.weather.phrases import say
from ting.skills.weather.service import WeatherService
from ting.skills.weather.settings import WeatherSettings

AMBIGUOUS_POPULATION_RATIO = 3.0
"""Two places of one name: the bigger is taken when it is at least this many times bigger."""
NOT_PLACES = frozenset(
    {"现在", "外面", "这里", "这边", "家里", "我们这", "我们这里", "这儿", "今天", "here", "outside"}
)
"""Words a wildcard place may catch that mean "here" (现在的天气怎么样, 外面的天气)."""
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Resolved:
    place: Place | None
    """None: ``problem`` says why (no home set, no such place, which one?)."""
    problem: str = ""
    asked: bool = False
    """The place was said (answers name it)."""


async def resolve(
    said: str | None, lang: str, settings: WeatherSettings, service: WeatherService
) -> Resolved:
    if said and said.strip().lower() not in NOT_PLACES:
        return await _said(said.strip(), lang, service)
    if settings.latitude is not None and settings.longitude is not None:
        return Resolved(Place(settings.city or "home", settings.latitude, settings.longitude))
    if not settings.city:
        return Resolved(None, say("no_home", lang))
    home = await service.geocode(settings.city, _language_of(settings.city))
    if not home:
        return Resolved(None, say("unknown_place", lang, name=settings.city))
    return Resolved(_pick(home, _language_of(settings.city))[0] or home[0])


async def _said(name: str, lang: str, service: WeatherService) -> Resolved:
    places = await service.geocode(name, _language_of(name) if _CJK.search(name) else lang)
    if not places:
        places = await _qualified(name, lang, service)
    if not places:
        return Resolved(None, say("unknown_place", lang, name=name), asked=True)
    place, choices = _pick(places, lang)
    if place is None:
        options = say("or", lang).join(_label(choice, lang) for choice in choices)
        return Resolved(None, say("which_place", lang, name=name, options=options), asked=True)
    return Resolved(place, asked=True)


async def _qualified(name: str, lang: str, service: WeatherService) -> list[Place]:
    """ "Springfield, Illinois" / "Springfield Illinois": the place, then the region among its matches;
    杭州西湖区: the district (西湖区), else the city (杭州)."""
    if _CJK.search(name):
        return await _chinese_parts(name, service)
    parts = [part for part in re.split(r"[,\s]+", name) if part]
    for cut in range(len(parts) - 1, 0, -1):
        base, region = " ".join(parts[:cut]), " ".join(parts[cut:]).lower()
        found = [
            place
            for place in await service.geocode(base, lang)
            if region in place.admin.lower() or region in place.country.lower()
        ]
        if found:
            return found
    return []


def _pick(places: list[Place], lang: str) -> tuple[Place | None, list[Place]]:
    """The place meant, or None and the places to ask about."""
    same = [place for place in places if place.name.lower() == places[0].name.lower()] or places[:1]
    if lang == "zh":
        chinese = [place for place in same if place.country in ("中国", "China")]
        same = chinese or same  # 朝阳 is 北京朝阳区 by default in China
    ranked = sorted(same, key=lambda place: -place.population)
    if len(ranked) == 1 or ranked[0].population >= AMBIGUOUS_POPULATION_RATIO * max(ranked[1].population, 1):
        return ranked[0], []
    if lang == "zh" and all(place.country in ("中国", "China") for place in ranked):
        return ranked[0], []
    return None, ranked[:3]


def _label(place: Place, lang: str) -> str:
    if lang == "zh":
        return f"{place.admin}的{place.name}" if place.admin else place.name
    return f"{place.name}, {place.admin}" if place.admin else f"{place.name}, {place.country}"


def _language_of(name: str) -> str:
    return "zh" if _CJK.search(name) else "en"


async def _chinese_parts(name: str, service: WeatherService) -> list[Place]:
    """A district said with its city (杭州西湖区, 北京市朝阳区): the district first, then the city."""
    cuts = [index + 1 for index, char in enumerate(name[:-1]) if char in "省市" and index >= 1]
    cuts += [cut for cut in range(len(name) - 2, 1, -1) if cut not in cuts]
    for cut in cuts:
        district = name[cut:]
        if len(district) >= 2 and district[-1] in "区县旗镇":
            found = await service.geocode(district, "zh")
            if found:
                return found
    for cut in range(len(name) - 1, 1, -1):
        found = await service.geocode(name[:cut].rstrip("省市"), "zh")
        if found:
            return found
    return []
