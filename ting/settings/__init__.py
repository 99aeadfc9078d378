"""Settings: frozen dataclasses, read from TOML, ``TING_<SECTION>__<KEY>`` variables and flags.

Precedence (last wins): built-in defaults, the TOML file, environment variables,
command-line flags (``--mqtt``). Everything is validated once, here; a problem becomes a
``ConfigError`` naming the source, the key and what was expected. Settings objects are
passed to the parts that need them, never read from globals.

The sections are in ``sections`` and ``push``, reading them in ``files``, what is secret in ``secrets``.
"""

from ting.settings.files import (
    Settings,
    default_config_file,
    load_settings,
    skill_settings,
    user_config_file,
)
from ting.settings.home_assistant import HomeAssistantSettings
from ting.settings.home_mqtt import TasmotaDevice, TasmotaSettings, Zigbee2MqttDevice, Zigbee2MqttSettings
from ting.settings.media import MediaSettings, MpdSettings, RadioBrowserSettings, StationSettings
from ting.settings.push import (
    ChatCallback,
    ChatSettings,
    ChatUser,
    PushChannelSettings,
    PushOutboxSettings,
    PushPlusChannel,
    PushRule,
    ServerChanChannel,
    WechatMpChannel,
    WecomAppChannel,
    WecomBotChannel,
    WxPusherChannel,
)
from ting.settings.secrets import SECRET_KEYS, is_secret_key, redact_url, redact_value
from ting.settings.sections import (
    CONFIG_FILE_NAME,
    ENV_PREFIX,
    AlarmsSettings,
    DeviceSettings,
    HouseholdSettings,
    LoggingSettings,
    MqttSettings,
    NluSettings,
    ServerSettings,
    SkillsSettings,
    SkillTable,
    StoreSettings,
)

__all__ = [
    "CONFIG_FILE_NAME",
    "ENV_PREFIX",
    "SECRET_KEYS",
    "AlarmsSettings",
    "ChatCallback",
    "ChatSettings",
    "ChatUser",
    "DeviceSettings",
    "HomeAssistantSettings",
    "HouseholdSettings",
    "LoggingSettings",
    "MediaSettings",
    "MpdSettings",
    "MqttSettings",
    "NluSettings",
    "PushChannelSettings",
    "PushOutboxSettings",
    "PushPlusChannel",
    "PushRule",
    "RadioBrowserSettings",
    "ServerChanChannel",
    "ServerSettings",
    "Settings",
    "SkillTable",
    "SkillsSettings",
    "StationSettings",
    "StoreSettings",
    "TasmotaDevice",
    "TasmotaSettings",
    "WechatMpChannel",
    "WecomAppChannel",
    "WecomBotChannel",
    "WxPusherChannel",
    "Zigbee2MqttDevice",
    "Zigbee2MqttSettings",
    "default_config_file",
    "is_secret_key",
    "load_settings",
    "redact_url",
    "redact_value",
    "skill_settings",
    "user_config_file",
]
