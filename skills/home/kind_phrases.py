"""What the home skill says about the device kinds of real homes (locks, covers with positions, fans,
colours, climate modes, sensors, vacuums, media players) and its questions (confirmation, counts).

Merged into ``phrases.PHRASES``; mode names in both languages are here too.
"""

from __future__ import annotations

from collections.abc import Mapping

KIND_PHRASES: Mapping[str, Mapping[str, str]] = {
    # Done.
    "position_set": {
        "en": "Set {devices} to {percent} percent open.",
        "zh": "好的，{devices}已开到百分之{percent}。",
    },
    "tilt_set": {
        "en": "Tilted {devices} to {percent} percent.",
        "zh": "好的，{devices}的叶片已调到百分之{percent}。",
    },
    "volume_set": {
        "en": "Set {devices} volume to {percent} percent.",
        "zh": "好的，{devices}音量已调到百分之{percent}。",
    },
    "locked": {"en": "Locked {devices}.", "zh": "好的，{devices}已上锁。"},
    "unlocked": {"en": "Unlocked {devices}.", "zh": "好的，{devices}已开锁。"},
    "fan_step_set": {"en": "Set {devices} to speed {step}.", "zh": "好的，{devices}已调到{step}档。"},
    "fan_percent_set": {
        "en": "Set {devices} to {percent} percent speed.",
        "zh": "好的，{devices}风速已调到百分之{percent}。",
    },
    "oscillating": {"en": "{devices} will oscillate.", "zh": "好的，{devices}开始摇头。"},
    "not_oscillating": {"en": "{devices} stopped oscillating.", "zh": "好的，{devices}停止摇头。"},
    "color_set": {"en": "Turned {devices} {color}.", "zh": "好的，{devices}已调成{color}。"},
    "color_temp_set": {
        "en": "Set {devices} to {kelvin} kelvin.",
        "zh": "好的，{devices}色温已调到{kelvin}K。",
    },
    "hvac_mode_set": {"en": "Set {devices} to {mode}.", "zh": "好的，{devices}已调成{mode}模式。"},
    "fan_mode_set": {"en": "Set {devices} fan to {mode}.", "zh": "好的，{devices}风速已调成{mode}。"},
    "started": {"en": "Started {devices}.", "zh": "好的，{devices}已启动。"},
    "stopped": {"en": "Stopped {devices}.", "zh": "好的，{devices}已停止。"},
    "returning": {"en": "Sent {devices} back to its dock.", "zh": "好的，{devices}正在回充。"},
    # Confirmation.
    "confirm_unlock": {"en": "Are you sure you want to unlock {devices}?", "zh": "确定要打开{devices}吗？"},
    "confirm_lock": {"en": "Are you sure you want to lock {devices}?", "zh": "确定要锁上{devices}吗？"},
    "confirm_open": {"en": "Are you sure you want to open {devices}?", "zh": "确定要打开{devices}吗？"},
    "confirm_close": {"en": "Are you sure you want to close {devices}?", "zh": "确定要关上{devices}吗？"},
    "confirm_other": {"en": "Are you sure? This is {devices}.", "zh": "确定吗？这是{devices}。"},
    "cancelled": {"en": "OK, I left it alone.", "zh": "好的，不动它了。"},
    "nothing_to_confirm": {"en": "There is nothing to confirm.", "zh": "现在没有要确认的操作。"},
    "not_from_chat": {
        "en": "For safety, {devices} can't be operated from chat.",
        "zh": "为了安全，{devices}不能通过聊天操作。",
    },
    # States.
    "state_unavailable": {"en": "{device} {be} not reachable right now.", "zh": "{device}现在连接不上。"},
    "state_locked": {"en": "{device} {be} locked.", "zh": "{device}锁着。"},
    "state_unlocked": {"en": "{device} {be} unlocked.", "zh": "{device}没锁。"},
    "state_position": {"en": "{device} {be} {percent} percent open.", "zh": "{device}开了百分之{percent}。"},
    "state_fan_step": {"en": "{device} {be} on at speed {step}.", "zh": "{device}开着，{step}档。"},
    "state_color": {"en": "{device} {be} on, {color}.", "zh": "{device}开着，{color}。"},
    "state_hvac": {
        "en": "{device} {be} in {mode} mode, set to {degrees} degrees.",
        "zh": "{device}是{mode}模式，设定{degrees}度。",
    },
    "state_room_temperature": {"en": "It's {degrees} degrees in {place}.", "zh": "{place}现在{degrees}度。"},
    "state_reading": {"en": "{device} reads {value}.", "zh": "{device}读数{value}。"},
    "state_humidity": {
        "en": "The humidity in {place} is {value} percent.",
        "zh": "{place}的湿度是百分之{value}。",
    },
    "state_illuminance": {"en": "{device} reads {value} lux.", "zh": "{device}是{value}勒克斯。"},
    "state_power": {"en": "{device} reads {value} watts.", "zh": "{device}是{value}瓦。"},
    "state_battery": {"en": "{device} {be} at {value} percent.", "zh": "{device}还有百分之{value}。"},
    "state_motion": {"en": "{device} detects motion.", "zh": "{device}检测到有人。"},
    "state_no_motion": {"en": "{device} detects no motion.", "zh": "{device}没有检测到人。"},
    "state_cleaning": {"en": "{device} {be} cleaning.", "zh": "{device}正在清扫。"},
    "state_docked": {"en": "{device} {be} docked.", "zh": "{device}在充电座上。"},
    "state_returning": {"en": "{device} {be} returning to its dock.", "zh": "{device}正在回充。"},
    "state_idle": {"en": "{device} {be} idle.", "zh": "{device}停着。"},
    "state_playing": {"en": "{device} {be} playing.", "zh": "{device}正在播放。"},
    "state_paused": {"en": "{device} {be} paused.", "zh": "{device}暂停了。"},
    # Questions about several devices.
    "which_are": {"en": "{devices}.", "zh": "{devices}。"},
    "which_on": {
        "en": "{count} of {total} are on: {devices}.",
        "zh": "{total}个里有{count}个开着：{devices}。",
    },
    "which_open": {
        "en": "{count} of {total} are open: {devices}.",
        "zh": "{total}个里有{count}个开着：{devices}。",
    },
    "none_on": {"en": "None are on.", "zh": "都关着。"},
    "none_open": {"en": "None are open.", "zh": "都关着。"},
    "no_sensor": {"en": "I don't have a {measure} reading for {place}.", "zh": "{place}没有{measure}数据。"},
    # Problems.
    "no_position": {"en": "{device} can't be set to a position.", "zh": "{device}不能调开合度。"},
    "cannot_lock": {"en": "{device} is not a lock.", "zh": "{device}不是锁。"},
    "no_fan_speed": {"en": "{device} has no speed setting.", "zh": "{device}不能调风速。"},
    "no_oscillation": {"en": "{device} can't oscillate.", "zh": "{device}不能摇头。"},
    "no_tilt": {"en": "{device} has no slats to tilt.", "zh": "{device}不能调叶片角度。"},
    "no_volume": {"en": "{device} has no volume to set.", "zh": "{device}不能调音量。"},
    "no_color": {"en": "{device} can't change colour.", "zh": "{device}不能调颜色。"},
    "no_color_temp": {"en": "{device} has no colour temperature.", "zh": "{device}不能调色温。"},
    "no_hvac_mode": {"en": "{device} has no modes.", "zh": "{device}不能调模式。"},
    "no_fan_mode": {"en": "{device} has no fan modes.", "zh": "{device}不能调风速模式。"},
    "no_start_stop": {"en": "{device} can't be started or stopped.", "zh": "{device}不能启动或停止。"},
    "no_return_home": {"en": "{device} has no dock.", "zh": "{device}没有充电座。"},
    "no_such_mode": {"en": "{device} has no {mode} mode.", "zh": "{device}没有{mode}模式。"},
    "which_color": {"en": "Which colour would you like?", "zh": "要调成什么颜色？"},
    "which_position": {"en": "How far open?", "zh": "要开到多少？"},
    "which_volume": {"en": "What volume?", "zh": "音量调到多少？"},
    "which_speed": {"en": "Which speed?", "zh": "调到几档？"},
    "which_mode": {"en": "Which mode?", "zh": "调成什么模式？"},
    "speed_range": {"en": "{device} has speeds 1 to {count}.", "zh": "{device}只有一到{count}档。"},
}

HVAC_MODE_NAMES: Mapping[str, Mapping[str, str]] = {
    "off": {"en": "off", "zh": "关闭"},
    "cool": {"en": "cooling", "zh": "制冷"},
    "heat": {"en": "heating", "zh": "制热"},
    "auto": {"en": "automatic", "zh": "自动"},
    "heat_cool": {"en": "heat and cool", "zh": "冷暖自动"},
    "dry": {"en": "dry", "zh": "除湿"},
    "fan_only": {"en": "fan only", "zh": "送风"},
}
FAN_MODE_NAMES: Mapping[str, Mapping[str, str]] = {
    "auto": {"en": "auto", "zh": "自动"},
    "low": {"en": "low", "zh": "低速"},
    "medium": {"en": "medium", "zh": "中速"},
    "high": {"en": "high", "zh": "高速"},
}
MEASURE_NAMES: Mapping[str, Mapping[str, str]] = {
    "temperature": {"en": "temperature", "zh": "温度"},
    "humidity": {"en": "humidity", "zh": "湿度"},
    "illuminance": {"en": "light level", "zh": "光照"},
    "power": {"en": "power", "zh": "功率"},
    "battery": {"en": "battery", "zh": "电量"},
}


def mode_name(names: Mapping[str, Mapping[str, str]], mode: str, lang: str) -> str:
    """A mode's name in ``lang``; a mode we have no name for is said as it is (``eco``)."""
    return names.get(mode, {}).get(lang, mode.replace("_", " "))
