"""The dashboard's words in Chinese and English (one table: a key missing a language fails a test)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from ting.server.dashboard.i18n_settings import SETTINGS_TEXTS

LANGS = ("zh", "en")
LANG_COOKIE = "ting_lang"

TEXTS: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "app": ("听 · 家庭面板", "ting · household"),
    "nav": ("页面", "Pages"),
    "rooms": ("房间", "Rooms"),
    "live": ("实时", "Live"),
    "alarms": ("闹钟与提醒", "Alarms"),
    "try": ("试一句", "Try a sentence"),
    "push": ("推送", "Push"),
    "settings": ("设置", "Settings"),
    "logout": ("退出", "Log out"),
    "language": ("语言", "Language"),
    "login": ("登录", "Log in"),
    "token": ("家庭令牌（server.api_token）", "Household token (server.api_token)"),
    "bad_token": ("令牌不对，请再试。", "Wrong token, try again."),
    "too_many_logins": (
        "错误次数太多，请 %d 秒后再试。",
        "Too many wrong tokens: try again in %d s.",
    ),
    "sites": ("设备点位", "Sites"),
    "site": ("点位", "Site"),
    "online": ("在线", "online"),
    "offline": ("离线", "offline"),
    "unknown": ("无状态消息", "no status"),
    "last_seen": ("最后出现", "last seen"),
    "doing": ("正在", "doing"),
    "idle": ("空闲", "idle"),
    "listening": ("在听", "listening"),
    "recognizing": ("在识别", "recognizing"),
    "understanding": ("在理解", "understanding"),
    "waiting": ("在等待", "waiting"),
    "speaking": ("在说话", "speaking"),
    "ringing": ("在响铃", "ringing"),
    "playing": ("在播放", "playing"),
    "buffering": ("在缓冲", "buffering"),
    "volume": ("音量", "volume"),
    "set_volume": ("音量（0–100）", "Volume (0–100)"),
    "devices": ("家里的设备", "Devices"),
    "area": ("区域", "Area"),
    "state": ("状态", "State"),
    "on": ("开", "on"),
    "off": ("关", "off"),
    "turn_on": ("打开", "Turn on"),
    "turn_off": ("关闭", "Turn off"),
    "brightness": ("亮度", "brightness"),
    "temperature": ("温度", "temperature"),
    "none_yet": ("还没有。", "Nothing yet."),
    "live_intro": (
        "每个点位的对话：唤醒 → 听写 → 意图 → 回答，含每步耗时。",
        "Each site's conversation: wake → transcript → intent → answer, with the time each step took.",
    ),
    "all_sites": ("全部点位", "All sites"),
    "wake": ("唤醒", "wake"),
    "transcript": ("听到", "heard"),
    "intent": ("意图", "intent"),
    "not_recognized": ("没听懂", "not understood"),
    "answer": ("回答", "answer"),
    "replay": ("重听识别的录音", "Replay the recognized audio"),
    "slots": ("槽位", "slots"),
    "confidence": ("置信度", "confidence"),
    "alarm": ("闹钟", "Alarm"),
    "timer": ("计时器", "Timer"),
    "reminder": ("提醒", "Reminder"),
    "due": ("时间", "Due"),
    "label": ("名称", "Label"),
    "message": ("内容", "Message"),
    "recurrence": ("重复", "Repeat"),
    "once": ("一次", "once"),
    "daily": ("每天", "daily"),
    "weekdays": ("工作日", "weekdays"),
    "weekends": ("周末", "weekends"),
    "minutes": ("分钟", "minutes"),
    "add": ("添加", "Add"),
    "save": ("保存", "Save"),
    "delete": ("删除", "Delete"),
    "snooze": ("稍后再响", "Snooze"),
    "stop": ("停止", "Stop"),
    "change_time": ("改时间", "Change time"),
    "edit": ("修改", "Edit"),
    "missed": ("错过", "missed"),
    "pending": ("等待中", "pending"),
    "paused": ("暂停", "paused"),
    "sending": ("发送中", "sending"),
    "sent": ("已发送", "sent"),
    "failed": ("失败", "failed"),
    "done": ("完成", "done"),
    "sentence": ("句子", "Sentence"),
    "sentence_lang": ("句子的语言", "Sentence language"),
    "understand": ("理解", "Understand"),
    "no_intent": ("没有匹配的意图。", "No intent matches."),
    "alternatives": ("其他也匹配的意图", "Other intents that match"),
    "second_guesses": ("第二猜测（Hermes alternatives）", "Second guesses (Hermes alternatives)"),
    "auto": ("自动", "auto"),
    "skills": ("技能与意图", "Skills and intents"),
    "channels": ("渠道", "Channels"),
    "channel": ("渠道", "Channel"),
    "outbox": ("发件箱", "Outbox"),
    "reason": ("原因", "Reason"),
    "attempts": ("次数", "Attempts"),
    "send_test": ("发送测试", "Send a test"),
    "test_ok": ("测试已送达。", "Test delivered."),
    "test_failed": ("测试失败：", "Test failed: "),
    "outage": ("故障中", "outage"),
    "working": ("正常", "working"),
    "rules": ("规则", "Rules"),
    "rules_intro": (
        "哪些事件发到哪些渠道（[[push_rules]]，只读）；没有规则时，转发的回答发到每个渠道。",
        "Which events go to which channels ([[push_rules]], read-only); without a rule, forwarded answers go "
        "to every channel.",
    ),
    "next_send_in": ("下次发送在", "next send in"),
    "rate_limit": ("频率上限", "rate limit"),
    "no_limit": ("无（只看接口的回答）", "none (the API's answers only)"),
    "events": ("事件", "Events"),
    "no_channels": ("没有配置推送渠道（[push.<名称>]）。", "No push channel configured ([push.<name>])."),
    "household": ("家庭", "Household"),
    "timezone": ("时区", "Time zone"),
    "household_language": ("默认语言", "Default language"),
    "region": ("地区（工作日历）", "Region (workday calendar)"),
    "weather": ("天气", "Weather"),
    "weather_provider": ("天气服务", "Weather provider"),
    "weather_city": ("所在城市", "Home city"),
    "weather_api_host": ("和风天气 API 主机", "QWeather API host"),
    "weather_api_key": ("和风天气 API 密钥", "QWeather API key"),
    "secret_set": ("已设置（留空则不变）", "set (leave empty to keep it)"),
    "secret_unset": ("未设置", "not set"),
    "voices": ("声音", "Voices"),
    "voice_zh": ("中文声音（Piper 名称或 espeak-ng）", "Chinese voice (a Piper name, or espeak-ng)"),
    "voice_en": ("英文声音（Piper 名称或 espeak-ng）", "English voice (a Piper name, or espeak-ng)"),
    "saved": ("已保存，重启服务器后生效。", "Saved; restart the server for it to take effect."),
    "no_config_file": (
        "服务器启动时没有配置文件，设置只能查看。",
        "The server was started without a config file: settings are read-only.",
    ),
    "config_file": ("配置文件", "Config file"),
    "error": ("出错了", "Error"),
    "sse_off": ("实时更新已断开，正在重连……", "Live updates lost, reconnecting…"),
}

TEXTS.update(SETTINGS_TEXTS)


def lang_of(request: Request, default: str) -> str:
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in LANGS else (default if default in LANGS else "zh")


def translator(lang: str) -> Callable[[str], str]:
    index = LANGS.index(lang)

    def t(key: str) -> str:
        pair = TEXTS.get(key)
        return pair[index] if pair else key

    return t
