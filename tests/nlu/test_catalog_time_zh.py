"""Chinese alarms, timers and reminders: text -> intent + exact normalized slots at a fixed ``now``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.nlu.test_catalog_time_en import Case, check
from ting.nlu import IntentRecognizer

# now: Tuesday 2026-11-24, 09:15 (see test_catalog_time_en.NOW)
ALARM_SET: list[Case] = [
    ("明天早上六点半叫我起床", "alarm.set", {"time": "2026-11-25T06:30:00"}),
    ("明早七点叫我", "alarm.set", {"time": "2026-11-25T07:00:00"}),
    ("帮我定一个明天早上七点的闹钟吧", "alarm.set", {"time": "2026-11-25T07:00:00"}),
    ("定个七点的闹钟", "alarm.set", {"time": "2026-11-24T19:00:00"}),
    ("设一个早上七点的闹钟", "alarm.set", {"time": "2026-11-25T07:00:00"}),
    ("设个下午两点的闹钟", "alarm.set", {"time": "2026-11-24T14:00:00"}),
    ("请帮我设置一个晚上十点的闹钟", "alarm.set", {"time": "2026-11-24T22:00:00"}),
    ("能不能把闹钟定在六点半", "alarm.set", {"time": "2026-11-24T18:30:00"}),
    ("把闹钟设到明天早上五点四十", "alarm.set", {"time": "2026-11-25T05:40:00"}),
    ("将闹钟调到八点一刻", "alarm.set", {"time": "2026-11-24T20:15:00"}),
    ("定个八点三刻的闹钟", "alarm.set", {"time": "2026-11-24T20:45:00"}),
    ("十二点叫我", "alarm.set", {"time": "2026-11-24T12:00:00"}),
    ("中午十二点叫我", "alarm.set", {"time": "2026-11-24T12:00:00"}),
    ("晚上十二点叫我", "alarm.set", {"time": "2026-11-25T00:00:00"}),
    ("凌晨十二点叫我", "alarm.set", {"time": "2026-11-25T00:00:00"}),
    ("凌晨三点叫醒我", "alarm.set", {"time": "2026-11-25T03:00:00"}),
    ("明天凌晨四点半叫我", "alarm.set", {"time": "2026-11-25T04:30:00"}),
    ("两点叫我", "alarm.set", {"time": "2026-11-24T14:00:00"}),
    ("七点零五分叫我起床", "alarm.set", {"time": "2026-11-24T19:05:00"}),
    ("早上7:30叫我起床", "alarm.set", {"time": "2026-11-25T07:30:00"}),
    ("23:59叫我", "alarm.set", {"time": "2026-11-24T23:59:00"}),
    ("九点十五叫我", "alarm.set", {"time": "2026-11-24T21:15:00"}),
    ("上午十点的闹钟", "alarm.set", {"time": "2026-11-24T10:00:00"}),
    ("今晚十一点叫我", "alarm.set", {"time": "2026-11-24T23:00:00"}),
    ("明晚八点叫我", "alarm.set", {"time": "2026-11-25T20:00:00"}),
    ("后天早上六点叫我起床", "alarm.set", {"time": "2026-11-26T06:00:00"}),
    ("大后天早上六点叫我", "alarm.set", {"time": "2026-11-27T06:00:00"}),
    ("周五早上六点叫我", "alarm.set", {"time": "2026-11-27T06:00:00"}),
    ("星期二早上七点叫我", "alarm.set", {"time": "2026-12-01T07:00:00"}),
    ("礼拜六上午九点叫我起床", "alarm.set", {"time": "2026-11-28T09:00:00"}),
    ("下周一早上六点四十五分叫我", "alarm.set", {"time": "2026-11-30T06:45:00"}),
    ("周末早上九点叫我", "alarm.set", {"time": "2026-11-28T09:00:00"}),
    ("二十分钟后叫我", "alarm.set", {"time": "2026-11-24T09:35:00"}),
    ("一个半小时以后叫醒我", "alarm.set", {"time": "2026-11-24T10:45:00"}),
    ("呃那个明天早上七点叫我起床吧", "alarm.set", {"time": "2026-11-25T07:00:00"}),
    ("我明天早上六点要起床", "alarm.set", {"time": "2026-11-25T06:00:00"}),
    ("明天早上六点我得起床", "alarm.set", {"time": "2026-11-25T06:00:00"}),
    ("每天早上七点叫我起床", "alarm.set", {"recurrence": "daily", "time": "2026-11-25T07:00:00"}),
    ("每个工作日早上七点叫我起床", "alarm.set", {"recurrence": "weekdays", "time": "2026-11-25T07:00:00"}),
    ("工作日早上六点半叫我", "alarm.set", {"recurrence": "weekdays", "time": "2026-11-25T06:30:00"}),
    ("每周六早上九点叫我起床", "alarm.set", {"recurrence": "weekly:SA", "time": "2026-11-28T09:00:00"}),
    (
        "每周一和周三早上七点叫我",
        "alarm.set",
        {"recurrence": "weekly:MO,WE", "time": "2026-11-25T07:00:00"},
    ),
    (
        "每周一三五早上六点叫我起床",
        "alarm.set",
        {"recurrence": "weekly:MO,WE,FR", "time": "2026-11-25T06:00:00"},
    ),
    (
        "每个星期二早上八点叫我",
        "alarm.set",
        {"recurrence": "weekly:TU", "time": "2026-12-01T08:00:00"},
    ),
    ("每个周末早上十点叫我", "alarm.set", {"recurrence": "weekends", "time": "2026-11-28T10:00:00"}),
    ("帮我定一个每天早上六点的闹钟", "alarm.set", {"recurrence": "daily", "time": "2026-11-25T06:00:00"}),
    ("把闹钟设成每天早上六点", "alarm.set", {"recurrence": "daily", "time": "2026-11-25T06:00:00"}),
]
ALARM_OTHER: list[Case] = [
    ("我定了哪些闹钟", "alarm.list", {}),
    ("我有几个闹钟", "alarm.list", {}),
    ("看看我的闹钟", "alarm.list", {}),
    ("帮我查一下所有的闹钟", "alarm.list", {}),
    ("闹钟都定在几点", "alarm.list", {}),
    ("有没有闹钟", "alarm.list", {}),
    ("取消明天早上七点的闹钟", "alarm.cancel", {"time": "2026-11-25T07:00:00"}),
    ("把明天六点半的闹钟删掉", "alarm.cancel", {"time": "2026-11-25T06:30:00"}),
    ("周五早上六点的闹钟取消", "alarm.cancel", {"time": "2026-11-27T06:00:00"}),
    ("明天早上不用叫我了", None, {}),
    ("明天早上七点不用叫我了", "alarm.cancel", {"time": "2026-11-25T07:00:00"}),
    ("取消闹钟", "alarm.cancel", {}),
    ("帮我把闹钟删了", "alarm.cancel", {}),
    ("取消所有闹钟", "alarm.cancel", {"all": True}),
    ("把所有的闹钟都取消", "alarm.cancel", {"all": True}),
    ("清空闹钟", "alarm.cancel", {"all": True}),
    ("闹钟全部取消了吧", "alarm.cancel", {"all": True}),
    ("别响了", "alarm.stop", {}),
    ("好了好了别响了", "alarm.stop", {}),
    ("关掉闹钟", "alarm.stop", {}),
    ("闹钟停一下", "alarm.stop", {}),
    ("我醒了", "alarm.stop", {}),
    ("再睡五分钟", "alarm.snooze", {"duration": 300}),
    ("让我再睡十分钟吧", "alarm.snooze", {"duration": 600}),
    ("再睡一会儿", "alarm.snooze", {}),
    ("贪睡", "alarm.snooze", {}),
    ("过五分钟再叫我", "alarm.snooze", {"duration": 300}),
    ("等会儿再叫我", "alarm.snooze", {}),
]
TIMERS: list[Case] = [
    ("定个十分钟的计时器", "timer.set", {"duration": 600}),
    ("设一个五分钟的定时器", "timer.set", {"duration": 300}),
    ("帮我定一个一个半小时的计时器", "timer.set", {"duration": 5400}),
    ("倒计时两分半", "timer.set", {"duration": 150}),
    ("倒计时三刻钟", "timer.set", {"duration": 2700}),
    ("计时半小时", "timer.set", {"duration": 1800}),
    ("定个一小时二十分钟的计时器", "timer.set", {"duration": 4800}),
    ("设个九十秒的计时器", "timer.set", {"duration": 90}),
    ("请帮我设一个20分钟的倒计时", "timer.set", {"duration": 1200}),
    ("开始倒计时十五分钟", "timer.set", {"duration": 900}),
    ("定个八分钟的煮面计时器", "timer.set", {"duration": 480, "label": "煮面"}),
    ("给鸡蛋定个十二分钟的计时器", "timer.set", {"label": "鸡蛋", "duration": 720}),
    ("取消计时器", "timer.cancel", {}),
    ("把计时器关掉", "timer.cancel", {}),
    ("停止倒计时", "timer.cancel", {}),
    ("计时器不要了", "timer.cancel", {}),
    ("计时器还剩多久", "timer.status", {}),
    ("还剩几分钟", "timer.status", {}),
    ("倒计时还有多少时间", "timer.status", {}),
    ("计时器到了没有", "timer.status", {}),
    ("看一下计时器", "timer.status", {}),
]
REMINDERS: list[Case] = [
    (
        "晚上八点提醒我给妈妈打电话",
        "reminder.set",
        {"time": "2026-11-24T20:00:00", "message": "给妈妈打电话"},
    ),
    ("十分钟后提醒我关火", "reminder.set", {"time": "2026-11-24T09:25:00", "message": "关火"}),
    ("半小时以后提醒我收衣服", "reminder.set", {"time": "2026-11-24T09:45:00", "message": "收衣服"}),
    ("明天早上八点提醒我吃药", "reminder.set", {"time": "2026-11-25T08:00:00", "message": "吃药"}),
    ("提醒我明天下午三点开会", "reminder.set", {"time": "2026-11-25T15:00:00", "message": "开会"}),
    (
        "请在周五晚上七点提醒我交水电费",
        "reminder.set",
        {"time": "2026-11-27T19:00:00", "message": "交水电费"},
    ),
    (
        "帮我设一个下午五点的提醒去接孩子",
        "reminder.set",
        {"time": "2026-11-24T17:00:00", "message": "去接孩子"},
    ),
    ("记得中午十二点提醒我订饭", "reminder.set", {"time": "2026-11-24T12:00:00", "message": "订饭"}),
    ("两个小时后提醒我拿快递", "reminder.set", {"time": "2026-11-24T11:15:00", "message": "拿快递"}),
    ("过二十分钟提醒我看一下汤", "reminder.set", {"time": "2026-11-24T09:35:00", "message": "看一下汤"}),
    ("八点叫我吃药", "reminder.set", {"time": "2026-11-24T20:00:00", "message": "吃药"}),
    ("明天上午十点要去银行提醒我一下", "reminder.set", {"time": "2026-11-25T10:00:00", "message": "去银行"}),
]
NEGATIVE: list[Case] = [
    ("我的闹钟坏了", None, {}),
    ("昨天七点我就起床了", None, {}),
    ("计时器是谁发明的", None, {}),
    ("提醒", None, {}),
    ("定个闹钟", None, {}),
    ("他八点给我打电话", None, {}),
    ("二十五点叫我", None, {}),
]
CASES = ALARM_SET + ALARM_OTHER + TIMERS + REMINDERS + NEGATIVE


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[case[0] for case in CASES])
def test_catalog_time_zh(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "zh")
