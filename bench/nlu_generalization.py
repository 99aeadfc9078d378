"""ting's NLU on text its authors did not write: the blind corpus of bench/corpus/nlu, held-out first.

.venv/bin/python bench/nlu_generalization.py [--split heldout14|...|dev13|...|dev|tuning|all]
    [--misses N] [--no-peer] [--whole-household]

Every figure is printed twice, from the same recognizer in the same run: with the templates only and with the
statistical second pass (``nlu.fallback``, ting/nlu/fallback/) for what the templates refuse, and the ratio.

heldout14 is the newest blind held-out set (written 2026-12-07 by a twenty-sixth and a twenty-seventh
blind writer, one per language, with out_of_scope20 and no dev set: half plain phrasings, a quarter typed in
a family chat, a quarter as a speech recognizer prints speech, while dev12 was tuned on); heldout13 was
written the same day by a twenty-second and a twenty-third, with out_of_scope18 and no dev set, half plain
phrasings, while dev11's kinds were
tuned on); heldout12 was written the same day by a twentieth and a twenty-first, with out_of_scope17 and no
dev set, after dev11 was tuned on, in the voices of set 12; heldout11 was written the same day by a sixteenth
and a seventeenth blind writer, one per language, with out_of_scope15 and no dev set, like heldout10 by a
fourteenth and a fifteenth the same day with out_of_scope14: nothing of theirs is tuned on); heldout9 was
written the same day by a twelfth and a thirteenth, with dev10, out_of_scope12 and out_of_scope13 (measured
only); heldout8 the same day by a tenth and an eleventh, with dev9, out_of_scope10 and out_of_scope11
(measured only too); heldout7 on 2026-12-06 by a ninth, with dev8 and out_of_scope9 (measured only, as 2 and
6); heldout6 the same day by a sixth, with out_of_scope6 and no dev set: nothing of that writer is tuned on;
heldout5 the same day by a fifth, with dev5 and out_of_scope5; heldout4 was written 2026-12-05 by a fourth,
with dev4 and out_of_scope4; heldout3 on 2026-12-04 by a third, with dev3 and out_of_scope3; heldout2 earlier
that day; heldout is the first one (measured several times since, so its figures guided work). dev13 (by a
twenty-eighth and a twenty-ninth writer, with out_of_scope21, in set 17's voices; not yet among the second
pass's examples), dev12 (by a twenty-fourth and a twenty-fifth, with out_of_scope19, in set 15's voices; among
the second pass's examples and a leave-one-out fold), dev11 (by an eighteenth and a nineteenth writer, with
out_of_scope16, for the voices heldout11 found hard), dev10, dev9, dev8, dev7 (a seventh writer, with
out_of_scope7 of near misses, no held-out set), dev5, dev4, dev3 and dev are the tuning sets (``--split
tuning``: all eleven, the parse times over all their sentences, for tuning speed on). The default, all, prints
the held-out sets newest first, then the dev sets; out-of-scope false accepts are counted on every
out-of-scope set, newest first (a run on a tuning split alone leaves 20, 18, 17, 15, 14, 13, 11, 9, 6 and 2
unseen).

The corpus runs on the household it was written for (demo-home.md's ten devices, five areas, four scenes:
``corpus_household``); out-of-scope false accepts are also printed on ting's whole demo household, whose
extra devices some out-of-scope sentences name. ``--whole-household`` runs the corpus (and the peer) on ting's
whole demo household instead, to show what the choice of household changes.

Frame accuracy: the intent and every slot right. The words-as-said slots are compared case-insensitively
and trimmed; a ``location`` may also be the city's common name in the other script, as the catalog allows
(北京 = Beijing, by their pinyin; 臺北 = Taipei, 香港 = Hong Kong, by a short table); a slot ting adds beyond
the expected ones counts as wrong, except ``area`` equal to the room the sentence was said in. Printed per
language, per intent and per phrasing kind;
out-of-scope false accepts; parse time (median, p99) on the demo household and on a generated 500-entity
household. The peer, hassil with home-assistant-intents, runs in the same process on the sentences whose
intent Home Assistant has (intent plus device/area/scene compared, as in bench/nlu_vs_hassil.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ting.cli.nlu import build_recognizer  # noqa: E402
from ting.clock import HouseholdClock  # noqa: E402
from ting.nlu import IntentRecognizer, Recognition, load_household  # noqa: E402
from ting.nlu.fallback import FallbackOptions  # noqa: E402
from ting.nlu.registry import Area, Device, Household  # noqa: E402
from ting.settings import Settings  # noqa: E402

CORPUS = ROOT / "bench" / "corpus" / "nlu"
ZONE = ZoneInfo("Asia/Shanghai")
CPU_MS: list[float] = []
TEMPLATE_CPU_MS: list[float] = []
BIG_CPU_MS: list[float] = []
TEMPLATE_CPU_MS: list[float] = []
"""CPU time of this thread per parse (ms): on a loaded machine the wall time is mostly waiting for a core."""
WORD_SLOTS = {"artist", "song", "album", "playlist", "location", "message", "label"}
CORPUS_DEVICES = frozenset(
    {"living_room_light", "living_room_ac", "living_room_curtain", "tv", "bedroom_light", "bedroom_ac"}
    | {"kitchen_light", "range_hood", "desk_lamp", "water_heater"}
)
CORPUS_AREAS = frozenset({"living_room", "bedroom", "kitchen", "study", "bathroom"})
CORPUS_SCENES = frozenset({"movie", "sleep", "away", "home"})
"""The household the corpus was written for (/work/shared/spec/demo-home.md, see its README): ting's demo
household has more devices (a robot vacuum, a garage door, a door lock ...), which the out-of-scope sets
name as things this home does not have ("打开扫地机器人", "open the garage door")."""


@dataclass(frozen=True)
class Sentence:
    text: str
    lang: str
    intent: str | None
    slots: dict[str, Any]
    kinds: tuple[str, ...]
    site: str | None


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    def __str__(self) -> str:
        return f"{self.right}/{self.total} = {self.right / self.total:.1%}" if self.total else "-"


def load(name: str) -> tuple[datetime, list[Sentence]]:
    data = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))
    now = datetime.fromisoformat(data["now"]).replace(tzinfo=ZONE)
    sentences = [
        Sentence(s["text"], s["lang"], s["intent"], dict(s.get("slots") or {}), tuple(s.get("kind") or ()),
                 s.get("site"))
        for s in data["sentences"]
    ]  # fmt: skip
    return now, sentences


# Common English names of cities that are not the pinyin of their Chinese names (postal and Wade-Giles
# spellings, and cities abroad).
NOT_PINYIN = {
    "taipei": "taibei",
    "hongkong": "xianggang",
    "macau": "aomen",
    "macao": "aomen",
    "kaohsiung": "gaoxiong",
    "harbin": "haerbin",
    "urumqi": "wulumuqi",
    "hohhot": "huhehaote",
    # cities abroad by their Chinese names' pinyin: 首尔 = Seoul
    "seoul": "shouer",
    "tokyo": "dongjing",
    "osaka": "daban",
    "kyoto": "jingdu",
    "singapore": "xinjiapo",
    "bangkok": "mangu",
    "newyork": "niuyue",
    "london": "lundun",
    "paris": "bali",
    "sydney": "xini",
    "melbourne": "moerben",
    "vancouver": "wengehua",
    "toronto": "duolunduo",
    "losangeles": "luoshanji",
    "sanfrancisco": "jiujinshan",
    "moscow": "mosike",
    "berlin": "bolin",
}


def _folded(text: str) -> str:
    from pypinyin import lazy_pinyin

    folded = "".join(lazy_pinyin(text)).replace(" ", "").replace("-", "").replace("'", "").lower()
    return NOT_PINYIN.get(folded, folded)


def same_value(name: str, expected: Any, got: Any) -> bool:
    if name in WORD_SLOTS:
        said, given = str(expected).strip().lower(), str(got).strip().lower()
        if said == given:
            return True
        # the catalog allows a city "as said, or its common English/Chinese name": 北京 -> Beijing counts
        return name == "location" and _folded(said) == _folded(given)
    if isinstance(expected, int | float) and isinstance(got, int | float) and not isinstance(got, bool):
        return abs(float(expected) - float(got)) < 1e-9
    return bool(expected == got)


def frame_ok(sentence: Sentence, result: Recognition | None, household: Household) -> bool:
    if result is None or result.intent_name != sentence.intent:
        return False
    got = result.slot_values()
    site_area = household.area_for_site(sentence.site) if sentence.site else None
    for name, value in got.items():
        if name not in sentence.slots and not (name == "area" and value == site_area):
            return False
    return all(name in got and same_value(name, value, got[name]) for name, value in sentence.slots.items())


def describe(result: Recognition | None) -> str:
    return "nothing" if result is None else f"{result.intent_name} {result.slot_values()}"


def evaluate(
    recognizer: IntentRecognizer, sentences: list[Sentence], now: datetime, statistical: bool = True
) -> tuple[dict[str, Tally], dict[tuple[str, str], Tally], dict[tuple[str, str], Tally], list[float]]:
    by_lang: dict[str, Tally] = defaultdict(Tally)
    by_intent: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_kind: dict[tuple[str, str], Tally] = defaultdict(Tally)
    times: list[float] = []
    household = recognizer.household
    for sentence in sentences:
        area = household.area_for_site(sentence.site) if sentence.site else None
        start, cpu = time.perf_counter(), time.thread_time()
        result = recognizer.recognize(
            sentence.text, lang=sentence.lang, area=area, now=now, statistical=statistical
        )
        times.append((time.perf_counter() - start) * 1000)
        (CPU_MS if statistical else TEMPLATE_CPU_MS).append((time.thread_time() - cpu) * 1000)
        ok = frame_ok(sentence, result, household)
        miss = f"{sentence.text!r}: expected {sentence.intent} {sentence.slots}, got {describe(result)}"
        by_lang[sentence.lang].add(ok, miss)
        by_intent[(sentence.lang, str(sentence.intent))].add(ok, miss)
        for kind in sentence.kinds:
            by_kind[(sentence.lang, kind)].add(ok, miss)
    return by_lang, by_intent, by_kind, times


def false_accepts(
    recognizer: IntentRecognizer, now: datetime, name: str, statistical: bool = True
) -> dict[str, Tally]:
    _, sentences = load(name)
    tallies: dict[str, Tally] = defaultdict(Tally)
    for sentence in sentences:
        result = recognizer.recognize(sentence.text, lang=sentence.lang, now=now, statistical=statistical)
        tallies[sentence.lang].add(result is None, f"{sentence.text!r} -> {describe(result)}")
    return tallies


def peer(sentences: list[Sentence], household: Household) -> dict[str, tuple[Tally, Tally]]:
    """(ting, hassil) on the sentences whose intent Home Assistant has, per language: intent + entities."""
    from hassil import Intents
    from home_assistant_intents import get_intents
    from nlu_vs_hassil import HA_LANGUAGE, SHARED, ha_correct, hassil_answer, hassil_lists

    results: dict[str, tuple[Tally, Tally]] = {}
    for lang in ("zh", "en"):
        intents = Intents.from_dict(get_intents(HA_LANGUAGE[lang]))
        lists = hassil_lists(household, lang)
        theirs = Tally()
        for sentence in sentences:
            if sentence.lang == lang and sentence.intent in SHARED:
                area = household.area_for_site(sentence.site) if sentence.site else None
                answer = hassil_answer(sentence.text, intents, lists, household, area)
                theirs.add(ha_correct(str(sentence.intent), sentence.slots, answer, household), sentence.text)
        results[lang] = (Tally(), theirs)
    return results


def corpus_household() -> Household:
    """ting's demo household with only the corpus's devices, areas and scenes (``CORPUS_DEVICES`` ...)."""
    demo = load_household(None)
    return replace(
        demo,
        devices={key: device for key, device in demo.devices.items() if key in CORPUS_DEVICES},
        areas={key: area for key, area in demo.areas.items() if key in CORPUS_AREAS},
        scenes={key: scene for key, scene in demo.scenes.items() if key in CORPUS_SCENES},
    )


def large_household(size: int = 500) -> Household:
    """``size`` devices over 50 rooms (names like 'lamp 17 in room 3' / 房间3的灯17), for parse time."""
    demo = load_household(None)
    areas = {f"room{n}": Area(f"room{n}", {"zh": (f"房间{n}",), "en": (f"room {n}",)}) for n in range(50)}
    devices = {
        f"lamp{n}": Device(
            id=f"lamp{n}", area=f"room{n % 50}", domain="light",
            names={"zh": (f"房间{n % 50}的灯{n}",), "en": (f"lamp {n} in room {n % 50}",)},
            capabilities=frozenset({"on_off", "brightness"}),
        )
        for n in range(size)
    }  # fmt: skip
    return replace(demo, areas={**demo.areas, **areas}, devices={**demo.devices, **devices})


def parse_times(recognizer: IntentRecognizer, sentences: list[Sentence], now: datetime) -> list[float]:
    times = []
    for sentence in sentences:
        start, cpu = time.perf_counter(), time.thread_time()
        recognizer.recognize(sentence.text, lang=sentence.lang, now=now)
        times.append((time.perf_counter() - start) * 1000)
        BIG_CPU_MS.append((time.thread_time() - cpu) * 1000)
    return times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(name: str, recognizer: IntentRecognizer, args: argparse.Namespace) -> list[float]:
    now, sentences = load(name)
    alone, _, _, _ = evaluate(recognizer, sentences, now, statistical=False)
    by_lang, by_intent, by_kind, times = evaluate(recognizer, sentences, now)
    print(f"\n## {name}: frame accuracy (templates only -> with the statistical second pass)")
    for lang in ("zh", "en"):
        ratio = by_lang[lang].right / max(alone[lang].right, 1)
        print(f"  {lang}: {alone[lang]} -> {by_lang[lang]} ({ratio:.2f}x)")
    if not args.no_peer:
        ha = peer(sentences, recognizer.household)
        for lang, (_, theirs) in ha.items():
            shared = [s for s in sentences if s.lang == lang and s.intent in _shared()]
            household = recognizer.household
            ours = sum(
                frame_ok(s, recognizer.recognize(s.text, lang=lang, now=now), household) for s in shared
            )
            share = f"{ours}/{len(shared)} = {ours / max(len(shared), 1):.1%}"
            print(f"  {lang}, the {len(shared)} with a hassil intent: ting {share}, hassil {theirs}")
    print(f"\n### {name}: per intent")
    for (lang, intent), tally in sorted(by_intent.items()):
        print(f"  {lang} {intent:<22} {tally}")
    print(f"\n### {name}: per kind")
    for (lang, kind), tally in sorted(by_kind.items()):
        print(f"  {lang} {kind:<16} {tally}")
    if args.misses:
        print(f"\n### {name}: misses (first {args.misses} per language)")
        for lang in ("zh", "en"):
            for miss in by_lang[lang].misses[: args.misses]:
                print(f"  {lang} {miss}")
    return times


def _newest_first(oos_name: str) -> int:
    return -int(oos_name.removeprefix("out_of_scope") or 1)


def _shared() -> frozenset[str]:
    from nlu_vs_hassil import SHARED

    return SHARED


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    splits_in_order = (
        "heldout14",
        *("heldout13", "heldout12", "heldout11", "heldout10", "heldout9", "heldout8", "heldout7", "heldout6"),
        *("heldout5", "heldout4", "heldout3", "heldout2", "heldout"),
        *("dev13", "dev12", "dev11", "dev10", "dev9", "dev8", "dev7", "dev5", "dev4", "dev3", "dev"),
    )
    tuning_splits = [name for name in splits_in_order if name.startswith("dev")]
    parser.add_argument(
        "--split",
        choices=[*splits_in_order, "tuning", "all"],
        default="all",
        help="one set; tuning: every dev set (no held-out one); all: every set",
    )
    parser.add_argument("--misses", type=int, default=0, help="print this many misses per language")
    parser.add_argument("--no-peer", action="store_true", help="skip hassil")
    parser.add_argument(
        "--whole-household",
        action="store_true",
        help="run the corpus on ting's whole demo household instead of the one it was written for",
    )
    args = parser.parse_args()
    settings = Settings()
    household = load_household(None) if args.whole_household else corpus_household()
    recognizer = IntentRecognizer.from_files(
        _files(), household, confidence_threshold=settings.nlu.confidence_threshold,
        clock=HouseholdClock(settings.household.timezone), fallback=fallback_options(settings),
    )  # fmt: skip
    available = [name for name in splits_in_order if (CORPUS / f"{name}.yaml").exists()]
    chosen = {"all": available, "tuning": [name for name in tuning_splits if name in available]}
    splits = chosen.get(args.split, [args.split])
    times: list[float] = []
    for name in splits:
        times += report(name, recognizer, args)
    now, _ = load("dev")
    # The out-of-scope files written with held-out sets (2, 6, 9, 11, 13, 14, 15, 17, 18) are measured only: a
    # run on a tuning split alone leaves them unseen. The others are tuned on.
    tuning = args.split in (*tuning_splits, "tuning")
    tuning_oos = [f"out_of_scope{k}" for k in (21, 19, 16, 12, 10, 8, 7, 5, 4, 3)] + ["out_of_scope"]
    measured_only = [f"out_of_scope{k}" for k in (20, 18, 17, 15, 14, 13, 11, 9, 6, 2)]
    oos_names = tuning_oos if tuning else sorted(tuning_oos + measured_only, key=_newest_first)
    for oos_name in oos_names:
        if not (CORPUS / f"{oos_name}.yaml").exists():
            continue
        oos = false_accepts(recognizer, now, oos_name)
        before = false_accepts(recognizer, now, oos_name, statistical=False)
        print(f"\n## {oos_name}: refused (a false accept is any intent)")
        for lang in ("zh", "en"):
            alone = before[lang].total - before[lang].right
            print(f"  {lang}: {oos[lang]} refused; false accepts {oos[lang].total - oos[lang].right}"
                  f" (templates only: {alone})")  # fmt: skip
            for miss in oos[lang].misses[: args.misses]:
                print(f"    {miss}")
    # The same out-of-scope sentences on ting's whole demo household, whose extra devices some of them name.
    demo = build_recognizer(settings)
    for oos_name in oos_names:
        if (CORPUS / f"{oos_name}.yaml").exists():
            oos = false_accepts(demo, now, oos_name)
            before = false_accepts(demo, now, oos_name, statistical=False)
            counts = {lang: (oos[lang].total - oos[lang].right, before[lang].total - before[lang].right)
                      for lang in ("zh", "en")}  # fmt: skip
            said = ", ".join(
                f"{lang} {now_} (templates only {then})" for lang, (now_, then) in counts.items()
            )
            print(f"  {oos_name} on ting's whole demo household (more devices): false accepts {said}")
    print("\n## parse time (ms)")
    print(f"  demo household: median {statistics.median(times):.3f}, p99 {percentile(times, 0.99):.3f}")
    print(f"    CPU time: median {statistics.median(CPU_MS):.3f}, p99 {percentile(CPU_MS, 0.99):.3f}")
    alone_median, alone_p99 = statistics.median(TEMPLATE_CPU_MS), percentile(TEMPLATE_CPU_MS, 0.99)
    print(f"    CPU time, templates only (same sentences): median {alone_median:.3f}, p99 {alone_p99:.3f}")
    big = IntentRecognizer.from_files(
        _files(), large_household(), clock=None, fallback=fallback_options(settings)
    )
    _, dev = load("dev")
    big_times = parse_times(big, dev, now)
    median, p99 = statistics.median(big_times), percentile(big_times, 0.99)
    print(f"  500-entity household: median {median:.3f}, p99 {p99:.3f}")
    print(f"    CPU time: median {statistics.median(BIG_CPU_MS):.3f}, p99 {percentile(BIG_CPU_MS, 0.99):.3f}")


def fallback_options(settings: Settings) -> FallbackOptions:
    nlu = settings.nlu
    return FallbackOptions.of(nlu)


def _files() -> list[Any]:
    from ting.nlu.sentences import discover_sentence_files
    from ting.skills.sdk.discovery import sentence_folders

    return discover_sentence_files(sentence_folders(Settings().skills))


if __name__ == "__main__":
    main()
