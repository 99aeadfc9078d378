"""Mandarin remarks that say how long something took or when it happened are no timer (issue 13): a task
named with its length is a timer (泡面三分钟), but 堵车一小时, 排队排了半个钟头, 我等了你二十分钟 tell what
happened. The rule (alarms zh ``{task}``, ting/nlu/fillers.py) refuses a task said with 了 / 过 / 着 after it,
the past markers (刚, 已经, 都 …), a person as the subject, what happens to one (堵车, 排队, 迟到, 停电),
what is scheduled (上课, 开会, 加班, 考试) and screen time; the 了 before a length is no filler. All sentences
are written for these tests, none taken from a corpus (the out-of-scope tuning sets measure the same kind)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ting.nlu import IntentRecognizer, SentenceFile, discover_sentence_files, load_household
from ting.nlu.fallback import FallbackOptions

from .catalog import check

SKILLS = Path(__file__).resolve().parents[2] / "skills"
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))

REMARKS = [
    "我刚堵车一小时", "堵车一小时", "今天堵车堵了一个多小时", "排队排了半个钟头", "排队半小时",
    "他睡了八个小时", "昨晚只睡了五个小时", "午睡一个钟头", "开会开了两个钟头", "开会三小时",
    "孩子写作业写了三小时", "写作业两个小时", "今天加班到十点", "加班两个小时", "我等了你二十分钟",
    "等你半天了", "我都等了四十分钟了", "已经走了半个小时", "刚跑完步三十分钟", "看电视看了三个小时",
    "看电影两个半小时", "玩手机玩了一下午", "打游戏打了两个小时", "打游戏一个小时", "刷抖音刷了一个钟头",
    "上课四十五分钟", "一节课四十五分钟", "吃饭吃了一个小时", "做饭花了四十分钟", "洗澡洗了半个小时",
    "通勤一个半小时", "开车两个小时", "走路十五分钟", "骑车二十分钟", "飞了十二个小时", "航班延误三小时",
    "火车晚点四十分钟", "高铁四个半小时", "电影还有十分钟开始", "会议推迟半小时", "讲座一个半小时",
    "练琴练了一个钟头", "背单词背了二十分钟", "看书看了两个钟头", "打电话打了一个小时", "聊天聊了三个小时",
    "视频通话四十分钟", "逛街逛了一下午", "逛超市一个小时", "排队做核酸两小时", "挂号等了一个半小时",
    "看病三个小时", "坐了一上午", "堵在路上半小时", "塞车四十分钟", "迟到十分钟", "迟到了二十分钟",
    "晚了五分钟", "早到半小时", "提前十分钟到的", "上班八小时", "工作十个小时", "值班十二个小时",
    "熬夜到两点", "昨天十二点才睡", "六点就起了", "孩子哭了半个小时", "宝宝睡了两个钟头", "狗叫了一晚上",
    "停电两个小时", "停水一上午", "网断了半小时", "充电两个小时才充满", "手机充电一个小时", "下雨下了三天",
    "他跑了五公里用了三十分钟", "排了一个钟头的队", "我老公打呼噜打了一晚上", "老师拖堂十分钟",
    "考试两个小时", "面试半个小时", "做核酸排队一个钟头", "睡到九点才起", "都半个小时了", "已经二十分钟了",
    "开会开到十二点", "这部电影三个小时", "我们排了四十分钟队", "快递晚到了一天",
]  # fmt: skip
"""A length or a time said about what happened, or what one did: refused by the templates."""

SECOND_PASS_STILL_READS = frozenset(
    {
        "会议推迟半小时",
        "六点就起了",
        "加班两个小时",
        "午睡一个钟头",
        "已经二十分钟了",
        "晚了五分钟",
        "提前十分钟到的",
        "今天加班到十点",  # since dev11 / out_of_scope16 are examples (stop 38): read as a snooze
    }
)
"""Remarks the second pass still reads as a command (its classifier's near misses: 睡 + a length is a
snooze, 推迟 + a length too; which it reads moves with the classifier's draw when any skill's sentences
change, docs/benchmarks.md); every other remark it refuses."""

TIMERS = [
    ("泡面三分钟", "泡面", 180),
    ("煮蛋八分钟", "煮蛋", 480),
    ("煮鸡蛋十分钟", "煮鸡蛋", 600),
    ("面膜十五分钟", "面膜", 900),
    ("面膜十五分钟提醒我", "面膜", 900),
    ("给饺子计时十分钟", "饺子", 600),
    ("蒸馒头二十分钟", "蒸馒头", 1200),
    ("蒸包子一刻钟", "蒸包子", 900),
    ("蒸鱼八分钟", "蒸鱼", 480),
    ("炖汤一个小时", "炖汤", 3600),
    ("煲汤两个小时", "煲汤", 7200),
    ("烤红薯四十分钟", "烤红薯", 2400),
    ("烤鸡翅二十五分钟", "烤鸡翅", 1500),
    ("烤蛋糕三十五分钟", "烤蛋糕", 2100),
    ("焖饭二十分钟", "焖饭", 1200),
    ("煮饺子十二分钟", "煮饺子", 720),
    ("煮面五分钟", "煮面", 300),
    ("煮粥四十分钟", "煮粥", 2400),
    ("泡茶三分钟", "泡茶", 180),
    ("泡脚二十分钟", "泡脚", 1200),
    ("敷面膜二十分钟", "敷面膜", 1200),
    ("染发三十分钟", "染发", 1800),
    ("午睡二十分钟计时", "午睡", 1200),
    ("饺子十分钟", "饺子", 600),
    ("鸡蛋八分钟", "鸡蛋", 480),
    ("馒头二十分钟", "馒头", 1200),
    ("汤一个小时", "汤", 3600),
    ("牛排两分钟", "牛排", 120),
    ("蛋挞十八分钟", "蛋挞", 1080),
    ("披萨十二分钟", "披萨", 720),
    ("煎牛排三分钟", "煎牛排", 180),
    ("解冻十分钟", "解冻", 600),
    ("发面一个小时", "发面", 3600),
    ("醒面半小时", "醒面", 1800),
    ("腌肉二十分钟", "腌肉", 1200),
    ("泡豆子八个小时", "泡豆子", 28800),
    ("冥想十分钟", "冥想", 600),
    ("平板支撑一分钟", "平板支撑", 60),
    ("练字半小时计时", "练字", 1800),
    ("泡面三分钟计时", "泡面", 180),
    ("煮鸡蛋，八分钟", "煮鸡蛋", 480),
    ("面膜十五分钟计个时", "面膜", 900),
    ("跑步四十分钟", "跑步", 2400),
    ("散步一个小时", "散步", 3600),
    ("健身一个半小时", "健身", 5400),
    ("午休一个小时", "午休", 3600),
    ("洗澡二十分钟", "洗澡", 1200),
    ("化妆半个小时", "化妆", 1800),
    ("练琴一小时", "练琴", 3600),
    ("弹钢琴半小时", "弹钢琴", 1800),
    ("读书一个小时", "读书", 3600),
    ("跳绳五分钟", "跳绳", 300),
    ("饺子十分钟到了叫我", "饺子", 600),
]  # fmt: skip
"""A task and its length, perhaps with 计时 / 提醒我: a timer named by the task."""


@pytest.mark.parametrize("text", REMARKS)
def test_a_remark_with_a_length_is_refused_by_the_templates(
    catalog_recognizer: IntentRecognizer, text: str
) -> None:
    check(catalog_recognizer, text, None, {}, "zh")


@pytest.mark.parametrize(("text", "label", "seconds"), TIMERS, ids=[row[0] for row in TIMERS])
def test_a_task_and_its_length_is_a_timer(
    catalog_recognizer: IntentRecognizer, text: str, label: str, seconds: int
) -> None:
    check(catalog_recognizer, text, "timer.set", {"label": label, "duration": seconds}, "zh")


def _files() -> list[SentenceFile]:
    folders = sorted(path for path in SKILLS.glob("*/sentences") if path.is_dir())
    return discover_sentence_files([(folder.parent.name, folder) for folder in folders])


@pytest.fixture(scope="module")
def with_second_pass() -> IntentRecognizer:
    return IntentRecognizer.from_files(_files(), load_household(None), fallback=FallbackOptions())


def test_the_second_pass_refuses_the_remarks_too(with_second_pass: IntentRecognizer) -> None:
    read = {
        text: result.intent_name
        for text in REMARKS
        if (result := with_second_pass.recognize(text, lang="zh", now=NOW)) is not None
    }
    assert set(read) <= SECOND_PASS_STILL_READS, read


def test_the_second_pass_keeps_the_timers(with_second_pass: IntentRecognizer) -> None:
    for text, label, seconds in TIMERS:
        result = with_second_pass.recognize(text, lang="zh", now=NOW)
        assert result is not None and result.intent_name == "timer.set", text
        assert result.slot_values() == {"label": label, "duration": seconds}, text


@pytest.mark.parametrize(
    ("text", "intent", "seconds"),
    [
        ("再睡五分中", "alarm.snooze", 300),  # 分中: how recognizers print 分钟
        ("定个三十秒中的计时器", "timer.set", 30),
        ("帮我定一个中头的计时器", "timer.set", 3600),
    ],
)
def test_a_length_as_recognizers_print_it(
    catalog_recognizer: IntentRecognizer, text: str, intent: str, seconds: int
) -> None:
    check(catalog_recognizer, text, intent, {"duration": seconds}, "zh")


def test_ten_parts_of_a_whole_is_no_length(catalog_recognizer: IntentRecognizer) -> None:
    check(catalog_recognizer, "我十分中意这首歌", None, {}, "zh")  # 十分 = very: no snooze, no timer
