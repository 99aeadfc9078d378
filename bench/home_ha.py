"""Home Assistant backend: intent -> call_service latency on a fake Home Assistant (loopback), and a
500-entity household: registry import, NLU build, parse time against the demo household, grammar size.

.venv/bin/python bench/home_ha.py [--commands 200] [--parses 400] [--entities 500]

Intent -> service call: a recognized ``home.turn_on`` / ``home.turn_off`` handed to the home skill, which
sends ``call_service`` over the WebSocket and returns after Home Assistant's result (target: median
<= 20 ms). Parse: ``recognize()`` on home commands naming devices of each household (target: median
<= 1 ms and within 2x of the demo household's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.home_ha.fake_ha import TOKEN, FakeHomeAssistant
from ting.nlu import IntentRecognizer, SentenceFile, load_household
from ting.nlu.grammar import export
from ting.nlu.registry import Household
from ting.nlu.sentences import load_sentence_file
from ting.server.home_ha import open_home_assistant
from ting.settings import HomeAssistantSettings, SkillsSettings
from ting.skills.home import skill as home_skill
from ting.skills.sdk import IntentRequest
from ting.skills.sdk.loader import load_skills
from ting.skills.sdk.testing import make_services

ROOMS_ZH = [
    *(
        "客厅",
        "卧室",
        "书房",
        "厨房",
        "餐厅",
        "阳台",
        "儿童房",
        "客房",
        "卫生间",
        "车库",
        "门厅",
        "衣帽间",
        "走廊",
    ),
    *(
        "楼梯",
        "地下室",
        "花园",
        "主卧",
        "次卧",
        "影音室",
        "健身房",
        "洗衣房",
        "储藏室",
        "茶室",
        "琴房",
        "阁楼",
    ),
]
KINDS = [
    ("light", "灯", "light"),
    ("switch", "插座", "plug"),
    ("sensor", "温度计", "thermometer"),
    ("cover", "窗帘", "curtains"),
    ("fan", "风扇", "fan"),
]


def big_household(entities: int) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """``entities`` entities over 25 areas on 3 floors, each with a Chinese name and an English alias."""
    states: dict[str, dict[str, Any]] = {}
    entries: list[dict[str, Any]] = []
    areas = [
        {"area_id": f"room{i}", "name": name, "aliases": [f"room {i}"], "floor_id": f"floor{i % 3}"}
        for i, name in enumerate(ROOMS_ZH)
    ]
    for n in range(entities):
        domain, zh, en = KINDS[n % len(KINDS)]
        room = n % len(ROOMS_ZH)
        entity_id = f"{domain}.e{n}"
        attributes: dict[str, Any] = {"friendly_name": f"{ROOMS_ZH[room]}{zh}{n}"}
        if domain == "light":
            attributes["supported_color_modes"] = ["brightness"]
        if domain == "sensor":
            attributes.update(device_class="temperature", unit_of_measurement="°C")
        states[entity_id] = {"entity_id": entity_id, "state": "off", "attributes": attributes}
        entries.append(
            {"entity_id": entity_id, "area_id": f"room{room}", "aliases": [f"room {room} {en} {n}"]}
        )
    floors = [
        {"floor_id": f"floor{i}", "name": f"{'一二三'[i]}楼", "aliases": [], "level": i} for i in range(3)
    ]
    registries = {
        "config/floor_registry/list": floors,
        "config/area_registry/list": areas,
        "config/device_registry/list": [],
        "config/entity_registry/list": entries,
    }
    return states, registries


def settings_for(fake: FakeHomeAssistant) -> HomeAssistantSettings:
    return HomeAssistantSettings(url=fake.url, token=TOKEN, timeout_seconds=30.0)


async def command_latency(commands: int) -> list[float]:
    async with FakeHomeAssistant() as fake, AsyncExitStack() as stack:
        household, home = await open_home_assistant(settings_for(fake), load_household(None), stack)
        services = await make_services(household=household, home=home)
        handler = home_skill.handlers["home.turn_on"]
        off = home_skill.handlers["home.turn_off"]
        seconds: list[float] = []
        for n in range(commands):
            intent = "home.turn_on" if n % 2 == 0 else "home.turn_off"
            request = IntentRequest(intent=intent, slots={"device": "light.kitchen"}, lang="zh")
            started = time.perf_counter()
            answer = await (handler if n % 2 == 0 else off)(request, services)
            seconds.append(time.perf_counter() - started)
            assert answer.ok, answer.text
        assert len(fake.calls) == commands
        return seconds


async def import_household(entities: int) -> tuple[float, Household]:
    states, registries = big_household(entities)
    async with FakeHomeAssistant(states=states, registries=registries) as fake, AsyncExitStack() as stack:
        started = time.perf_counter()
        household, _ = await open_home_assistant(settings_for(fake), load_household(None), stack)
        return time.perf_counter() - started, household


def nlu(household: Household) -> tuple[float, IntentRecognizer]:
    skills = load_skills(SkillsSettings())
    files = [SentenceFile(skill=s, lang=lang, path=path) for s, lang, path in skills.sentence_files()]
    started = time.perf_counter()
    recognizer = IntentRecognizer.from_files(files, household)
    return time.perf_counter() - started, recognizer


def parse_ms(recognizer: IntentRecognizer, household: Household, parses: int) -> float:
    names = [
        (device.names.get("zh", ("",))[0], device.names.get("en", ("",))[0])
        for device in household.devices.values()
    ]
    names = [(zh, en) for zh, en in names if zh and en][:40]
    utterances = [(f"打开{zh}", "zh") for zh, _ in names] + [(f"turn off the {en}", "en") for _, en in names]
    times: list[float] = []
    for n in range(parses):
        text, lang = utterances[n % len(utterances)]
        started = time.perf_counter()
        recognition = recognizer.recognize(text, lang=lang)
        times.append(time.perf_counter() - started)
        assert recognition is not None and recognition.intent_name.startswith("home."), text
    return statistics.median(times) * 1000


def grammar_bytes(household: Household) -> dict[str, int]:
    folder = Path(home_skill.sentences)
    data = [load_sentence_file(folder / f"{lang}.yaml", lang) for lang in ("zh", "en")]
    sizes = {}
    for lang in ("zh", "en"):
        sizes[f"vosk_{lang}"] = len(export(data, household, lang, "vosk").encode())
        sizes[f"jsgf_{lang}"] = len(export(data, household, lang, "jsgf").encode())
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--parses", type=int, default=400)
    parser.add_argument("--entities", type=int, default=500)
    args = parser.parse_args()
    latencies = asyncio.run(command_latency(args.commands))
    import_seconds, big = asyncio.run(import_household(args.entities))
    demo = load_household(None)
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load": os.getloadavg(),
        "intent_to_call_service_ms": {
            "median": round(statistics.median(latencies) * 1000, 2),
            "p90": round(statistics.quantiles(latencies, n=10)[-1] * 1000, 2),
        },
        "big_household": {
            "entities": len(big.devices),
            "areas": len(big.areas),
            "import_s": round(import_seconds, 3),
        },
    }
    for name, household in (("demo", demo), ("big", big)):
        build_seconds, recognizer = nlu(household)
        results[name] = {
            "nlu_build_s": round(build_seconds, 2),
            "parse_median_ms": round(parse_ms(recognizer, household, args.parses), 3),
            "grammar_bytes": grammar_bytes(household),
        }
    results["parse_ratio_big_vs_demo"] = round(
        results["big"]["parse_median_ms"] / results["demo"]["parse_median_ms"], 2
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
