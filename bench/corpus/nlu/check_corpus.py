#!/usr/bin/env python3
"""Check the NLU evaluation corpus (dev.yaml, heldout.yaml, out_of_scope.yaml,
heldout2.yaml, out_of_scope2.yaml, dev3.yaml, out_of_scope3.yaml, heldout3.yaml, dev4.yaml,
out_of_scope4.yaml, heldout4.yaml, dev5.yaml, out_of_scope5.yaml, heldout5.yaml, heldout6.yaml,
out_of_scope6.yaml, dev7.yaml, out_of_scope7.yaml, out_of_scope8.yaml, dev8.yaml, heldout7.yaml,
out_of_scope9.yaml, dev9.yaml, heldout8.yaml, out_of_scope10.yaml, out_of_scope11.yaml).

Usage:  python check_corpus.py [--spec DIR] [--quiet] [--only FILE ...]

Errors (exit status 1): format problems, unknown intents/slots/ids, malformed values,
duplicates, dev/held-out overlap, counts under the required minimum.
Warnings: consistency lints that re-derive times, dates, durations and numbers from
the text with a few simple patterns (they are heuristics: read each one, do not trust them
blindly), and dev/held-out pairs that look too similar.

The catalog and the demo household are embedded below (copied from intents.md and
demo-home.md); with --spec DIR (default /work/shared/spec, if it exists) the embedded
copy is cross-checked against the markdown files.
"""

import argparse
import collections
import datetime as dt
import difflib
import os
import re
import sys
import unicodedata

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {
    "dev": "dev.yaml",
    "heldout": "heldout.yaml",
    "oos": "out_of_scope.yaml",
    "heldout2": "heldout2.yaml",
    "oos2": "out_of_scope2.yaml",
    "dev3": "dev3.yaml",
    "oos3": "out_of_scope3.yaml",
    "heldout3": "heldout3.yaml",
    "dev4": "dev4.yaml",
    "oos4": "out_of_scope4.yaml",
    "heldout4": "heldout4.yaml",
    "dev5": "dev5.yaml",
    "oos5": "out_of_scope5.yaml",
    "heldout5": "heldout5.yaml",
    "heldout6": "heldout6.yaml",
    "oos6": "out_of_scope6.yaml",
    "dev7": "dev7.yaml",
    "oos7": "out_of_scope7.yaml",
    "oos8": "out_of_scope8.yaml",
    "dev8": "dev8.yaml",
    "heldout7": "heldout7.yaml",
    "oos9": "out_of_scope9.yaml",
    "dev9": "dev9.yaml",
    "heldout8": "heldout8.yaml",
    "oos10": "out_of_scope10.yaml",
    "oos11": "out_of_scope11.yaml",
    "dev10": "dev10.yaml",
    "heldout9": "heldout9.yaml",
    "oos12": "out_of_scope12.yaml",
    "oos13": "out_of_scope13.yaml",
    "heldout10": "heldout10.yaml",
    "oos14": "out_of_scope14.yaml",
    "heldout11": "heldout11.yaml",
    "oos15": "out_of_scope15.yaml",
    "dev11": "dev11.yaml",
    "oos16": "out_of_scope16.yaml",
    "heldout12": "heldout12.yaml",
    "oos17": "out_of_scope17.yaml",
    "heldout13": "heldout13.yaml",
    "oos18": "out_of_scope18.yaml",
    "dev12": "dev12.yaml",
    "oos19": "out_of_scope19.yaml",
    "heldout14": "heldout14.yaml",
    "oos20": "out_of_scope20.yaml",
    "dev13": "dev13.yaml",
    "oos21": "out_of_scope21.yaml",
}
# The held-out sets written before dev3 (heldout3 was written with dev3, by the same writer).
HELDOUT_SPLITS = ("heldout", "heldout2")
OOS_SPLITS = tuple(["oos"] + [f"oos{k}" for k in range(2, 22)])
# Files whose sentences this checker never quotes when it compares them with a newer set, so that the
# people tuning on dev3 (who run it) do not read held-out text in its output: file and index only.
UNQUOTED = {"heldout", *(f"heldout{k}" for k in range(2, 15))}
NOW = dt.datetime(2026, 11, 24, 9, 15, 0)
MIN_COUNTS = {
    "dev": 25,
    "heldout": 15,
    "heldout2": 12,
    "dev3": 6,
    "heldout3": 6,
    "dev4": 6,
    "heldout4": 6,
    "dev5": 6,
    "heldout5": 6,
    "heldout6": 6,
    "dev7": 6,
    "dev8": 6,
    "heldout7": 6,
    "dev9": 6,
    "heldout8": 6,
    "dev10": 6,
    "heldout9": 6,
    "heldout10": 6,
    "heldout11": 6,
    "dev11": 6,
    "heldout12": 6,
    "heldout13": 6,
    "dev12": 6,
    "heldout14": 6,
    "dev13": 6,
}
MIN_OOS = {
    "oos": 200,
    "oos2": 60,
    "oos3": 50,
    "oos4": 50,
    "oos5": 50,
    "oos6": 50,
    "oos7": 60,
    "oos8": 100,
    "oos9": 60,
    "oos10": 30,
    "oos11": 30,
    "oos12": 30,
    "oos13": 30,
    "oos14": 50,
    "oos15": 50,
    "oos16": 50,
    "oos17": 50,
    "oos18": 50,
    "oos19": 50,
    "oos20": 50,
    "oos21": 50,
}

# ---- catalog (intents.md) -------------------------------------------------------------
INTENT_SLOTS = {
    "weather.get": {"location", "date"},
    "alarm.set": {"time", "recurrence", "label"},
    "alarm.list": set(),
    "alarm.cancel": {"time", "all"},
    "alarm.stop": set(),
    "alarm.snooze": {"duration"},
    "timer.set": {"duration", "label"},
    "timer.cancel": set(),
    "timer.status": set(),
    "reminder.set": {"time", "message"},
    "music.play": {"artist", "song", "album", "genre", "playlist"},
    "music.pause": set(),
    "music.resume": set(),
    "music.stop": set(),
    "music.next": set(),
    "music.previous": set(),
    "volume.set": {"level"},
    "volume.change": {"direction"},
    "home.turn_on": {"device", "area", "domain"},
    "home.turn_off": {"device", "area", "domain"},
    "home.set_brightness": {"brightness", "device", "area"},
    "home.set_temperature": {"temperature", "device", "area"},
    "home.get_state": {"device", "area", "domain"},
    "home.activate_scene": {"scene"},
    "system.time": set(),
    "system.date": set(),
    "system.cancel": set(),
    "system.help": set(),
}
REQUIRED = {
    "alarm.set": {"time"},
    "timer.set": {"duration"},
    "reminder.set": {"time", "message"},
    "volume.set": {"level"},
    "volume.change": {"direction"},
    "home.set_brightness": {"brightness"},
    "home.set_temperature": {"temperature"},
    "home.activate_scene": {"scene"},
}
GENRES = {"jazz", "classical", "rock", "pop", "folk", "electronic", "children"}
TEXT_SLOTS = {"artist", "song", "album", "playlist", "location", "message", "label"}

# ---- demo household (demo-home.md) ----------------------------------------------------
AREAS = {"living_room", "bedroom", "kitchen", "study", "bathroom"}
DEVICES = {  # id: (area, domain, capabilities)
    "living_room_light": ("living_room", "light", {"onoff", "brightness"}),
    "living_room_ac": ("living_room", "climate", {"onoff", "temperature"}),
    "living_room_curtain": ("living_room", "cover", {"onoff"}),
    "tv": ("living_room", "switch", {"onoff"}),
    "bedroom_light": ("bedroom", "light", {"onoff", "brightness"}),
    "bedroom_ac": ("bedroom", "climate", {"onoff", "temperature"}),
    "kitchen_light": ("kitchen", "light", {"onoff"}),
    "range_hood": ("kitchen", "fan", {"onoff"}),
    "desk_lamp": ("study", "light", {"onoff", "brightness"}),
    "water_heater": ("bathroom", "switch", {"onoff"}),
}
DOMAINS = {"light", "climate", "cover", "switch", "fan"}
SCENES = {"movie", "sleep", "away", "home"}

KINDS = {
    "command",
    "question",
    "polite",
    "terse",
    "rambling",
    "possessive",
    "all",
    "here",
    "group_question",
    "asr",
    "date",
    "decimal",
    "adjacent_slots",
    "named_timer",
}
OOS_KINDS = {"chitchat", "knowledge", "unsupported", "other_assistant", "near_miss", "asr"}
DAYCODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

errors, warnings = [], []


def err(where, msg):
    errors.append(f"ERROR   {where}: {msg}")


def warn(where, msg):
    warnings.append(f"WARNING {where}: {msg}")


# ---- spec cross-check -----------------------------------------------------------------
def cross_check_spec(spec):
    p = os.path.join(spec, "intents.md")
    if os.path.exists(p):
        with open(p, encoding="utf-8") as handle:
            text = handle.read()
        found = set(
            re.findall(r"`((?:weather|alarm|timer|reminder|music|volume|home|system)\.[a-z_]+)`", text)
        )
        if found != set(INTENT_SLOTS):
            err(
                "spec",
                f"intent list differs from intents.md: missing here {sorted(found - set(INTENT_SLOTS))}, "
                f"not in spec {sorted(set(INTENT_SLOTS) - found)}",
            )
        m = re.search(r"one of the library.s genre ids in English \(([^)]*)\)", text)
        if m and set(re.findall(r"`(\w+)`", m.group(1))) != GENRES:
            err("spec", "genre list differs from intents.md")
    p = os.path.join(spec, "demo-home.md")
    if os.path.exists(p):
        with open(p, encoding="utf-8") as handle:
            text = handle.read()
        sec = {}
        for name in ("Areas", "Devices", "Scenes"):
            m = re.search(r"## " + name + r"\n(.*?)(?:\n## |\Z)", text, re.S)
            sec[name] = set(re.findall(r"^\| `([a-z_]+)` \|", m.group(1), re.M)) if m else set()
        if sec["Areas"] != AREAS:
            err("spec", "area ids differ from demo-home.md")
        if sec["Devices"] != set(DEVICES):
            err("spec", "device ids differ from demo-home.md")
        if sec["Scenes"] != SCENES:
            err("spec", "scene ids differ from demo-home.md")


# ---- helpers --------------------------------------------------------------------------
def norm_text(t):
    t = unicodedata.normalize("NFKC", t).lower()
    return re.sub(r"[\W_]+", "", t)


ZH_DIG = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
ZH_NUM = r"[0-9零〇一二两三四五六七八九十百]+"


def zh_int(s):
    if re.fullmatch(r"\d+", s):
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in ZH_DIG:
            cur = ZH_DIG[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


EN_NUM = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
EN_NUM.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "a": 1,
        "an": 1,
        "another": 1,
    }
)
EN_NUM_RE = (
    r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty)[ -](?:one|two|three|four|five|six|seven|eight|nine)|"
    + "|".join(sorted(EN_NUM, key=len, reverse=True))
    + ")"
)


def en_num(s):
    s = s.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s) if "." in s else int(s)
    m = re.fullmatch(r"(twenty|thirty|forty|fifty)[ -](\w+)", s)
    if m:
        return EN_NUM[m.group(1)] + EN_NUM[m.group(2)]
    return EN_NUM.get(s)


def text_duration(text, lang):
    """Sum of the durations said in the text (seconds), or None."""
    t = text.lower()
    total, found = 0, False
    if lang == "zh":
        for m in re.finditer(r"(" + ZH_NUM + r"|半)?个?(半)?(小时|钟头|分钟|分(?!之)|秒|刻钟)(半)?", t):
            n, half1, unit, half2 = m.groups()
            v = 0.5 if n == "半" else (zh_int(n) if n else None)
            if v is None:
                if unit == "刻钟" and t[max(0, m.start() - 1) : m.start()] == "一":
                    v = 1
                elif unit in ("小时", "钟头") and t[max(0, m.start() - 2) : m.start()] in ("半个",):
                    v = 0.5
                else:
                    continue
            if half1 or half2:
                v += 0.5
            mult = {"小时": 3600, "钟头": 3600, "分钟": 60, "分": 60, "秒": 1, "刻钟": 900}[unit]
            total += v * mult
            found = True
        m = re.search(r"(" + ZH_NUM + r")分半", t)
        if m and not re.search(r"分钟", t):
            total = zh_int(m.group(1)) * 60 + 30
            found = True
        if "一刻钟" in t and not found:
            total, found = 900, True
    else:
        t = (
            t.replace("half an hour", "30 minutes")
            .replace("half a minute", "30 seconds")
            .replace("a quarter of an hour", "15 minutes")
            .replace("quarter of an hour", "15 minutes")
        )
        t = re.sub(r"an hour and a half|one and a half hours", "90 minutes", t)
        t = re.sub(
            r"(\w+) and a half (minutes|hours)",
            lambda m: f"{m.group(1)}.5 {m.group(2)}" if en_num(m.group(1)) is not None else m.group(0),
            t,
        )
        for m in re.finditer(
            r"(" + EN_NUM_RE + r"|\d+\.5|\w+\.5)[ -](?:more )?(hours?|hr|minutes?|min|seconds?|sec)\b", t
        ):
            n = m.group(1)
            v = (
                float(n)
                if re.fullmatch(r"\d+\.5", n)
                else (en_num(n[:-2]) + 0.5 if n.endswith(".5") else en_num(n))
            )
            if v is None:
                continue
            mult = 3600 if m.group(2).startswith("h") else 60 if m.group(2).startswith("m") else 1
            total += v * mult
            found = True
    return int(total) if found else None


WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ZH_WD = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def next_weekday(wd):
    d = NOW.date() + dt.timedelta(days=1)
    while d.weekday() != wd:
        d += dt.timedelta(days=1)
    return d


def expected_dates(text, lang):
    """Set of dates the text's day words point to (None if no day word)."""
    t = text.lower()
    today = NOW.date()
    if lang == "zh":
        if "大后天" in t:
            return {today + dt.timedelta(3)}
        if "后天" in t:
            return {today + dt.timedelta(2)}
        if re.search(r"明天|明早|明晚|明儿|明日", t):
            return {today + dt.timedelta(1)}
        if re.search(r"今天|今晚|今儿|今日", t):
            return {today}
        m = re.search(r"(" + ZH_NUM + r")月(" + ZH_NUM + r")[号日]", t)
        if m:
            return {dt.date(2026, zh_int(m.group(1)), zh_int(m.group(2)))}
        m = re.search(r"(下)?(?:周|星期|礼拜)([一二三四五六日天])", t)
        if m:
            wd = ZH_WD[m.group(2)]
            if m.group(1):
                monday = today + dt.timedelta(days=7 - today.weekday())
                return {monday + dt.timedelta(days=wd)}
            return {next_weekday(wd)}
        if "周末" in t:
            return {next_weekday(5)}
    else:
        if "day after tomorrow" in t:
            return {today + dt.timedelta(2)}
        if re.search(r"\b(tomorrow|tmrw)\b", t):
            return {today + dt.timedelta(1)}
        if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", t):
            return {today}
        m = re.search(r"\b(" + "|".join(MONTHS_EN) + r") (\d+)", t)
        if m:
            return {dt.date(2026, MONTHS_EN.index(m.group(1)) + 1, int(m.group(2)))}
        m = re.search(r"\bthe (\d+)(?:st|nd|rd|th)\b", t)
        if m:
            n = int(m.group(1))
            d = today + dt.timedelta(1)
            while d.day != n:
                d += dt.timedelta(1)
            return {d}
        for i, w in enumerate(WEEKDAYS_EN):
            if re.search(r"\b" + w + r"s?\b", t):
                if "next week" in t:
                    monday = today + dt.timedelta(days=7 - today.weekday())
                    return {monday + dt.timedelta(days=i)}
                return {next_weekday(i)}
        if "weekend" in t:
            return {next_weekday(5)}
    return None


def clock_in_text(text, lang):
    """(hour, minute, half) said in the text; half = 'am'/'pm'/None; or None."""
    t = text.lower()
    if lang == "zh":
        t = t.translate(str.maketrans("點鐘鬧曉", "点钟闹晓"))
        half = None
        if re.search(r"早上|上午|凌晨|明早|早晨|清晨", t):
            half = "am"
        if re.search(r"下午|晚上|今晚|明晚|傍晚|夜里", t):
            half = "pm"
        if "中午" in t:
            half = "noon"
        m = re.search(r"(\d{1,2}):(\d\d)", t)
        if m:
            return int(m.group(1)), int(m.group(2)), half
        m = re.search(r"(" + ZH_NUM + r")点(半|一刻|三刻|(" + ZH_NUM + r")分?)?", t)
        if not m:
            return None
        h = zh_int(m.group(1))
        mm = 0
        if m.group(2) == "半":
            mm = 30
        elif m.group(2) == "一刻":
            mm = 15
        elif m.group(2) == "三刻":
            mm = 45
        elif m.group(3):
            mm = zh_int(m.group(3))
        return h, mm, half
    half = None
    if re.search(r"\b(a\.?m\.?|morning)\b", t):
        half = "am"
    if re.search(r"\b(p\.?m\.?|afternoon|evening|tonight)\b", t):
        half = "pm"
    if re.search(r"\bnoon\b", t):
        return 12, 0, "pm"
    if "midnight" in t:
        return 0, 0, "am"
    m = re.search(r"\b(\d{1,2}):(\d\d)\b", t) or re.search(r"\b(\d{1,2}) (\d\d)\b", t)
    if m:
        return int(m.group(1)), int(m.group(2)), half
    m = re.search(r"\b(\d{1,2})(\d\d) ?(am|pm)\b", t)
    if m:
        return int(m.group(1)), int(m.group(2)), m.group(3)
    m = re.search(r"\bquarter (to|past) (\w+)", t)
    if m and en_num(m.group(2)) is not None:
        h = en_num(m.group(2))
        return (h - 1, 45, half) if m.group(1) == "to" else (h, 15, half)
    m = re.search(r"\b(\w+) o'clock", t)
    if m and en_num(m.group(1)) is not None:
        return en_num(m.group(1)), 0, half
    m = re.search(r"\bhalf past (\w+)", t)
    if m and en_num(m.group(1)) is not None:
        return en_num(m.group(1)), 30, half
    m = re.search(r"\b(\w+) (thirty|fifteen|forty[ -]five)\b", t)
    if m and en_num(m.group(1)) is not None and en_num(m.group(1)) <= 12:
        return en_num(m.group(1)), {"thirty": 30, "fifteen": 15}.get(m.group(2), 45), half
    m = re.search(
        r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
        r"(?: ?(?:am|pm|a\.m\.|p\.m\.|o'clock)|\b)",
        t,
    )
    if (
        m
        and re.search(r"\b(at|for|by|alarm|to|up|me)\s+(?:like\s+|uh\s+)?" + re.escape(m.group(1)) + r"\b", t)
    ) or (m and half):
        return en_num(m.group(1)), 0, half
    return None


# A speaker who corrects himself ("at 6 am, no wait, make that 7 am", 七点，不对，七点半) means what follows
# the last correction word, so the lints read the time or duration there.
CORRECTION_RE = re.compile(r"不对|no wait|make that|i mean", re.I)


def after_correction(text):
    return CORRECTION_RE.split(text)[-1]


def lint_time(where, it, value):
    text, lang = it["text"], it["lang"]
    try:
        t = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        err(where, f"time {value!r} is not YYYY-MM-DDTHH:MM:SS")
        return
    if t <= NOW:
        err(where, f"time {value} is not after now")
    if t > NOW + dt.timedelta(days=60):
        warn(where, f"time {value} is far in the future")
    rel = re.search(r"以后|之后|后(?!天)|\bin (?:a|an|one|\d+|\w+)\b.*\b(minutes?|hours?)\b|from now", text)
    if rel:
        d = text_duration(text, lang)
        if d is None:
            warn(where, "relative time but no duration found in text")
        elif NOW + dt.timedelta(seconds=d) != t:
            warn(where, f"relative time: now + {d}s = {NOW + dt.timedelta(seconds=d)}, expected {value}")
        return
    days = expected_dates(text, lang)
    if days and t.date() not in days and not it["slots"].get("recurrence"):
        warn(where, f"day words point to {sorted(str(d) for d in days)} but time is {value}")
    c, whole = clock_in_text(after_correction(text), lang), clock_in_text(text, lang)
    if c is None:
        c = whole
    elif c[2] is None and whole is not None:
        c = (c[0], c[1], whole[2])
    if c is None:
        warn(where, "no clock time recognised in text (check by hand)")
        return
    h, mm, half = c
    if mm != t.minute:
        warn(where, f"minute in text {mm} != {t.minute}")
    if h % 12 != t.hour % 12:
        warn(where, f"hour in text {h} != {t.hour}")
    if h > 12 and h != t.hour:
        warn(where, f"24-hour clock {h} != {t.hour}")
    if half == "am" and t.hour >= 12:
        warn(where, f"morning marker but hour {t.hour}")
    if half == "pm" and t.hour < 12 and not (h == 12 and t.hour == 0):
        warn(where, f"afternoon/evening marker but hour {t.hour}")
    if half is None and h <= 12 and not days and not it["slots"].get("recurrence"):
        # bare hour: next future reading
        cands = []
        for base in (NOW.date(), NOW.date() + dt.timedelta(1)):
            for hh in {h % 12, h % 12 + 12}:
                c2 = dt.datetime.combine(base, dt.time(hh, mm))
                if c2 > NOW:
                    cands.append(c2)
        if cands and min(cands) != t:
            warn(where, f"bare hour: next reading is {min(cands)}, expected {value}")
    if days and half is None and h <= 12 and not it["slots"].get("recurrence"):
        first = dt.datetime.combine(t.date(), dt.time(h % 12, mm))
        if first <= NOW:
            first += dt.timedelta(hours=12)
        if first != t:
            warn(where, f"bare hour on a named day: first reading is {first}, expected {value}")


def lint_recurrence(where, it, rec, value):
    try:
        t = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return
    if rec == "daily":
        days = set(range(7))
    elif rec == "weekdays":
        days = set(range(5))
    elif rec == "weekends":
        days = {5, 6}
    else:
        days = {DAYCODES.index(c) for c in rec.split(":")[1].split(",")}
    if t.weekday() not in days:
        err(where, f"time {value} is not a day of recurrence {rec}")
    # first occurrence
    d = NOW.date()
    while True:
        cand = dt.datetime.combine(d, t.time())
        if d.weekday() in days and cand > NOW:
            break
        d += dt.timedelta(1)
    if cand != t:
        err(where, f"first occurrence of {rec} at {t.time()} is {cand}, not {value}")


def lint_number(where, it, key, value):
    text, lang = it["text"].lower(), it["lang"]
    if re.search(r"最大|最亮|最高|百分之百|all the way up|max|full|as bright as|开最大", text):
        if value != 100:
            warn(where, f'"max" wording but {key}={value}')
        return
    if re.search(r"一半|half", text):
        if value != 50:
            warn(where, f'"half" wording but {key}={value}')
        return
    nums = []
    if lang == "zh":
        m = re.search(r"百分之(" + ZH_NUM + ")", text)
        if m:
            nums.append(zh_int(m.group(1)))
        for m in re.finditer(r"(\d+(?:\.\d+)?)", text):
            nums.append(float(m.group(1)) if "." in m.group(1) else int(m.group(1)))
        for m in re.finditer(r"(" + ZH_NUM + r")(?:点(" + ZH_NUM + r"))?", text):
            if re.fullmatch(r"\d+", m.group(1)):
                continue
            n = zh_int(m.group(1))
            if n is None:
                continue
            if m.group(2):
                n = n + zh_int(m.group(2)) / 10
            nums.append(n)
    else:
        for m in re.finditer(EN_NUM_RE, text):
            s = m.group(0)
            if s in ("a", "an", "another"):
                continue
            nums.append(en_num(s))
    if value not in nums:
        warn(where, f"{key}={value} not found among numbers in text {nums}")


# ---- main checks ----------------------------------------------------------------------
def check_item(split, i, it, stats):
    where = f'{FILES[split]}#{i + 1} "{it.get("text")}"'
    keys = {"text", "lang", "intent", "slots", "kind", "site"}
    if set(it) != keys:
        err(where, f"keys {sorted(it)} != {sorted(keys)}")
        return
    text, lang, intent, slots, kind, site = (
        it[k] for k in ("text", "lang", "intent", "slots", "kind", "site")
    )
    if not isinstance(text, str) or not text.strip() or text != text.strip():
        err(where, "text must be a non-empty trimmed string")
    if lang not in ("zh", "en"):
        err(where, f"lang {lang!r}")
    has_cjk = bool(re.search(r"[\u4e00-\u9fff]", text))
    if lang == "zh" and not has_cjk:
        err(where, "zh sentence without Chinese characters")
    if lang == "en" and has_cjk:
        err(where, "en sentence with Chinese characters")
    if not isinstance(kind, list) or not kind:
        err(where, "kind must be a non-empty list")
        kind = []
    if len(set(kind)) != len(kind):
        err(where, "repeated kind tag")
    allowed_kinds = OOS_KINDS if split in OOS_SPLITS else KINDS
    for k in kind:
        if k not in allowed_kinds:
            err(where, f"unknown kind {k!r}")
    if site is not None and site not in AREAS:
        err(where, f"site {site!r} is not an area id")
    if "here" in kind and site is None:
        err(where, "kind here needs a site")
    if "asr" in kind:
        if lang == "en" and (text != text.lower() or re.search(r'[,.!?;"]', re.sub(r"\d\.\d", "", text))):
            err(where, "asr English sentence must be lower case without punctuation")
        if lang == "zh" and re.search(r"[，。！？、,.!?“”]", re.sub(r"\d\.\d", "", text)):
            err(where, "asr Chinese sentence must have no punctuation")
    if not isinstance(slots, dict):
        err(where, "slots must be a mapping")
        return
    if split in OOS_SPLITS:
        if intent is not None:
            err(where, "out-of-scope sentence must have intent null")
        if slots:
            err(where, "out-of-scope sentence must have no slots")
        return
    if intent not in INTENT_SLOTS:
        err(where, f"unknown intent {intent!r}")
        return
    for k in slots:
        if k not in INTENT_SLOTS[intent]:
            err(where, f"slot {k!r} not allowed for {intent}")
    for k in REQUIRED.get(intent, ()):
        if k not in slots:
            err(where, f"{intent} needs slot {k!r}")
    for k, v in slots.items():
        if k in TEXT_SLOTS:
            if not isinstance(v, str) or not v.strip():
                err(where, f"{k} must be a non-empty string")
            elif unicodedata.normalize("NFKC", v).lower() not in unicodedata.normalize("NFKC", text).lower():
                err(where, f"{k}={v!r} is not words of the sentence")
        elif k == "time":
            if not isinstance(v, str):
                err(where, "time must be a string")
            else:
                lint_time(where, it, v)
        elif k == "date":
            try:
                d = (
                    dt.datetime.strptime(v, "%Y-%m-%d").date()
                    if isinstance(v, str) and len(v) == 10
                    else None
                )
            except ValueError:
                d = None
            if d is None:
                err(where, f"date {v!r} is not YYYY-MM-DD")
            else:
                if d < NOW.date():
                    err(where, f"date {v} is in the past")
                days = expected_dates(text, lang)
                if days is None:
                    warn(where, "date given but no day word recognised")
                elif d not in days:
                    warn(where, f"day words point to {sorted(map(str, days))}, not {v}")
        elif k == "recurrence":
            if not isinstance(v, str) or not re.fullmatch(
                r"daily|weekdays|weekends|weekly:(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*", v
            ):
                err(where, f"recurrence {v!r}")
            else:
                if v.startswith("weekly:"):
                    codes = v[7:].split(",")
                    if codes != sorted(set(codes), key=DAYCODES.index):
                        err(where, f"recurrence days must be unique, Monday first: {v}")
                if "time" in slots:
                    lint_recurrence(where, it, v, slots["time"])
        elif k == "all":
            if v is not True:
                err(where, "all must be true")
        elif k == "duration":
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                err(where, f"duration must be a positive whole number of seconds: {v!r}")
            else:
                d = text_duration(after_correction(text), lang) or text_duration(text, lang)
                if d is None:
                    warn(where, f"duration {v}: none recognised in text")
                elif d != v:
                    warn(where, f"duration {v} but text says {d}")
        elif k in ("level", "brightness"):
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 100:
                err(where, f"{k} must be a whole number 0-100: {v!r}")
            else:
                lint_number(where, it, k, v)
        elif k == "temperature":
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                err(where, f"temperature must be a number: {v!r}")
            else:
                if not 16 <= v <= 30:
                    err(where, f"temperature {v} outside the AC range 16-30")
                if isinstance(v, float) and "decimal" not in kind:
                    err(where, "decimal temperature without kind decimal")
                lint_number(where, it, k, v)
        elif k == "direction":
            if v not in ("up", "down"):
                err(where, f"direction {v!r}")
        elif k == "genre":
            if v not in GENRES:
                err(where, f"genre {v!r} not in {sorted(GENRES)}")
        elif k == "device":
            if v not in DEVICES:
                err(where, f"unknown device {v!r}")
            else:
                stats["device"][v] += 1
                cap = DEVICES[v][2]
                if intent == "home.set_brightness" and "brightness" not in cap:
                    err(where, f"{v} has no brightness")
                if intent == "home.set_temperature" and "temperature" not in cap:
                    err(where, f"{v} has no target temperature")
        elif k == "area":
            if v not in AREAS:
                err(where, f"unknown area {v!r}")
            else:
                stats["area"][v] += 1
        elif k == "domain":
            if v not in DOMAINS:
                err(where, f"unknown domain {v!r}")
        elif k == "scene":
            if v not in SCENES:
                err(where, f"unknown scene {v!r}")
            else:
                stats["scene"][v] += 1
    if "device" in slots and ("area" in slots or "domain" in slots):
        err(where, "give either a device, or an area and/or a domain")
    if intent in ("home.turn_on", "home.turn_off") and not slots:
        err(where, f"{intent} without device, area or domain")
    if (
        "area" in slots
        and "domain" in slots
        and not any(a == slots["area"] and d == slots["domain"] for a, d, _ in DEVICES.values())
    ):
        err(where, f"no {slots['domain']} device in {slots['area']}")
    if site:
        stats["site"][site] += 1
    if intent.startswith("home.") and "here" in kind and ("device" in slots or "area" in slots):
        err(where, "kind here but the sentence names a device/area")
    if "date" in kind and not ({"date", "time"} & set(slots)) and intent != "system.date":
        err(where, "kind date without a date/time slot")
    if "decimal" in kind and not any(isinstance(v, float) for v in slots.values()):
        err(where, "kind decimal without a decimal value")
    if "adjacent_slots" in kind and len([k for k in slots if k in TEXT_SLOTS | {"date"}]) < 2:
        err(where, "kind adjacent_slots needs two slots")
    if "named_timer" in kind and not intent.startswith("timer."):
        err(where, "named_timer on a non-timer intent")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", default="/work/shared/spec")
    ap.add_argument("--quiet", action="store_true", help="do not print the count tables")
    ap.add_argument(
        "--only",
        nargs="+",
        metavar="FILE",
        help="print only the problems of these files (and the counts/coverage/spec ones)",
    )
    args = ap.parse_args()
    if args.only:
        args.only = [os.path.basename(fn) for fn in args.only]
    if args.spec and os.path.isdir(args.spec):
        cross_check_spec(args.spec)

    data = {}
    for split, fn in FILES.items():
        path = os.path.join(HERE, fn)
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        if not isinstance(doc, dict) or set(doc) != {"now", "sentences"}:
            err(fn, "top level must have exactly now and sentences")
            data[split] = []
            continue
        if doc["now"] != "2026-11-24T09:15:00":
            err(fn, f"now is {doc['now']!r}")
        data[split] = doc["sentences"] or []

    stats = {k: collections.Counter() for k in ("device", "area", "scene", "site")}
    seen = {}
    counts = collections.Counter()
    kinds = collections.Counter()
    for split, items in data.items():
        for i, it in enumerate(items):
            if not isinstance(it, dict):
                err(f"{FILES[split]}#{i + 1}", "not a mapping")
                continue
            check_item(split, i, it, stats)
            n = norm_text(str(it.get("text", "")))
            if n in seen:
                err(f'{FILES[split]}#{i + 1} "{it.get("text")}"', f"same sentence as {seen[n]}")
            else:
                seen[n] = f"{FILES[split]}#{i + 1}"
            counts[(it.get("intent") or "OUT_OF_SCOPE", it.get("lang"), split)] += 1
            for k in it.get("kind") or []:
                kinds[(k, it.get("lang"), split)] += 1

    # dev / held-out similarity
    def skeleton(t):
        t = norm_text(t)
        return re.sub(r"[0-9零〇一二两三四五六七八九十百]+", "#", t)

    def compare(split, ref_split, same_is_error, quote=True):
        ref = [
            (skeleton(it["text"]), it["text"] if quote else f"#{i + 1}", it.get("intent"))
            for i, it in enumerate(data[ref_split])
        ]
        for j, it in enumerate(data[split]):
            s = skeleton(it["text"])
            for ds, dtxt, dint in ref:
                if dint != it.get("intent"):
                    continue
                where = f'{FILES[split]} "{it["text"]}"' if quote else f"{FILES[split]}#{j + 1}"
                if s == ds:
                    msg = f'same wording as {ref_split} "{dtxt}" (only numbers differ)'
                    (err if same_is_error else warn)(where, msg)
                elif len(s) > 6 and difflib.SequenceMatcher(None, s, ds).ratio() >= 0.9:
                    warn(where, f'very close to {ref_split} "{dtxt}"')

    compare("heldout", "dev", True)
    compare("heldout2", "dev", True)
    compare("heldout2", "heldout", False)
    # dev3 is tuned on: none of its sentences may be a held-out sentence with other numbers.
    for old in HELDOUT_SPLITS:
        compare("dev3", old, True, quote=False)
    # heldout3 must not be a tuning sentence with other numbers; likeness to the older held-out sets is
    # only a warning. Reported by file and index only: whoever tunes on dev/dev3 runs this checker and must
    # not read heldout3 sentences in its output.
    compare("heldout3", "dev", True, quote=False)
    compare("heldout3", "dev3", True, quote=False)
    for old in HELDOUT_SPLITS:
        compare("heldout3", old, False, quote=False)
    # dev4 (tuned on) must not be a held-out sentence with other numbers; heldout4 must not be a tuning
    # sentence with other numbers. Both written blind by a fourth writer; file and index only, as above.
    for old in (*HELDOUT_SPLITS, "heldout3"):
        compare("dev4", old, True, quote=False)
    for tuned in ("dev", "dev3", "dev4"):
        compare("heldout4", tuned, True, quote=False)
    for old in (*HELDOUT_SPLITS, "heldout3"):
        compare("heldout4", old, False, quote=False)
    # Set 5, written blind like set 4: dev5 must not be an older held-out sentence with other numbers,
    # heldout5 must not be a tuning sentence (dev, dev3, dev4, dev5) with other numbers; likeness of
    # heldout5 to older held-out sentences is a warning.
    for old in (*HELDOUT_SPLITS, "heldout3", "heldout4"):
        compare("dev5", old, True, quote=False)
    for tuned in ("dev", "dev3", "dev4", "dev5"):
        compare("heldout5", tuned, True, quote=False)
    for old in (*HELDOUT_SPLITS, "heldout3", "heldout4"):
        compare("heldout5", old, False, quote=False)
    # Set 6 (a held-out set and an out-of-scope set only, written blind by a sixth writer): heldout6 must
    # not be a tuning sentence (dev, dev3, dev4, dev5) with other numbers; likeness to an older held-out
    # sentence is a warning. out_of_scope6 must not be an older out-of-scope sentence with other numbers.
    # File and index only, as above.
    for tuned in ("dev", "dev3", "dev4", "dev5"):
        compare("heldout6", tuned, True, quote=False)
    for old in (*HELDOUT_SPLITS, "heldout3", "heldout4", "heldout5"):
        compare("heldout6", old, False, quote=False)
    for old in ("oos", "oos2", "oos3", "oos4", "oos5"):
        compare("oos6", old, True, quote=False)
    # Set 7 (a dev set and an out-of-scope set, written blind by a seventh writer): dev7 is tuned on, so
    # none of its sentences may be a held-out sentence (heldout-heldout6) with other numbers, and likeness to
    # one is a warning; dev7 against the older dev sets and out_of_scope7 against every older out-of-scope
    # set are compared too (rewordings there are errors only when only numbers differ). File and index only,
    # so that the writer of a new set does not read the older sets' text in this output.
    for old in (*HELDOUT_SPLITS, "heldout3", "heldout4", "heldout5", "heldout6"):
        compare("dev7", old, True, quote=False)
    for old in ("dev", "dev3", "dev4", "dev5"):
        compare("dev7", old, True, quote=False)
    for old in ("oos", "oos2", "oos3", "oos4", "oos5", "oos6"):
        compare("oos7", old, True, quote=False)
    # out_of_scope8 (written blind by an eighth writer, nearly all near misses): none of its sentences may be
    # an older out-of-scope sentence with other numbers; file and index only, as above.
    for old in ("oos", "oos2", "oos3", "oos4", "oos5", "oos6", "oos7"):
        compare("oos8", old, True, quote=False)
    # Set 8 (dev8, heldout7 and out_of_scope9, written blind together by a ninth writer): dev8 is tuned on, so
    # none of its sentences may be an older held-out or dev sentence with other numbers (likeness is a
    # warning); heldout7 may not be a tuning sentence (dev-dev8) or an older held-out sentence with other
    # numbers (likeness is a warning); out_of_scope9 may not be an older out-of-scope sentence with other
    # numbers. File and index only, so that neither the writer nor whoever tunes on dev8 reads other text
    # here.
    older_heldout = (*HELDOUT_SPLITS, "heldout3", "heldout4", "heldout5", "heldout6")
    for old in (*older_heldout, "dev", "dev3", "dev4", "dev5", "dev7"):
        compare("dev8", old, True, quote=False)
    for old in ("dev", "dev3", "dev4", "dev5", "dev7", "dev8", *older_heldout):
        compare("heldout7", old, True, quote=False)
    for old in ("oos", "oos2", "oos3", "oos4", "oos5", "oos6", "oos7", "oos8"):
        compare("oos9", old, True, quote=False)
    # Set 9 (dev9, heldout8, out_of_scope10 and out_of_scope11, written blind together by a tenth and an
    # eleventh writer, one per language): as for set 8, file and index only.
    older_heldout = (*older_heldout, "heldout7")
    older_dev = ("dev", "dev3", "dev4", "dev5", "dev7", "dev8")
    for old in (*older_heldout, *older_dev):
        compare("dev9", old, True, quote=False)
    for old in (*older_dev, "dev9", *older_heldout):
        compare("heldout8", old, True, quote=False)
    for new in ("oos10", "oos11"):
        for old in ("oos", "oos2", "oos3", "oos4", "oos5", "oos6", "oos7", "oos8", "oos9"):
            compare(new, old, True, quote=False)
    # Set 10 (dev10, heldout9, out_of_scope12 and out_of_scope13, written blind together by a twelfth and a
    # thirteenth writer, one per language): as for set 9, file and index only.
    older_heldout = (*older_heldout, "heldout8")
    older_dev = (*older_dev, "dev9")
    for old in (*older_heldout, *older_dev):
        compare("dev10", old, True, quote=False)
    for old in (*older_dev, "dev10", *older_heldout):
        compare("heldout9", old, True, quote=False)
    for new in ("oos12", "oos13"):
        for old in OOS_SPLITS[: OOS_SPLITS.index("oos12")]:
            compare(new, old, True, quote=False)
    # Set 11 (heldout10 and out_of_scope14, both measured only, written blind by a fourteenth and a fifteenth
    # writer, one per language): heldout10 may not be a tuning sentence (dev-dev10) or an older held-out
    # sentence with other numbers (likeness is a warning); out_of_scope14 may not be an older out-of-scope
    # sentence with other numbers. File and index only, as above.
    older_heldout = (*older_heldout, "heldout9")
    older_dev = (*older_dev, "dev10")
    for old in (*older_dev, *older_heldout):
        compare("heldout10", old, True, quote=False)
    for old in OOS_SPLITS[: OOS_SPLITS.index("oos14")]:
        compare("oos14", old, True, quote=False)
    # Set 12 (heldout11 and out_of_scope15, both measured only, written blind by a sixteenth and a
    # seventeenth writer, one per language): as for set 11, against every older set, file and index only.
    older_heldout = (*older_heldout, "heldout10")
    for old in (*older_dev, *older_heldout):
        compare("heldout11", old, True, quote=False)
    for old in OOS_SPLITS[: OOS_SPLITS.index("oos15")]:
        compare("oos15", old, True, quote=False)
    # Set 13 (dev11 and out_of_scope16, tuned on, written blind by an eighteenth and a nineteenth writer for
    # the voices set 12 found hard): against every older set, held-out ones included, file and index only.
    for old in (*older_dev, *older_heldout, "heldout11"):
        compare("dev11", old, True, quote=False)
    for old in OOS_SPLITS[: OOS_SPLITS.index("oos16")]:
        compare("oos16", old, True, quote=False)
    # Set 14 (heldout12 and out_of_scope17, both measured only, written blind by a twentieth and a
    # twenty-first writer after dev11 was tuned on): against every older set, file and index only.
    for old in (*older_dev, "dev11", *older_heldout, "heldout11"):
        compare("heldout12", old, True, quote=False)
    for old in OOS_SPLITS[: OOS_SPLITS.index("oos17")]:
        compare("oos17", old, True, quote=False)
    # Set 15 (heldout13 and out_of_scope18, both measured only, written blind by a twenty-second and a
    # twenty-third writer while dev11's kinds were tuned on): against every older set, file and index only.
    for old in (*older_dev, "dev11", *older_heldout, "heldout11", "heldout12"):
        compare("heldout13", old, True, quote=False)
    for old in OOS_SPLITS[: OOS_SPLITS.index("oos18")]:
        compare("oos18", old, True, quote=False)
    # Set 16 (dev12 and out_of_scope19, tuned on, written blind by a twenty-fourth and a twenty-fifth writer
    # for the voices set 15 found hard): against every older set, held-out ones included, file and index only.
    for old in (*older_dev, "dev11", *older_heldout, "heldout11", "heldout12", "heldout13"):
        compare("dev12", old, True, quote=False)
    for old in OOS_SPLITS[: OOS_SPLITS.index("oos19")]:
        compare("oos19", old, True, quote=False)
    # Set 17 (heldout14 and out_of_scope20, both measured only, written blind by a twenty-sixth and a
    # twenty-seventh writer while dev12 was tuned on): against every older set, file and index only.
    for old in (*older_dev, "dev11", "dev12", *older_heldout, "heldout11", "heldout12", "heldout13"):
        compare("heldout14", old, True, quote=False)
    for old in OOS_SPLITS[: OOS_SPLITS.index("oos20")]:
        compare("oos20", old, True, quote=False)
    # Set 18 (dev13 and out_of_scope21, tuned on, written blind by a twenty-eighth and a twenty-ninth writer
    # in set 17's voices): against every older set, held-out ones included, file and index only.
    newer_heldout = ("heldout11", "heldout12", "heldout13", "heldout14")
    for old in (*older_dev, "dev11", "dev12", *older_heldout, *newer_heldout):
        compare("dev13", old, True, quote=False)
    for old in OOS_SPLITS[: OOS_SPLITS.index("oos21")]:
        compare("oos21", old, True, quote=False)

    # minimum counts
    for intent in INTENT_SLOTS:
        for lang in ("zh", "en"):
            for split, mn in MIN_COUNTS.items():
                if counts[(intent, lang, split)] < mn:
                    err("counts", f"{intent} {lang} {split}: {counts[(intent, lang, split)]} < {mn}")
    for lang in ("zh", "en"):
        for split, mn in MIN_OOS.items():
            if counts[("OUT_OF_SCOPE", lang, split)] < mn:
                n = counts[("OUT_OF_SCOPE", lang, split)]
                err("counts", f"out of scope {lang} {FILES[split]}: {n} < {mn}")
    for name, ids in (("device", DEVICES), ("area", AREAS), ("scene", SCENES)):
        for x in ids:
            if stats[name][x] + (stats["site"][x] if name == "area" else 0) < 3:
                err("coverage", f"{name} {x} appears fewer than 3 times")

    if not args.quiet:
        in_scope = [s for s in FILES if s not in OOS_SPLITS]
        print("Sentences per intent (" + " | ".join(f"{s} zh/en" for s in in_scope) + "):")
        for intent in [*list(INTENT_SLOTS), "OUT_OF_SCOPE"]:
            c = [counts[(intent, lang, s)] for s in in_scope for lang in ("zh", "en")]
            if intent == "OUT_OF_SCOPE":
                for split in OOS_SPLITS:
                    zh, en = counts[(intent, "zh", split)], counts[(intent, "en", split)]
                    print(f"  {FILES[split]:22s} zh {zh:4d}  en {en:4d}")
            else:
                cols = " | ".join(f"{c[i]:4d} {c[i + 1]:4d}" for i in range(0, len(c), 2))
                print(f"  {intent:22s} {cols}")
        tot = {s: sum(v for (_, _, s2), v in counts.items() if s2 == s) for s in FILES}
        print("Totals:", ", ".join(f"{FILES[s]} {n}" for s, n in tot.items()))
        splits = tuple(FILES)
        print("Kinds (" + " | ".join(f"{s} zh/en" for s in splits) + "):")
        for k in sorted(KINDS | OOS_KINDS):
            c = [kinds[(k, lang, s)] for s in splits for lang in ("zh", "en")]
            print("  " + f"{k:16s} " + " | ".join(f"{c[i]:4d} {c[i + 1]:4d}" for i in range(0, len(c), 2)))
        print("Devices:", dict(stats["device"]))
        print("Areas (as slot):", dict(stats["area"]))
        print("Sites:", dict(stats["site"]))
        print("Scenes:", dict(stats["scene"]))

    def shown(line):
        if not args.only:
            return True
        where = line.split(" ", 1)[1].lstrip()
        return where.startswith(("counts:", "coverage:", "spec:")) or any(
            re.match(re.escape(fn) + r"[#: ]", where) for fn in args.only
        )

    for w in warnings:
        if shown(w):
            print(w)
    for e in errors:
        if shown(e):
            print(e)
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
