"""What the weather skill says, per language. ``{where}`` is the place when one was asked for
(`` in Paris`` / ``巴黎``), ``{day}`` the day as said inline (``tomorrow`` / ``明天``), ``{Day}`` as the
start of an English sentence."""

from __future__ import annotations

from collections.abc import Mapping

from ting.skills.sdk.phrases import Phrases

PHRASES: Mapping[str, Mapping[str, str]] = {
    "summary": {"en": "{condition}, {range}{rain}", "zh": "{condition}，{range}{rain}"},
    "summary_rain": {"en": ", {chance} percent chance of rain", "zh": "，降水概率百分之{chance}"},
    "now_and_today": {
        "en": "Right now{where} it's {temperature} and {condition}; today {summary}.",
        "zh": "{where}现在{temperature}，{condition}；今天{summary}。",
    },
    "day": {"en": "{Day}{where}: {summary}.", "zh": "{where}{day}{summary}。"},
    "days": {"en": "{Days}{where}: {list}.", "zh": "{where}{days}：{list}。"},
    "days_item": {"en": "{day} {summary}", "zh": "{day}{summary}"},
    "rain_yes": {
        "en": "Yes, rain is likely {day}{where}{chance}.",
        "zh": "会，{where}{day}可能下雨{chance}。",
    },
    "rain_no": {"en": "No, {day}{where} looks dry{chance}.", "zh": "不会，{where}{day}应该不下雨{chance}。"},
    "rain_chance": {"en": ", {chance} percent chance", "zh": "，降水概率百分之{chance}"},
    "umbrella_yes": {
        "en": "Yes, take an umbrella: rain is likely {day}{where}{chance}.",
        "zh": "要带伞，{where}{day}可能下雨{chance}。",
    },
    "umbrella_no": {
        "en": "No, you won't need one: {day}{where} looks dry{chance}.",
        "zh": "不用带伞，{where}{day}应该不下雨{chance}。",
    },
    "rain_when": {
        "en": "Rain is likely {day}{where} from about {time}.",
        "zh": "{where}{day}{time}前后可能下雨。",
    },
    "rain_when_none": {"en": "No rain is expected {day}{where}.", "zh": "{where}{day}预计不会下雨。"},
    "snow_yes": {"en": "Yes, {condition} is expected {day}{where}.", "zh": "会，{where}{day}有{condition}。"},
    "snow_no": {"en": "No, no snow is expected {day}{where}.", "zh": "不会，{where}{day}不会下雪。"},
    "temperature_now": {
        "en": "Right now{where} it's {temperature}; today's high is {high}, the low {low}.",
        "zh": "{where}现在{temperature}，今天最高{high}，最低{low}。",
    },
    "temperature_day": {
        "en": "{Day}{where}: a high of {high}, a low of {low}.",
        "zh": "{where}{day}最高{high}，最低{low}。",
    },
    "temperature_high": {"en": "The high {day}{where} is {high}.", "zh": "{where}{day}最高{high}。"},
    "temperature_low": {"en": "The low {day}{where} is {low}.", "zh": "{where}{day}最低{low}。"},
    "wind": {
        "en": "{Day}{where}: {strength}, wind up to {speed} kilometers per hour.",
        "zh": "{where}{day}风力{level}级，最大风速每小时{speed}公里。",
    },
    "humidity_now": {
        "en": "Humidity{where} is {humidity} percent right now.",
        "zh": "{where}现在湿度百分之{humidity}。",
    },
    "humidity_day": {
        "en": "{Day}{where}: humidity around {humidity} percent.",
        "zh": "{where}{day}湿度大约百分之{humidity}。",
    },
    "uv": {"en": "{Day}{where}: UV index {uv}, {level}.", "zh": "{where}{day}紫外线指数{uv}，{level}。"},
    "sun": {
        "en": "{Day}{where}: sunrise at {sunrise}, sunset at {sunset}.",
        "zh": "{where}{day}日出{sunrise}，日落{sunset}。",
    },
    "sunrise": {"en": "Sunrise {day}{where} is at {sunrise}.", "zh": "{where}{day}日出时间是{sunrise}。"},
    "sunset": {"en": "Sunset {day}{where} is at {sunset}.", "zh": "{where}{day}日落时间是{sunset}。"},
    "aqi_now": {
        "en": "Air quality{where} is {band} right now, AQI {aqi}.",
        "zh": "{where}现在空气质量{band}，空气质量指数{aqi}。",
    },
    "aqi_day": {
        "en": "{Day}{where}: air quality {band}, AQI up to {aqi}.",
        "zh": "{where}{day}空气质量{band}，指数最高{aqi}。",
    },
    "aqi_none": {
        "en": "I have no air quality data{where} for {day}.",
        "zh": "暂时没有{where}{day}的空气质量数据。",
    },
    "no_data_for_day": {
        "en": "I don't have that figure{where} for {day}.",
        "zh": "没有{where}{day}的这项数据。",
    },
    "out_of_range": {
        "en": "I only have the forecast for the next {count} days.",
        "zh": "我只有未来{count}天的天气预报。",
    },
    "stale": {
        "en": "The weather service can't be reached; as of {time}: ",
        "zh": "天气服务暂时连不上，这是{time}的预报：",
    },
    "demo": {"en": "Demo data: ", "zh": "演示数据："},
    "unreachable": {
        "en": "I can't reach the weather service right now, and I have no earlier forecast{where}.",
        "zh": "现在连不上天气服务，也没有{where}之前的预报。",
    },
    "refused": {
        "en": "The weather service refused the request; the server log says why.",
        "zh": "天气服务拒绝了请求，原因见服务器日志。",
    },
    "no_home": {
        "en": "I don't know where home is yet. Set city in the skills.weather section of ting.toml, "
        "for example city = Beijing, or ask about a city by name.",
        "zh": "还不知道家在哪里。请在 ting.toml 的 skills.weather 里设置 city，比如 city = 北京，"
        "或者直接问某个城市的天气。",
    },
    "unknown_place": {"en": "I couldn't find a place called {name}.", "zh": "没有找到叫{name}的地方。"},
    "which_place": {"en": "Which {name} do you mean: {options}?", "zh": "你说的是哪个{name}：{options}？"},
    "or": {"en": " or ", "zh": "还是"},
    # daily briefings (briefings.py, briefing_intents.py)
    "briefing": {
        "en": "Today's weather{where}: {condition}, {range}{rain}{air}.",
        "zh": "今天{where}天气：{condition}，{range}{rain}{air}。",
    },
    "briefing_rain": {"en": ", {chance} percent chance of rain", "zh": "，降水概率百分之{chance}"},
    "briefing_air": {"en": ", air quality {band}, AQI {aqi}", "zh": "，空气质量{band}，指数{aqi}"},
    "briefing_to_push": {"en": "on WeChat", "zh": "把天气发到微信"},
    "briefing_to_site": {"en": "spoken in the {site}", "zh": "在{site}播报天气"},
    "briefing_item": {"en": "every day at {time}, {targets}", "zh": "每天{time}{targets}"},
    "and": {"en": " and ", "zh": "并"},
    "list_separator": {"en": "; ", "zh": "；"},
    "briefing_set": {"en": "OK, you'll get the weather {job}.", "zh": "好的，{job}。"},
    "briefing_none": {"en": "There are no weather briefings.", "zh": "还没有设置天气播报。"},
    "briefing_list": {"en": "Weather briefings: {list}.", "zh": "天气播报：{list}。"},
    "briefing_cancelled": {
        "en": "OK, {count} weather briefing{s} cancelled.",
        "zh": "好的，已取消{count}个天气播报。",
    },
    "briefing_cancel_none": {
        "en": "There is no weather briefing to cancel.",
        "zh": "没有可以取消的天气播报。",
    },
    "briefing_config_stays": {
        "en": " The ones in ting.toml stay; remove them from skills.weather.briefings there.",
        "zh": "ting.toml 里设置的播报还在，要在 skills.weather.briefings 里删除。",
    },
    "briefing_no_channel": {
        "en": "No WeChat or WeCom channel is set up yet, so I can't send the weather there.",
        "zh": "还没有配置微信或企业微信推送，没法把天气发过去。",
    },
    "briefing_no_time": {"en": "At what time each day?", "zh": "每天几点？"},
}

WHERE = {"en": " in {}", "zh": "{}"}
RELATIVE_DAYS = {0: ("today", "今天"), 1: ("tomorrow", "明天"), 2: ("the day after tomorrow", "后天")}
WEEKDAYS = (
    ("Monday", "周一"), ("Tuesday", "周二"), ("Wednesday", "周三"), ("Thursday", "周四"),
    ("Friday", "周五"), ("Saturday", "周六"), ("Sunday", "周日"),
)  # fmt: skip
UV_LEVELS = ((3, "low", "弱"), (6, "moderate", "中等"), (8, "high", "强"), (11, "very high", "很强"))
UV_EXTREME = ("extreme", "极强")
AQI_BANDS = (
    (50, "good", "优"),
    (100, "moderate", "良"),
    (150, "unhealthy for sensitive groups", "轻度污染"),
    (200, "unhealthy", "中度污染"),
    (300, "very unhealthy", "重度污染"),
)
AQI_WORST = ("hazardous", "严重污染")
WIND_WORDS = ((6, "calm"), (20, "light wind"), (39, "breezy"), (62, "windy"), (89, "very windy"))
WIND_WORST = "stormy"
BEAUFORT_KMH = (1, 6, 12, 20, 29, 39, 50, 62, 75, 89, 103, 118)
"""The upper bound of each Beaufort force 0–11 in km/h (12 beyond): 风力几级."""

say = Phrases(PHRASES).say
"""The phrase ``key`` in ``lang`` (Chinese when the language is unknown), filled in."""
