"""Our own weather condition ids, their words in both languages, and the WMO codes that map to them.

Providers translate their codes (Open-Meteo's WMO 4677 ``weather_code``, QWeather's icon codes) into
these ids, so answers, the cache and ``GET /api/weather`` never depend on one provider's numbering.
"""

from __future__ import annotations

from collections.abc import Mapping

WORDS: Mapping[str, tuple[str, str]] = {
    # id: (zh, en)
    "clear": ("晴", "clear"),
    "mostly_clear": ("晴间少云", "mostly clear"),
    "partly_cloudy": ("多云", "partly cloudy"),
    "overcast": ("阴", "overcast"),
    "fog": ("有雾", "foggy"),
    "haze": ("有霾", "hazy"),
    "drizzle": ("毛毛雨", "drizzle"),
    "freezing_drizzle": ("冻毛毛雨", "freezing drizzle"),
    "light_rain": ("小雨", "light rain"),
    "rain": ("中雨", "rain"),
    "heavy_rain": ("大雨", "heavy rain"),
    "freezing_rain": ("冻雨", "freezing rain"),
    "showers": ("阵雨", "showers"),
    "heavy_showers": ("强阵雨", "heavy showers"),
    "sleet": ("雨夹雪", "sleet"),
    "light_snow": ("小雪", "light snow"),
    "snow": ("中雪", "snow"),
    "heavy_snow": ("大雪", "heavy snow"),
    "snow_showers": ("阵雪", "snow showers"),
    "thunderstorm": ("雷阵雨", "thunderstorms"),
    "thunderstorm_hail": ("雷阵雨伴有冰雹", "thunderstorms with hail"),
    "dust": ("扬沙", "dust"),
    "unknown": ("天气未知", "unknown weather"),
}

WET = frozenset(
    {
        "drizzle", "freezing_drizzle", "light_rain", "rain", "heavy_rain", "freezing_rain", "showers",
        "heavy_showers", "sleet", "thunderstorm", "thunderstorm_hail",
    }
)  # fmt: skip
"""Conditions that mean rain falls (an umbrella question answers yes)."""
SNOWY = frozenset({"sleet", "light_snow", "snow", "heavy_snow", "snow_showers"})

WMO: Mapping[int, str] = {
    0: "clear",
    1: "mostly_clear",
    2: "partly_cloudy",
    3: "overcast",
    45: "fog",
    48: "fog",  # depositing rime fog
    51: "drizzle",
    53: "drizzle",
    55: "drizzle",
    56: "freezing_drizzle",
    57: "freezing_drizzle",
    61: "light_rain",
    63: "rain",
    65: "heavy_rain",
    66: "freezing_rain",
    67: "freezing_rain",
    71: "light_snow",
    73: "snow",
    75: "heavy_snow",
    77: "light_snow",  # snow grains
    80: "showers",
    81: "showers",
    82: "heavy_showers",
    85: "snow_showers",
    86: "snow_showers",
    95: "thunderstorm",
    96: "thunderstorm_hail",
    99: "thunderstorm_hail",
}


def from_wmo(code: int | None) -> str:
    """Our id for a WMO 4677 code as Open-Meteo sends it (``unknown`` for a code it does not document)."""
    return WMO.get(code, "unknown") if code is not None else "unknown"


def word(condition: str, lang: str) -> str:
    """晴 / clear."""
    zh, en = WORDS.get(condition, WORDS["unknown"])
    return zh if lang == "zh" else en


QWEATHER: Mapping[int, str] = {
    100: "clear", 150: "clear", 101: "partly_cloudy", 151: "partly_cloudy", 102: "mostly_clear",
    152: "mostly_clear", 103: "partly_cloudy", 153: "partly_cloudy", 104: "overcast",
    300: "showers", 350: "showers", 301: "heavy_showers", 351: "heavy_showers", 302: "thunderstorm",
    303: "thunderstorm", 304: "thunderstorm_hail", 305: "light_rain", 309: "drizzle", 306: "rain",
    314: "rain", 399: "rain", 307: "heavy_rain", 308: "heavy_rain", 310: "heavy_rain", 311: "heavy_rain",
    312: "heavy_rain", 315: "heavy_rain", 316: "heavy_rain", 317: "heavy_rain", 318: "heavy_rain",
    313: "freezing_rain", 400: "light_snow", 408: "light_snow", 401: "snow", 409: "snow", 499: "snow",
    402: "heavy_snow", 403: "heavy_snow", 410: "heavy_snow", 404: "sleet", 405: "sleet", 406: "sleet",
    456: "sleet", 407: "snow_showers", 457: "snow_showers", 500: "fog", 501: "fog", 509: "fog",
    510: "fog", 514: "fog", 515: "fog", 502: "haze", 511: "haze", 512: "haze", 513: "haze", 503: "dust",
    504: "dust", 507: "dust", 508: "dust",
}  # fmt: skip
"""QWeather's icon codes (``icon``, ``iconDay``; the 15x/35x/45x are their night forms)."""


def from_qweather(code: object) -> str:
    """Our id for a QWeather icon code as it sends it (a string: ``"101"``)."""
    try:
        return QWEATHER.get(int(str(code)), "unknown")
    except ValueError:
        return "unknown"
