"""Chinese: weather, music, volume, system and speech-robustness cases over every shipped skill."""

from __future__ import annotations

import pytest

from tests.nlu.catalog import Case, check
from ting.nlu import IntentRecognizer

WEATHER: list[Case] = [
    ("上海天气怎么样", "weather.get", {"location": "Shanghai"}),
    ("北京的天气如何", "weather.get", {"location": "Beijing"}),
    ("天气怎么样", "weather.get", {}),
    ("查一下深圳的天气", "weather.get", {"location": "Shenzhen"}),
    ("帮我看看杭州天气预报", "weather.get", {"location": "Hangzhou"}),
    ("广州会下雨吗", "weather.get", {"location": "Guangzhou"}),
    ("成都会不会下雨", "weather.get", {"location": "Chengdu"}),
    ("哈尔滨冷不冷", "weather.get", {"location": "Harbin"}),
    ("外面多少度", "weather.get", {}),
    ("纽约的气温是多少", "weather.get", {"location": "New York"}),
    ("出门要不要带伞", "weather.get", {}),
    ("東京天氣怎麼樣", "weather.get", {"location": "Tokyo"}),
    ("武汉市天气", "weather.get", {"location": "Wuhan"}),
    ("伦敦 天气 怎么样", "weather.get", {"location": "London"}),
    ("明天上海天气怎么样", "weather.get", {"location": "Shanghai", "date": "2025-03-15"}),
    ("后天北京会下雨吗", "weather.get", {"location": "Beijing", "date": "2025-03-16"}),
    ("周五深圳的天气", "weather.get", {"location": "Shenzhen", "date": "2025-03-21"}),
    ("今天天气怎么样", "weather.get", {"date": "2025-03-14"}),
    ("明天要带伞吗", "weather.get", {"date": "2025-03-15"}),
    ("大後天廣州天氣如何", "weather.get", {"location": "Guangzhou", "date": "2025-03-17"}),
]
MUSIC: list[Case] = [
    ("来点爵士乐", "music.play", {"genre": "jazz"}),
    ("播放古典音乐", "music.play", {"genre": "classical"}),
    ("放一首摇滚", "music.play", {"genre": "rock"}),
    ("我想听流行歌曲", "music.play", {"genre": "pop"}),
    ("放点民谣吧", "music.play", {"genre": "folk"}),
    ("播放电子音乐", "music.play", {"genre": "electronic"}),
    ("给我放几首儿歌", "music.play", {"genre": "children"}),
    ("放几首儿歌", "music.play", {"genre": "children"}),
    ("播放周杰伦的歌", "music.play", {"artist": "周杰伦"}),
    ("我想听邓丽君的歌", "music.play", {"artist": "邓丽君"}),
    ("放一首周杰伦的晴天", "music.play", {"artist": "周杰伦", "song": "晴天"}),
    ("播放王菲唱的红豆", "music.play", {"artist": "王菲", "song": "红豆"}),
    ("来一首青花瓷", "music.play", {"song": "青花瓷"}),
    ("播放专辑范特西", "music.play", {"album": "范特西"}),
    ("播放我的跑步歌单", "music.play", {"playlist": "跑步"}),
    ("放首歌", "music.play", {}),
    ("播放音乐", "music.play", {}),
    ("暂停", "music.pause", {}),
    ("暂停一下", "music.pause", {}),
    ("先停一下", "music.pause", {}),
    ("继续播放", "music.resume", {}),
    ("接着放", "music.resume", {}),
    ("停止播放", "music.stop", {}),
    ("别放了", "music.stop", {}),
    ("关掉音乐", "music.stop", {}),
    ("下一首", "music.next", {}),
    ("切歌", "music.next", {}),
    ("换一首吧", "music.next", {}),
    ("上一首", "music.previous", {}),
    ("播放上一曲", "music.previous", {}),
]
VOLUME: list[Case] = [
    ("音量调到三十", "volume.set", {"level": 30}),
    ("把音量调到百分之五十", "volume.set", {"level": 50}),
    ("声音调成20", "volume.set", {"level": 20}),
    ("音量八十", "volume.set", {"level": 80}),
    ("静音", "volume.set", {"level": 0}),
    ("音量开到最大", "volume.set", {"level": 100}),
    ("大声点", "volume.change", {"direction": "up"}),
    ("大声一点", "volume.change", {"direction": "up"}),
    ("声音大一点", "volume.change", {"direction": "up"}),
    ("把音量调高一点", "volume.change", {"direction": "up"}),
    ("听不清", "volume.change", {"direction": "up"}),
    ("声音小一点", "volume.change", {"direction": "down"}),
    ("小声点", "volume.change", {"direction": "down"}),
    ("音量调低一些", "volume.change", {"direction": "down"}),
    ("太吵了", "volume.change", {"direction": "down"}),
    ("聲音小一點", "volume.change", {"direction": "down"}),
]
SYSTEM: list[Case] = [
    ("算了", "system.cancel", {}),
    ("算了吧", "system.cancel", {}),
    ("不用了", "system.cancel", {}),
    ("不用了谢谢", "system.cancel", {}),
    ("没事了", "system.cancel", {}),
    ("你能做什么", "system.help", {}),
    ("你都会干啥", "system.help", {}),
    ("现在几点了", "system.time", {}),
    ("呃 几点了", "system.time", {}),
    ("今天星期几", "system.date", {}),
    ("今天几号啊", "system.date", {}),
]
ROBUST: list[Case] = [
    ("開燈", "home.turn_on", {"domain": "light"}),
    ("把客廳的燈打開", "home.turn_on", {"device": "living_room_light"}),
    ("關閉電視", "home.turn_off", {"device": "tv"}),
    ("打开　客厅灯！", "home.turn_on", {"device": "living_room_light"}),
    ("把台灯亮度调到５０％", "home.set_brightness", {"device": "desk_lamp", "brightness": 50}),
    ("把 卧室 空调 调到 二十四 度", "home.set_temperature", {"device": "bedroom_ac", "temperature": 24}),
    ("打 开 电 视", "home.turn_on", {"device": "tv"}),
    ("客厅等打开", "home.turn_on", {"device": "living_room_light"}),
    ("把客厅等关了", "home.turn_off", {"device": "living_room_light"}),
    ("打开卧室等", "home.turn_on", {"device": "bedroom_light"}),
    ("客厅灯打开", "home.turn_on", {"device": "living_room_light"}),
    ("电视关掉吧", "home.turn_off", {"device": "tv"}),
    ("能不能帮我把客厅灯打开吗", "home.turn_on", {"device": "living_room_light"}),
    ("可以帮我关一下热水器吗", "home.turn_off", {"device": "water_heater"}),
    ("那个，把电视关了吧", "home.turn_off", {"device": "tv"}),
    ("呃 打开 客厅 灯", "home.turn_on", {"device": "living_room_light"}),
    ("打开台灯呢", "home.turn_on", {"device": "desk_lamp"}),
    ("把窗帘打开啊", "home.turn_on", {"device": "living_room_curtain"}),
    ("打开窗帘", "home.turn_on", {"device": "living_room_curtain"}),
    ("打开灯", "home.turn_on", {"domain": "light"}),
    ("打开TV", "home.turn_on", {"device": "tv"}),
    ("把TV关了", "home.turn_off", {"device": "tv"}),
]
NEGATIVE: list[Case] = [
    ("今天天气真好我很开心", None, {}),
    ("你吃饭了吗", None, {}),
    ("我们去吃饭吧", None, {}),
    ("我妈妈住在上海", None, {}),
    ("这个电视剧真好看", None, {}),
    ("给我讲个笑话", None, {}),
    ("你叫什么名字", None, {}),
    ("客厅有点乱", None, {}),
]
CASES = WEATHER + MUSIC + VOLUME + SYSTEM + ROBUST + NEGATIVE


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[case[0] for case in CASES])
def test_catalog_zh(catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict) -> None:
    check(catalog_recognizer, text, intent, slots, "zh")
