"""Spoken answers from a forecast: short, yes or no first for yes/no questions, the place named only
when one was asked for, numbers as a voice says them (二十六度 / 26 degrees)."""

from __future__ import annotations

from datetime import date, datetime

from ting.skills.sdk.speech import say_number, say_time
from ting.skills.weather.conditions import SNOWY, WET, word
from ting.skills.weather.model import Day, Forecast
from ting.skills.weather.phrases import (
    AQI_BANDS,
    AQI_WORST,
    BEAUFORT_KMH,
    RELATIVE_DAYS,
    UV_EXTREME,
    UV_LEVELS,
    WEEKDAYS,
    WIND_WORDS,
    WIND_WORST,
    say,
)
from ting.skills.weather.questions import Question

RAIN_LIKELY_PERCENT = 50
"""A chance of rain at least this high answers "will it rain" with yes."""
MENTION_RAIN_PERCENT = 30
"""A summary mentions the chance of rain from this high on."""


class Speaker:
    """Says one forecast in one language and unit, for one asker's day and place."""

    def __init__(self, forecast: Forecast, lang: str, *, fahrenheit: bool, today: date, where: str) -> None:
        self.forecast = forecast
        self.lang = "zh" if lang == "zh" else "en"
        self.fahrenheit = fahrenheit
        self.today = today
        self.where = where

    # ---- numbers and words
    def degrees(self, celsius: float) -> str:
        value = round(celsius * 9 / 5 + 32 if self.fahrenheit else celsius)
        if self.lang == "zh":
            return ("华氏" if self.fahrenheit else "") + say_number(value, "zh") + "度"
        return f"{value} degree{'' if abs(value) == 1 else 's'}" + (" Fahrenheit" if self.fahrenheit else "")

    def temperature_range(self, low: float, high: float) -> str:
        if self.lang == "zh":
            low_f = round(low * 9 / 5 + 32) if self.fahrenheit else round(low)
            return (
                "华氏" if self.fahrenheit else ""
            ) + f"{say_number(low_f, 'zh')}到{self.degrees(high).removeprefix('华氏')}"
        low_value = round(low * 9 / 5 + 32 if self.fahrenheit else low)
        return f"{low_value} to {self.degrees(high)}"

    def percent(self, value: float) -> str:
        return say_number(round(value), self.lang)

    def day_name(self, day: date, *, capital: bool = False, inline: bool = True, listed: bool = False) -> str:
        """今天 / 明天 / 后天 / 周五; in a list of days 后天 is its weekday (周末：周六 ..., 周日 ...)."""
        offset = (day - self.today).days
        if offset in RELATIVE_DAYS and not (listed and offset == 2):
            text = RELATIVE_DAYS[offset][self.lang == "zh"]
        else:
            text = WEEKDAYS[day.weekday()][self.lang == "zh"]
            if self.lang == "en" and inline:
                text = "on " + text
        return text[:1].upper() + text[1:] if capital else text

    def fill(self, key: str, day: date, **values: str) -> str:
        return say(
            key,
            self.lang,
            where=self.where,
            day=self.day_name(day),
            Day=self.day_name(day, capital=True, inline=False),
            **values,
        )

    def summary(self, day: Day) -> str:
        chance = day.rain_chance_percent
        rain = (
            say("summary_rain", self.lang, chance=self.percent(chance))
            if chance is not None and chance >= MENTION_RAIN_PERCENT
            else ""
        )
        return say(
            "summary",
            self.lang,
            condition=word(day.condition, self.lang),
            range=self.temperature_range(day.low_c, day.high_c),
            rain=rain,
        )

    # ---- the answers
    def answer(self, question: Question) -> str:
        days = [self.forecast.day(day.isoformat()) for day in question.days]
        known = [day for day in days if day is not None]
        if not known:
            return say("out_of_range", self.lang, count=say_number(len(self.forecast.days), self.lang))
        if len(known) > 1 and question.kind not in ("rain", "snow"):
            return self.several(known, question)
        method = getattr(self, f"_{question.kind}")
        text: str = method(known, question)
        return text

    def several(self, days: list[Day], question: Question) -> str:
        separator = "；" if self.lang == "zh" else "; "
        items = separator.join(
            say(
                "days_item",
                self.lang,
                day=self.day_name(date.fromisoformat(day.date), inline=False, listed=True),
                summary=self.summary(day),
            )
            for day in days
        )
        if question.kind == "week":
            label = (
                ("未来几天", "The next few days") if len(days) < 7 else ("未来七天", "The next seven days")
            )
        else:
            label = ("周末", "This weekend")
        return say("days", self.lang, where=self.where, Days=label[1], days=label[0], list=items)

    def _condition(self, days: list[Day], question: Question) -> str:
        day = days[0]
        if day.date == self.today.isoformat():
            current = self.forecast.current
            return say(
                "now_and_today",
                self.lang,
                where=self.where,
                temperature=self.degrees(current.temperature_c),
                condition=word(current.condition, self.lang),
                summary=self.summary(day),
            )
        return self.fill("day", date.fromisoformat(day.date), summary=self.summary(day))

    _week = _condition

    def _rain(self, days: list[Day], question: Question) -> str:
        wet = [day for day in days if _rainy(day)]
        day = wet[0] if wet else max(days, key=lambda d: d.rain_chance_percent or 0)
        chance = (
            say("rain_chance", self.lang, chance=self.percent(day.rain_chance_percent))
            if day.rain_chance_percent is not None
            else ""
        )
        umbrella = "umbrella" in question.flags
        key = ("umbrella_" if umbrella else "rain_") + ("yes" if wet else "no")
        return self.fill(key, date.fromisoformat(day.date), chance=chance)

    def _rain_when(self, days: list[Day], question: Question) -> str:
        day = days[0]
        now = self.forecast.current.time
        for hour in self.forecast.hours:
            coming = hour.time.startswith(day.date) and hour.time >= now[:13]
            if coming and (hour.rain_chance_percent or 0) >= RAIN_LIKELY_PERCENT:
                moment = datetime.fromisoformat(hour.time).time()
                return self.fill("rain_when", date.fromisoformat(day.date), time=say_time(moment, self.lang))
        return self.fill("rain_when_none", date.fromisoformat(day.date))

    def _snow(self, days: list[Day], question: Question) -> str:
        snowy = [day for day in days if day.condition in SNOWY or (day.snowfall_cm or 0) > 0]
        if snowy:
            day = snowy[0]
            condition = word(day.condition if day.condition in SNOWY else "light_snow", self.lang)
            return self.fill("snow_yes", date.fromisoformat(day.date), condition=condition)
        return self.fill("snow_no", date.fromisoformat(days[0].date))

    def _temperature(self, days: list[Day], question: Question) -> str:
        day = days[0]
        when = date.fromisoformat(day.date)
        high, low = self.degrees(day.high_c), self.degrees(day.low_c)
        if "high" in question.flags and "low" not in question.flags:
            return self.fill("temperature_high", when, high=high)
        if "low" in question.flags and "high" not in question.flags:
            return self.fill("temperature_low", when, low=low)
        if day.date == self.today.isoformat():
            now = self.degrees(self.forecast.current.temperature_c)
            return self.fill("temperature_now", when, temperature=now, high=high, low=low)
        return self.fill("temperature_day", when, high=high, low=low)

    def _wind(self, days: list[Day], question: Question) -> str:
        day = days[0]
        when = date.fromisoformat(day.date)
        if day.wind_max_kmh is None:
            return self.fill("no_data_for_day", when)
        speed = day.wind_max_kmh
        level = next((force for force, top in enumerate(BEAUFORT_KMH) if speed < top), 12)
        strength = next((text for top, text in WIND_WORDS if speed < top), WIND_WORST)
        return self.fill(
            "wind",
            when,
            speed=say_number(round(speed), self.lang),
            level=say_number(level, self.lang),
            strength=strength,
        )

    def _humidity(self, days: list[Day], question: Question) -> str:
        day = days[0]
        when = date.fromisoformat(day.date)
        current = self.forecast.current.humidity_percent
        if day.date == self.today.isoformat() and current is not None:
            return self.fill("humidity_now", when, humidity=self.percent(current))
        if day.humidity_percent is None:
            return self.fill("no_data_for_day", when)
        return self.fill("humidity_day", when, humidity=self.percent(day.humidity_percent))

    def _uv(self, days: list[Day], question: Question) -> str:
        day = days[0]
        when = date.fromisoformat(day.date)
        if day.uv_index is None:
            return self.fill("no_data_for_day", when)
        level = next((names for top, *names in UV_LEVELS if day.uv_index < top), UV_EXTREME)
        return self.fill(
            "uv", when, uv=say_number(round(day.uv_index), self.lang), level=level[self.lang == "zh"]
        )

    def _sun(self, days: list[Day], question: Question) -> str:
        day = days[0]
        when = date.fromisoformat(day.date)
        if day.sunrise is None or day.sunset is None:
            return self.fill("no_data_for_day", when)
        rise = say_time(datetime.fromisoformat(day.sunrise).time(), self.lang)
        sunset = say_time(datetime.fromisoformat(day.sunset).time(), self.lang)
        if "sunrise" in question.flags and "sunset" not in question.flags:
            return self.fill("sunrise", when, sunrise=rise)
        if "sunset" in question.flags and "sunrise" not in question.flags:
            return self.fill("sunset", when, sunset=sunset)
        return self.fill("sun", when, sunrise=rise, sunset=sunset)

    def _aqi(self, days: list[Day], question: Question) -> str:
        day = days[0]
        when = date.fromisoformat(day.date)
        air = self.forecast.air
        if air is not None and day.date == self.today.isoformat():
            return self.fill("aqi_now", when, band=self.band(air.aqi), aqi=say_number(air.aqi, self.lang))
        peak = air.daily_max.get(day.date) if air is not None else None
        if peak is None:
            return self.fill("aqi_none", when)
        return self.fill("aqi_day", when, band=self.band(peak), aqi=say_number(peak, self.lang))

    def band(self, aqi: int) -> str:
        names = next((names for top, *names in AQI_BANDS if aqi <= top), AQI_WORST)
        return names[self.lang == "zh"]


def _rainy(day: Day) -> bool:
    if day.rain_chance_percent is not None:
        return day.rain_chance_percent >= RAIN_LIKELY_PERCENT
    return day.condition in WET
