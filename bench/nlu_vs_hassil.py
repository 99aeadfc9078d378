"""ting's NLU vs hassil + home-assistant-intents on the utterances of tests/nlu, in one run.

.venv/bin/python bench/nlu_vs_hassil.py [--repeat 5]

Both get the demo household: hassil as slot lists (``name``: device and scene aliases -> ids,
``area``: area aliases -> ids). Accuracy counts the utterances whose expected intent has a Home
Assistant counterpart (``HA_TO_TING``); a hassil answer is right when its intent maps to ours and,
where the test expects a device, area or scene, hassil's ``name``/``area`` agree. Also: parse time per
utterance (median, p99) for both, ting's cold start (load every skill's sentences and compile) and
the memory of the compiled NLU (tracemalloc).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hassil import Intents, recognize  # noqa: E402
from hassil.intents import TextSlotList  # noqa: E402
from home_assistant_intents import get_intents  # noqa: E402

from tests.nlu.catalog import NOW  # noqa: E402
from ting.cli.nlu import build_recognizer  # noqa: E402
from ting.nlu import Household, IntentRecognizer, load_household  # noqa: E402
from ting.settings import Settings  # noqa: E402

HA_TO_TING = {
    "HassTurnOn": "home.turn_on",
    "HassTurnOff": "home.turn_off",
    "HassLightSet": "home.set_brightness",
    "HassClimateSetTemperature": "home.set_temperature",
    "HassGetState": "home.get_state",
    "HassMediaPause": "music.pause",
    "HassMediaUnpause": "music.resume",
    "HassMediaNext": "music.next",
    "HassMediaPrevious": "music.previous",
    "HassMediaSearchAndPlay": "music.play",
    "HassSetVolume": "volume.set",
    "HassSetVolumeRelative": "volume.change",
    "HassGetWeather": "weather.get",
    "HassGetCurrentTime": "system.time",
    "HassGetCurrentDate": "system.date",
    "HassNevermind": "system.cancel",
    "HassStartTimer": "timer.set",
    "HassCancelTimer": "timer.cancel",
    "HassTimerStatus": "timer.status",
}
SHARED = frozenset(HA_TO_TING.values()) | {"home.activate_scene"}
HA_LANGUAGE = {"en": "en", "zh": "zh-CN"}
TABLES = {"en": ("test_recognizer_en", "test_catalog_media_en", "test_catalog_time_en"), "zh": ()}
TABLES["zh"] = ("test_recognizer_zh", "test_catalog_media_zh", "test_catalog_time_zh")
Case = tuple[str, Any, dict[str, Any]]


def cases(lang: str) -> list[Case]:
    """Every (text, intent, slots) row of the language's test tables that exist."""
    rows: list[Case] = []
    for name in TABLES[lang]:
        try:
            module = importlib.import_module(f"tests.nlu.{name}")
        except ImportError:
            continue
        rows.extend(getattr(module, "CASES", []))
    return rows


def hassil_lists(household: Household, lang: str) -> dict[str, TextSlotList]:
    """The household as Home Assistant gives it to hassil: entity names with their domain as context (HA's
    sentences ask for it: ``requires_context: domain: media_player``), scenes as ``scene`` names, areas."""
    devices = [
        (alias, device.id, {"domain": device.domain})
        for device in household.devices.values()
        for alias in device.names.get(lang, ())
    ]
    scenes = [
        (alias, s.id, {"domain": "scene"})
        for s in household.scenes.values()
        for alias in s.names.get(lang, ())
    ]
    areas = [(alias, a.id) for a in household.areas.values() for alias in a.names.get(lang, ())]
    return {
        "name": TextSlotList.from_tuples(devices + scenes),
        "area": TextSlotList.from_tuples(areas),
        "floor": TextSlotList.from_tuples([]),
    }


DEFAULT_SATELLITE_AREA = "living_room"
"""The area of the satellite a sentence without a site is said to (HA always knows its satellite's area)."""


def hassil_answer(
    text: str, intents: Intents, lists: dict[str, TextSlotList], household: Household, area: str | None = None
) -> Any:
    """hassil's reading with the satellite's area as intent context, as Home Assistant calls it (its
    sentences without a place, 下一首 / "pause", require ``area`` in the context)."""
    context = {"area": area or DEFAULT_SATELLITE_AREA}
    try:
        result = recognize(text, intents, slot_lists=lists, intent_context=context)
    except Exception:  # a missing list in some HA sentence: not understood
        return None, {}
    if result is None:
        return None, {}
    entities = {name: entity.value for name, entity in result.entities.items()}
    intent = HA_TO_TING.get(result.intent.name, result.intent.name)
    if intent == "home.turn_on" and entities.get("name") in household.scenes:
        intent = "home.activate_scene"
    return intent, entities


def ha_correct(expected: str, slots: dict[str, Any], got: Any, household: Household | None = None) -> bool:
    """Intent and place right. A device may be named as HA reads it, area + domain ("the kitchen light" is
    light in the kitchen), when it is the only one of its domain there."""
    intent, entities = got
    if intent != expected:
        return False
    if household is not None and "device" in slots and "name" not in entities:
        device = household.devices.get(slots["device"])
        alike = [
            d for d in household.devices.values()
            if device is not None and d.area == device.area and d.domain == device.domain
        ]  # fmt: skip
        return (
            device is not None and len(alike) == 1
            and entities.get("area") == device.area and entities.get("domain") in (None, device.domain)
        )  # fmt: skip
    for ours, theirs in (("device", "name"), ("scene", "name"), ("area", "area")):
        if ours in slots and entities.get(theirs) != slots[ours]:
            return False
    return True


def timed(call: Callable[[], Any], repeat: int) -> tuple[Any, list[float]]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    return result, times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def cold_start() -> tuple[IntentRecognizer, float, float]:
    """Build time (without tracing, which slows Python down) and then the traced size of a second build."""
    start = time.perf_counter()
    build_recognizer(Settings())
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    recognizer = build_recognizer(Settings())
    gc.collect()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return recognizer, seconds, current / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="parses of each utterance per system")
    args = parser.parse_args()
    recognizer, cold_seconds, memory_mb = cold_start()
    household = load_household(None)
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"ting cold start (load + compile every skill's sentences): {cold_seconds * 1000:.0f} ms")
    print(f"ting compiled NLU memory (tracemalloc): {memory_mb:.1f} MB")
    for lang in ("en", "zh"):
        start = time.perf_counter()
        intents = Intents.from_dict(get_intents(HA_LANGUAGE[lang]))
        hassil_load = time.perf_counter() - start
        lists = hassil_lists(household, lang)
        rows = cases(lang)
        shared = [row for row in rows if row[1] in SHARED]
        ting_times: list[float] = []
        ha_times: list[float] = []
        ting_right = ha_right = 0
        for text, intent, slots in rows:
            result, times = timed(
                lambda t=text, code=lang: recognizer.recognize(t, lang=code, now=NOW), args.repeat
            )
            ting_times.extend(times)
            answer, times = timed(
                lambda t=text, i=intents, s=lists: hassil_answer(t, i, s, household), args.repeat
            )
            ha_times.extend(times)
            if intent in SHARED:
                ting_right += result is not None and (result.intent_name, result.slot_values()) == (
                    intent,
                    slots,
                )
                ha_right += ha_correct(intent, slots, answer, household)
        print(
            f"\n[{lang}] {len(rows)} utterances, {len(shared)} with a shared intent; "
            f"hassil load {hassil_load:.2f} s"
        )
        print(
            f"  accuracy on shared intents: ting {ting_right}/{len(shared)} = {ting_right / len(shared):.0%},"
            f" hassil {ha_right}/{len(shared)} = {ha_right / len(shared):.0%}"
        )
        for name, values in (("ting", ting_times), ("hassil", ha_times)):
            print(
                f"  {name:6} parse ms: median {statistics.median(values):.3f},"
                f" p99 {percentile(values, 0.99):.3f}"
            )


if __name__ == "__main__":
    main()
