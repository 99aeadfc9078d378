"""Mandarin phrasing kinds of round 18 (issue 13, from the misses dev12 had, set 16's voices), each written
once and checked with sentences written for these tests (none taken from a corpus): the alarms asked as
"what times are they" (那些闹钟都是几点, 开着的闹钟有哪些, someone else set them), a ringing alarm told to
stop after saying it rings, a snooze asked as "ring again in a while" (and snooze said in English), the
timer's name after 开个 and a plan said before the request (我要写作业了，帮我计时), an object first and a
polite cancel after a comma, music stopped by "not listening any more", skipped for sounding bad, taken back
to "the one before" and resumed by 再放起来, a volume with no object (再调低一点, 再大点), 设在 / 设定为,
the time asked as 现在的时间是几点, "I wasn't talking to you" / "hold off", "what else can you do besides",
a question passed on by one of the family (我爸让我问问), a place pointed at as 那边 after the clause that
names it, a day and its part said with 的, a recurrence and a reason in one alarm, a correction ending in
的, a known artist's song with no verb, a purpose said doubled after a music request (提提神, 放松放松), a
slip remark after the command (按错了), 收 for 首; near each of them, sentences still refused. The templates
alone read them (the catalog recognizer has no second pass)."""

from __future__ import annotations

from typing import Any

import pytest

from ting.nlu import IntentRecognizer

from .catalog import check

ZH: list[tuple[str, str | None, dict[str, Any]]] = [
    # the alarms asked as what times they are at, or which are on; someone else set them
    ("我那些闹钟都是几点", "alarm.list", {}),
    ("闹钟们都是几点啊", "alarm.list", {}),
    ("现在开着的闹钟都有哪些", "alarm.list", {}),
    ("我女儿帮我定的那几个闹钟，你说说都是几点的", "alarm.list", {}),
    ("孙子给我设的闹钟都是几点", "alarm.list", {}),
    ("我那些闹钟们", "alarm.list", {}),
    # a ringing alarm: first that it rings, then stop it
    ("闹钟在响，快关了它", "alarm.stop", {}),
    ("闹铃响了快停下来", "alarm.stop", {}),
    ("闹钟响了，你让它停下", "alarm.stop", {}),
    ("闹铃太吵了，快叫它别响了", "alarm.stop", {}),
    # ring again in a while; snooze said in English
    ("闹钟能不能过一会儿再响", "alarm.snooze", {}),
    ("闹铃能不能过一小会儿再叫我", "alarm.snooze", {}),
    ("让闹钟snooze十分钟", "alarm.snooze", {"duration": 600}),
    ("让它贪睡一会儿", "alarm.snooze", {}),
    # 开个 asks for the timer, it is not its name; a plan said first is no name either
    ("开个煮鸡蛋的计时，八分钟", "timer.set", {"label": "煮鸡蛋", "duration": 480}),
    ("开个泡茶的计时三分钟", "timer.set", {"label": "泡茶", "duration": 180}),
    ("我要写作业了，帮我计时四十分钟", "timer.set", {"duration": 2400}),
    ("我要去跑步了，帮我计时二十分钟", "timer.set", {"duration": 1200}),
    ("开个会", None, {}),
    ("我要写作业了", None, {}),
    # the thing first, a polite cancel after a comma
    ("那个倒计时，请你删掉吧", "timer.cancel", {}),
    ("不好意思，后天早上六点的闹钟，请取消一下", "alarm.cancel", {"time": "2025-03-16T06:00:00"}),
    ("后天早上八点的闹钟算了，删掉", "alarm.cancel", {"time": "2025-03-16T08:00:00"}),
    # not listening any more: the music stops (a bare 关了吧 after it yields)
    ("今天不听了，关了吧", "music.stop", {}),
    ("我不想听这首了，停了吧", "music.stop", {}),
    ("关掉音乐别再放了", "music.stop", {}),
    ("我不想听你唠叨了", None, {}),
    ("今天不去了", None, {}),
    # it sounds bad, change it; something else; 下一个歌曲
    ("这首太难听了，换掉", "music.next", {}),
    ("这首歌太难听了，赶紧切了", "music.next", {}),
    ("换个别的听听", "music.next", {}),
    ("换到下一个歌曲吧", "music.next", {}),
    # the one before, again; a slip remark after the command; 收 for 首
    ("再放一次前面的歌", "music.previous", {}),
    ("退回上一首，我点错了", "music.previous", {}),
    ("播放下一收吧", "music.next", {}),
    ("算了，按错了", "system.cancel", {}),
    # resumed by 再放起来
    ("歌怎么断了，再给我放起来", "music.resume", {}),
    ("音乐再放起来吧", "music.resume", {}),
    # a volume with no object; 设在
    ("再弄低一点", "volume.change", {"direction": "down"}),
    ("能不能再调高一点", "volume.change", {"direction": "up"}),
    ("再小点再小点", "volume.change", {"direction": "down"}),
    ("把音量设在三十", "volume.set", {"level": 30}),
    ("声音设在二十左右", "volume.set", {"level": 20}),
    # 设定为 = 设为
    ("把客厅的空调设定为二十六度", "home.set_temperature", {"device": "living_room_ac", "temperature": 26}),
    ("把音量设定为三十", "volume.set", {"level": 30}),
    # the time, the cancel, the help said other ways
    ("请问现在的时间是几点钟", "system.time", {}),
    ("我不是在跟你说话", "system.cancel", {}),
    ("我没跟你讲话", "system.cancel", {}),
    ("你先别忙活了", "system.cancel", {}),
    ("我讲错话了", "system.cancel", {}),
    ("你除了放音乐还会啥", "system.help", {}),
    ("你除了放歌还能做什么", "system.help", {}),
    ("我除了上班还能干什么", None, {}),
    # a question passed on by one of the family; a place pointed at after the clause that names it
    ("我爸让我问问杭州周五冷不冷", "weather.get", {"location": "Hangzhou", "date": "2025-03-21"}),
    ("我妈让我问问你最近好不好", None, {}),
    ("下周要去成都出差，那边冷不冷啊", "weather.get", {"location": "Chengdu"}),
    ("我姐姐住在青岛，那里明天下雨吗", "weather.get", {"date": "2025-03-15", "location": "Qingdao"}),
    ("那边有人在吗", None, {}),
    ("那边的天好蓝啊", None, {}),
    # a day and its part said with 的
    ("后天的早上六点叫我起床", "alarm.set", {"time": "2025-03-16T06:00:00"}),
    ("明天的晚上八点的闹钟取消掉", "alarm.cancel", {"time": "2025-03-15T20:00:00"}),
    # a recurrence, a time and a reason in one alarm
    ("每天早上六点半给我定个晨跑的闹钟", "alarm.set",
     {"recurrence": "daily", "time": "2025-03-15T06:30:00", "label": "晨跑"}),
    ("工作日晚上十点设一个吃药的闹钟", "alarm.set",
     {"recurrence": "weekdays", "time": "2025-03-14T22:00:00", "label": "吃药"}),
    # a correction that ends in 的: the one at the time said last
    ("把七点的闹钟删了，不对，是八点的", "alarm.cancel", {"time": "2025-03-14T20:00:00"}),
    # a known artist's song with no verb; a question about the artist is no request
    ("王菲的匆匆那年", "music.play", {"artist": "王菲", "song": "匆匆那年"}),
    ("孙燕姿的遇见", "music.play", {"artist": "孙燕姿", "song": "遇见"}),
    ("周杰伦的新歌好听吗", None, {}),
    ("林俊杰的演唱会什么时候开始", None, {}),
    # a purpose said doubled after a music request is no song name
    ("来点爵士放松放松", "music.play", {"genre": "jazz"}),
    ("放点流行歌提提神", "music.play", {"genre": "pop"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "slots"), ZH, ids=[row[0] for row in ZH])
def test_mandarin_round18_kinds(
    catalog_recognizer: IntentRecognizer, text: str, intent: str | None, slots: dict[str, Any]
) -> None:
    check(catalog_recognizer, text, intent, slots, "zh")
