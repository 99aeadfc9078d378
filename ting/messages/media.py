"""Music on a device: ``ting/media/<siteId>/...`` (docs/music.md).

Server (or any client) → device, QoS 1, not retained: ``play`` (a queue), ``control`` (pause, resume, stop,
next, previous), ``volume``, ``seek``. Device → everyone, retained: ``state`` (now playing, position,
duration, volume), so a client that connects later knows what each room plays. The site id is taken from
(and put into) the topic of the commands; the state names its site in the payload too, as ``SiteStatus`` does.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ting.hermes.base import Message, SiteId


class MediaKind(enum.StrEnum):
    FILE = "file"
    """A file of known length (served by the server over HTTP, or a path in the device's own folder)."""
    STREAM = "stream"
    """A live stream (radio): no duration, no seeking; reconnected when it drops."""


class MediaAction(enum.StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    NEXT = "next"
    PREVIOUS = "previous"


class PlayerStatus(enum.StrEnum):
    PLAYING = "playing"
    PAUSED = "paused"
    STOPPED = "stopped"
    BUFFERING = "buffering"
    """Opening or reconnecting a stream."""


@dataclass
class MediaItem:
    """One entry of a play queue."""

    url: str
    """``http(s)://`` (a signed server URL, a radio stream) or ``file:`` / a path on the device."""
    title: str
    kind: MediaKind = MediaKind.FILE
    artist: str | None = None
    album: str | None = None
    duration_seconds: float | None = None
    """None for a live stream or when unknown."""
    id: str | None = None
    """The library's track id or the station id."""


@dataclass
class MediaPlay(Message):
    """Replace the site's queue with ``items`` and play from ``start_index``."""

    TOPIC = "ting/media/{site_id}/play"

    items: list[MediaItem]
    start_index: int = 0
    request_id: str | None = None
    """Echoed in the state that answers it (``MediaState.request_id``)."""
    start_seconds: float = 0.0
    """Where the first item starts (a file: "resume" after a restart goes on from where it was; a live stream
    ignores it). A new field with a default, so an older client's command starts at the beginning."""
    site_id: str = field(default="default", metadata={"wire": False})


@dataclass
class MediaControl(Message):
    """Pause, resume, stop, next or previous on the topic's site."""

    TOPIC = "ting/media/{site_id}/control"

    action: MediaAction
    request_id: str | None = None
    site_id: str = field(default="default", metadata={"wire": False})


@dataclass
class MediaVolume(Message):
    """Set the music volume (``level``, 0-100) or change it by ``change`` (-100..100) points."""

    TOPIC = "ting/media/{site_id}/volume"

    level: int | None = None
    change: int | None = None
    request_id: str | None = None
    site_id: str = field(default="default", metadata={"wire": False})


@dataclass
class MediaSeek(Message):
    """Move to ``position_seconds`` in the item playing (files only: a live stream cannot seek); with
    ``relative``, by ``position_seconds`` from where it plays (negative: back), never before the start."""

    TOPIC = "ting/media/{site_id}/seek"

    position_seconds: float
    request_id: str | None = None
    relative: bool = False
    """A new field with a default, so a command from an older client still means an absolute position."""
    site_id: str = field(default="default", metadata={"wire": False})


@dataclass
class MediaState(Message):
    """Retained on ``ting/media/<siteId>/state``: published on every change and every few seconds while
    playing. An empty retained payload clears it."""

    TOPIC = "ting/media/{site_id}/state"

    site_id: SiteId
    status: PlayerStatus
    volume: int
    """0-100, the music volume (ducking not included)."""
    item: MediaItem | None = None
    """What plays (or is paused); None when stopped with an empty queue."""
    index: int = 0
    """Position of ``item`` in the queue."""
    queue_length: int = 0
    position_seconds: float = 0.0
    duration_seconds: float | None = None
    ducked: bool = False
    """Lowered while the device listens or speaks."""
    error: str | None = None
    """The last thing that could not be played (a bad file, a dead URL), in English."""
    request_id: str | None = None
    """The command this state answers, if it answers one."""
    time: float = 0.0
    """Unix seconds when it was sent."""
