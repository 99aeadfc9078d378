"""Mandarin phrasing kinds of round 17 (issue 13, from the misses the dev sets still had), each
written once and checked with sentences written for these tests (none taken from a corpus): a verb said
with no thing after a clause that names it (歌不用再放了，关掉 stops the music; alone 关掉 is still the
ringing alarm's stop), a place carried with the day from an earlier question (后天上海会下雨吧？要不要
带伞), a recurrence beginning a command run on after a remark with no mark (最近总起不来每天早上六点半
叫我), a clause ended by the regional 伐 / 咩 with no mark, 撤 as a verb that cancels alarms, waking
someone else as an alarm, a timer's length said in a clause before the request to time it (饺子要煮八分
钟，帮我计个时), 统统, a slider, 稍微 and 这屋里 said other ways, and a purpose said with a doubled verb
after the command (窗帘拉开晒晒太阳); near each of them, sentences still refused. The templates alone
read them (the catalog recognizer has no second pass)."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import check

FRIDAY_7 = "2025-03-14T19:00:00"
ZH: list[tuple[str, str | None, dict[str, Any]]] = [
    # a verb said with no thing yields to a clause that names what it acts on
    ("歌不用再放了，关掉", "music.stop", {}),
    ("别唱了，关了吧", "music.stop", {}),
    ("计时器不要了，停了吧", "timer.cancel", {}),
    ("这个计时器别计了，关掉", "timer.cancel", {}),
    ("歌先暂停一下，停下", "music.pause", {}),
    # alone, or beside a remark, the verb is still the ringing alarm's stop, 不要了 still the cancel
    ("关掉", "alarm.stop", {}),
    ("停了吧", "alarm.stop", {}),
    ("吵死了，关掉", "alarm.stop", {}),
    ("我醒了，关了吧", "alarm.stop", {}),
    ("不要了", "system.cancel", {}),
    ("算了，不要了", "system.cancel", {}),
    # a place said with the day in an earlier question is carried with the day
    ("后天上海会下雨吧？要不要带伞", "weather.get", {"location": "Shanghai", "date": "2025-03-16"}),
    ("明天我在杭州，冷不冷", "weather.get", {"location": "Hangzhou", "date": "2025-03-15"}),
    # not without the day, nor with a day gone by
    ("我在杭州，明天冷不冷", "weather.get", {"date": "2025-03-15"}),
    ("我昨天去了北京，明天冷不冷", "weather.get", {"date": "2025-03-15"}),
    # a recurrence begins the command after a remark, no mark printed
    ("最近总起不来每天早上六点半叫我", "alarm.set", {"recurrence": "daily", "time": "2025-03-15T06:30:00"}),
    ("老是迟到工作日早上七点叫我起床", "alarm.set",
     {"recurrence": "weekdays", "time": "2025-03-17T07:00:00"}),
    ("周一到周五每天早上六点叫我", "alarm.set", {"recurrence": "weekdays", "time": "2025-03-17T06:00:00"}),
    ("我最近每天都很累", None, {}),
    ("他每天早上六点起床", None, {}),
    # 伐 / 咩 end a clause with no mark printed
    ("外头冷伐客厅空调帮我开一下", "home.turn_on", {"device": "living_room_ac"}),
    ("今日落雨咩把窗帘关上", "home.turn_off", {"device": "living_room_curtain"}),
    # 撤 cancels alarms, said with 把 too
    ("把所有闹钟都撤了", "alarm.cancel", {"all": True}),
    ("把这个闹钟撤掉", "alarm.cancel", {}),
    # waking someone else is an alarm
    ("明天早上七点叫孩子起床", "alarm.set", {"time": "2025-03-15T07:00:00"}),
    ("每个工作日早上六点五十叫她起来", "alarm.set",
     {"recurrence": "weekdays", "time": "2025-03-17T06:50:00"}),
    ("明早七点把宝宝叫醒", "alarm.set", {"time": "2025-03-15T07:00:00"}),
    # a task for someone else is still a reminder
    ("七点提醒我叫孩子起床", "reminder.set", {"time": FRIDAY_7, "message": "叫孩子起床"}),
    ("叫孩子起床", None, {}),
    # a timer's length said in a clause before the request to time it
    ("饺子要煮八分钟，帮我计个时", "timer.set", {"label": "饺子", "duration": 480}),
    ("排骨要炖一个小时，能帮我掐个表吗", "timer.set", {"label": "排骨", "duration": 3600}),
    ("面膜十五分钟就好，帮我看着时间", "timer.set", {"label": "面膜", "duration": 900}),
    ("锅里的包子十二分钟就熟，给包子定个时", "timer.set", {"label": "包子", "duration": 720}),
    ("爸爸说我只能玩半小时手机，你帮我计个时", "timer.set", {"duration": 1800}),
    # no length, or a length that is only told: refused
    ("你帮我计个时", None, {}),
    ("我跑了一个小时，累死了", None, {}),
    ("开会开了两个小时，太累了", None, {}),
    # 统统 is all of them; a slider; how much said before the amount; the site's room said with 里
    ("厨房的电器统统关了", "home.turn_off", {"area": "kitchen"}),
    ("卧室的灯统统打开", "home.turn_on", {"area": "bedroom", "domain": "light"}),
    ("音量条拉到四十", "volume.set", {"level": 40}),
    ("声音稍微小一点", "volume.change", {"direction": "down"}),
    ("窗帘拉开", "home.turn_on", {"device": "living_room_curtain"}),
    # a purpose said with a doubled verb after the command
    ("窗帘给我拉开晒晒太阳", "home.turn_on", {"device": "living_room_curtain"}),
    ("我们在阳台晒晒太阳", None, {}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), ZH, ids=[row[0] for row in ZH])
def test_mandarin_round17_kinds(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "zh")
