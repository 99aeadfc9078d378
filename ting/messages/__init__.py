"""ting's own MQTT messages, under ``ting/`` (Hermes has no word for them).

Typed like the Hermes ones (``ting.hermes``): both ends import the same class, so a topic string and
a hand-parsed dict never drift apart. One module per area: ``alarm`` (ring / stop), ``presence``
(retained site status with the last will, device heartbeat), ``grammar`` (recognizer grammar
announcements), ``wake`` (trained wake word and stop phrase models), ``event`` (skill events for the push
layer) and ``media`` (music players). The payloads are documented in docs/alarms.md, docs/push.md,
docs/music.md, docs/wake-word.md and docs/configuration.md.
"""

from ting.messages.alarm import AlarmRing, AlarmStop, ItemKind, StopReason
from ting.messages.event import SkillEvent
from ting.messages.grammar import GrammarAnnouncement
from ting.messages.media import (
    MediaAction,
    MediaControl,
    MediaItem,
    MediaKind,
    MediaPlay,
    MediaSeek,
    MediaState,
    MediaVolume,
    PlayerStatus,
)
from ting.messages.presence import DeviceHeartbeat, SiteState, SiteStatus, StopState, WakeState
from ting.messages.wake import StopModelAnnouncement, WakeModelAnnouncement

__all__ = [
    "AlarmRing",
    "AlarmStop",
    "DeviceHeartbeat",
    "GrammarAnnouncement",
    "ItemKind",
    "MediaAction",
    "MediaControl",
    "MediaItem",
    "MediaKind",
    "MediaPlay",
    "MediaSeek",
    "MediaState",
    "MediaVolume",
    "PlayerStatus",
    "SiteState",
    "SiteStatus",
    "SkillEvent",
    "StopModelAnnouncement",
    "StopReason",
    "StopState",
    "WakeModelAnnouncement",
    "WakeState",
]
