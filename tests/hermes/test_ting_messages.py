"""ting's own messages (``ting.messages``): round trips, key style, topics, errors, the documented wire."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

import ting.messages as messages
from ting.errors import MessageError
from ting.hermes import Message
from ting.messages import (
    AlarmRing,
    AlarmStop,
    DeviceHeartbeat,
    GrammarAnnouncement,
    ItemKind,
    MediaAction,
    MediaControl,
    MediaItem,
    MediaKind,
    MediaPlay,
    MediaSeek,
    MediaState,
    MediaVolume,
    PlayerStatus,
    SiteState,
    SiteStatus,
    SkillEvent,
    StopModelAnnouncement,
    StopReason,
    StopState,
    WakeModelAnnouncement,
    WakeState,
)
from ting.messages.wake import MAX_MODEL_BYTES, phrase_key

SAMPLES: list[Message] = [
    AlarmRing(
        id="3f2a9c0d1e2b",
        kind=ItemKind.REMINDER,
        text="提醒你：给妈妈打电话",
        site_id="kitchen",
        lang="zh",
        label=None,
        message="给妈妈打电话",
        late=True,
        late_seconds=12.5,
        due="2026-11-25T07:00:00+08:00",
        target_site_id="bedroom",
        max_ring_seconds=300.0,
    ),
    AlarmStop(id="3f2a9c0d1e2b", reason=StopReason.SNOOZED, site_id="kitchen"),
    AlarmStop(id=None, reason=StopReason.LIMIT, site_id="den"),
    SiteStatus(site_id="kitchen", state=SiteState.ONLINE, role="device"),
    SiteStatus(
        site_id="den",
        state=SiteState.ONLINE,
        wake={"en": WakeState("hey ting", trained=True), "zh": WakeState("小听小听", trained=False)},
    ),
    SiteStatus(
        site_id="den",
        state=SiteState.ONLINE,
        wake={"en": WakeState("hey ting", trained=True)},
        stop={
            "en": [StopState("stop", trained=True)],
            "zh": [StopState("别说了", False), StopState("暂停", False)],
        },
        barge_in="on",
    ),
    DeviceHeartbeat(
        site_id="kitchen", state="listening", uptime_seconds=12.5, restarts={"capture": 1}, time=1.7e9
    ),
    GrammarAnnouncement(lang="zh", vosk=["打开 灯", "[unk]"], jsgf=None, version="abc"),
    WakeModelAnnouncement.of("zh", "小听小听", b"PK\x03\x04 model bytes", "2026-12-04T19:00:00+00:00"),
    StopModelAnnouncement.of("zh", "别说了", b"PK\x03\x04 stop model", "2026-12-06T00:30:00+00:00"),
    StopModelAnnouncement.with_check(
        "zh", "停", b"PK\x03\x04 stop model", "2026-12-06T18:00:00+00:00", b"check"
    ),
    SkillEvent(event="alarm.missed", text="错过了闹钟", data={"id": "i1", "site_id": "bedroom"}),
    MediaPlay(
        items=[
            MediaItem(
                url="http://10.0.0.2:8340/media/files/t1?expires=1&signature=ab",
                title="晴天",
                artist="周杰伦",
                album="叶惠美",
                duration_seconds=269.5,
                id="t1",
            ),
            MediaItem(url="http://radio.example/cnr1", title="中国之声", kind=MediaKind.STREAM, id="cnr1"),
        ],
        start_index=1,
        request_id="r1",
        site_id="kitchen",
    ),
    MediaControl(action=MediaAction.NEXT, request_id=None, site_id="den"),
    MediaVolume(level=None, change=-10, site_id="kitchen"),
    MediaSeek(position_seconds=42.5, request_id="r2", site_id="den"),
    MediaSeek(position_seconds=-10.0, relative=True, site_id="den"),
    MediaState(
        site_id="kitchen",
        status=PlayerStatus.PLAYING,
        volume=60,
        item=MediaItem(url="/music/a.flac", title="Moon River", artist="Audrey", duration_seconds=3.0),
        index=0,
        queue_length=2,
        position_seconds=1.25,
        duration_seconds=3.0,
        ducked=True,
        error=None,
        request_id="r1",
        time=1.7e9,
    ),
]
SNAKE = (AlarmRing, AlarmStop, SkillEvent)
"""Documented snake_case from the start (docs/alarms.md, docs/push.md)."""


def ids(message: Message) -> str:
    return type(message).__name__


def test_every_message_class_has_a_sample() -> None:
    exported = {getattr(messages, name) for name in messages.__all__}
    classes = {c for c in exported if isinstance(c, type) and issubclass(c, Message)}
    assert classes == {type(m) for m in SAMPLES}


@pytest.mark.parametrize("message", SAMPLES, ids=ids)
def test_round_trip_through_topic_and_payload(message: Message) -> None:
    assert type(message).from_mqtt(message.message_topic(), message.payload()) == message


@pytest.mark.parametrize("message", SAMPLES, ids=ids)
def test_dict_round_trip_and_unknown_keys_ignored(message: Message) -> None:
    data = message.to_dict()
    assert type(message).from_dict(data).to_dict() == data
    assert type(message).from_dict({**data, "some_future_field": [1]}).to_dict() == data


@pytest.mark.parametrize("message", SAMPLES, ids=ids)
def test_key_style(message: Message) -> None:
    keys = [key for key in json.loads(message.payload()) if key != "data"]
    pattern = r"[a-z]+(_[a-z0-9]+)*" if isinstance(message, SNAKE) else r"[a-z]+([A-Z][a-z0-9]*)*"
    assert keys and [key for key in keys if not re.fullmatch(pattern, key)] == []


def test_ring_payload_is_the_documented_one() -> None:
    """docs/alarms.md's example decodes, and encodes back to the same keys and values."""
    documented = {
        "id": "3f2a9c0d1e2b",
        "kind": "alarm",
        "label": None,
        "message": None,
        "text": "It's 7:00 AM",
        "lang": "en",
        "late": False,
        "late_seconds": 0.012,
        "due": "2026-11-25T07:00:00+08:00",
        "site_id": "bedroom",
        "target_site_id": "bedroom",
        "max_ring_seconds": 300,
    }
    ring = AlarmRing.from_mqtt("ting/alarm/bedroom/ring", json.dumps(documented))
    assert ring.kind is ItemKind.ALARM and ring.max_ring_seconds == 300.0
    assert ring.to_dict() == documented
    stop = AlarmStop.from_mqtt("ting/alarm/bedroom/stop", b'{"id": null, "reason": "limit"}')
    assert (stop.site_id, stop.id, stop.reason) == ("bedroom", None, StopReason.LIMIT)
    assert stop.to_dict() == {"id": None, "reason": "limit"}


@pytest.mark.parametrize(
    ("cls", "payload", "problem"),
    [
        (AlarmRing, b'{"id": "a", "kind": "nap", "text": "x", "site_id": "k"}', "kind: expected one of"),
        (AlarmRing, b'{"id": "a", "kind": "alarm", "site_id": "k"}', "text: required field is missing"),
        (AlarmStop, b'{"reason": "stopped"}', "id: required field is missing"),
        (AlarmStop, b'{"id": null, "reason": "later"}', "reason: expected one of"),
        (SiteStatus, b'{"siteId": "k", "state": "asleep"}', "state: expected one of"),
        (DeviceHeartbeat, b'{"siteId": "k", "state": "idle", "uptimeSeconds": "long"}', "expected a number"),
        (GrammarAnnouncement, b'{"lang": "en", "vosk": "turn on"}', "vosk: expected a list"),
        (
            SiteStatus,
            b'{"siteId": "k", "state": "online", "wake": {"en": {"phrase": "hey"}}}',
            "trained: required",
        ),
        (
            SiteStatus,
            b'{"siteId": "k", "state": "online", "stop": {"en": {"phrase": "stop"}}}',
            "stop.en: expected a list",
        ),
        (
            StopModelAnnouncement,
            b'{"key": "k", "lang": "en", "phrase": "stop", "model": 5, "checksum": ""}',
            "model: expected a string",
        ),
        (
            WakeModelAnnouncement,
            b'{"key": "a/b", "lang": "en", "phrase": "x", "model": "", "checksum": ""}',
            "key: must not",
        ),
        (
            WakeModelAnnouncement,
            b'{"key": "k", "lang": "en", "phrase": "x", "checksum": ""}',
            "model: required",
        ),
        (SkillEvent, b'{"event": "x", "data": []}', "data: expected an object"),
        (SkillEvent, b"[1, 2]", "expected a JSON object"),
        (SiteStatus, b"\xff\xfe", "payload is not JSON"),
        (MediaPlay, b'{"items": [{"title": "a"}]}', "items[0].url: required field is missing"),
        (MediaControl, b'{"action": "rewind"}', "action: expected one of"),
        (MediaVolume, b'{"level": "loud"}', "level: expected an integer"),
        (MediaSeek, b"{}", "positionSeconds: required field is missing"),
        (MediaState, b'{"siteId": "k", "status": "playing"}', "volume: required field is missing"),
    ],
)
def test_bad_payloads_name_the_field(cls: type[Message], payload: bytes, problem: str) -> None:
    with pytest.raises(MessageError, match=re.escape(problem)):
        cls.from_payload(payload)


def test_topics_and_subscriptions() -> None:
    assert AlarmRing.subscription() == "ting/alarm/+/ring"
    assert AlarmStop.topic(site_id="den") == "ting/alarm/den/stop"
    assert SiteStatus.subscription() == "ting/status/+"
    assert SiteStatus.is_topic("ting/status/den") and not SiteStatus.is_topic("ting/status/a/b")
    assert DeviceHeartbeat.subscription() == "ting/device/+/heartbeat"
    assert GrammarAnnouncement.topic_parts("ting/nlu/grammar/zh") == {"lang": "zh"}
    assert SkillEvent(event="timer.done").message_topic() == "ting/event/timer.done"
    assert SkillEvent.subscription() == "ting/event/+"
    assert MediaControl.subscription(site_id="den") == "ting/media/den/control"
    assert MediaState.subscription() == "ting/media/+/state"
    assert WakeModelAnnouncement.subscription() == "ting/wake/model/+"
    key = phrase_key("zh", "小听小听")
    assert WakeModelAnnouncement.of("zh", "小听小听", b"m").message_topic() == f"ting/wake/model/{key}"
    assert len(key) == 16 and key != phrase_key("en", "小听小听") and key != phrase_key("zh", "小听")
    # a stop phrase's model has a topic of its own: the same phrase can be a wake word too
    assert StopModelAnnouncement.subscription() == "ting/wake/stop/+"
    assert StopModelAnnouncement.of("zh", "小听小听", b"m").message_topic() == f"ting/wake/stop/{key}"
    assert not WakeModelAnnouncement.is_topic(f"ting/wake/stop/{key}")
    assert not StopModelAnnouncement.is_topic(f"ting/wake/model/{key}")


def test_a_status_from_before_stop_phrases_is_still_read() -> None:
    """Devices from before barge-in models publish no ``stop`` or ``bargeIn``: the status reads as none."""
    old = b'{"siteId": "den", "state": "online", "role": "device", "wake": {"en": {"phrase": "hey ting", '
    old += b'"trained": true}}}'
    status = SiteStatus.from_mqtt("ting/status/den", old)
    assert status.stop == {} and status.barge_in == ""
    assert status.wake == {"en": WakeState("hey ting", True)}
    wire = json.loads(SiteStatus(site_id="den", state=SiteState.ONLINE, barge_in="waiting").payload())
    assert wire["stop"] == {} and wire["bargeIn"] == "waiting"


def test_media_commands_take_their_site_from_the_topic() -> None:
    play = MediaPlay.from_mqtt("ting/media/kitchen/play", b'{"items": [{"url": "http://s/a", "title": "a"}]}')
    assert (play.site_id, play.start_index, play.items[0].kind) == ("kitchen", 0, MediaKind.FILE)
    volume = MediaVolume.from_mqtt("ting/media/den/volume", b'{"level": 30}')
    assert (volume.site_id, volume.level, volume.change) == ("den", 30, None)
    assert "siteId" not in json.loads(volume.payload())


def test_a_seek_without_relative_is_an_absolute_position() -> None:
    """Clients from before relative seeks send only ``positionSeconds``: it stays a position."""
    old = MediaSeek.from_mqtt("ting/media/den/seek", b'{"positionSeconds": 42}')
    assert old.relative is False and old.position_seconds == 42 and old.site_id == "den"
    back = MediaSeek(position_seconds=-10, relative=True, site_id="den")
    assert json.loads(back.payload()) == {"positionSeconds": -10, "requestId": None, "relative": True}


def test_a_stop_model_is_checked_as_a_wake_model_is_and_says_what_it_is() -> None:
    good = StopModelAnnouncement.of("en", "stop", b"stop model bytes")
    back = StopModelAnnouncement.from_mqtt(good.message_topic(), good.payload())
    assert type(back) is StopModelAnnouncement and back.model_bytes() == b"stop model bytes"
    with pytest.raises(
        MessageError, match=r"stop phrase model for 'stop' \(en\) does not match its checksum"
    ):
        replace(good, checksum="0" * 64).model_bytes()
    with pytest.raises(MessageError, match=f"at most {MAX_MODEL_BYTES} are accepted"):
        StopModelAnnouncement.of("en", "stop", bytes(MAX_MODEL_BYTES + 1)).model_bytes()


def test_a_stop_models_alone_check_travels_with_it_and_is_checked_as_the_model_is() -> None:
    sent = StopModelAnnouncement.with_check("zh", "停", b"stop model", check=b"alone check bytes")
    back = StopModelAnnouncement.from_mqtt(sent.message_topic(), sent.payload())
    assert back.model_bytes() == b"stop model" and back.alone_check_bytes() == b"alone check bytes"
    with pytest.raises(MessageError, match=r"the alone check for '停' \(zh\) does not match its checksum"):
        replace(back, alone_check=back.alone_check[:-4] + "AAAA").alone_check_bytes()
    with pytest.raises(MessageError, match=r"alone check for '停' .* is not base64"):
        replace(back, alone_check="not base64!").alone_check_bytes()
    too_big = StopModelAnnouncement.with_check("zh", "停", b"m", check=bytes(MAX_MODEL_BYTES + 3))
    with pytest.raises(MessageError, match="too big"):
        too_big.alone_check_bytes()
    # a server from before alone checks sends none: the model alone, read as before
    old = json.loads(StopModelAnnouncement.of("zh", "停", b"stop model").payload())
    del old["aloneCheck"], old["aloneChecksum"]
    plain = StopModelAnnouncement.from_mqtt(sent.message_topic(), json.dumps(old).encode())
    assert plain.model_bytes() == b"stop model" and plain.alone_check_bytes() is None


def test_a_wake_model_is_checked_before_use() -> None:
    """What the device does with a model payload: the bytes back, or a clear error for each kind of damage."""
    good = WakeModelAnnouncement.of("en", "hey ting", b"model file bytes")
    assert WakeModelAnnouncement.from_payload(good.payload()).model_bytes() == b"model file bytes"
    damaged = replace(good, model=good.model[:-4] + "AAAA")
    with pytest.raises(MessageError, match="does not match its checksum"):
        damaged.model_bytes()
    with pytest.raises(MessageError, match="is not base64"):
        replace(good, model="not base64 at all!").model_bytes()
    with pytest.raises(MessageError, match="published under key"):
        replace(good, phrase="hey thing").model_bytes()
    for size in (MAX_MODEL_BYTES + 1, MAX_MODEL_BYTES + 3):  # within the last base64 quantum, and beyond
        big = WakeModelAnnouncement.of("en", "hey ting", bytes(size))
        with pytest.raises(MessageError, match=f" bytes; at most {MAX_MODEL_BYTES} are accepted"):
            big.model_bytes()
    assert (
        len(WakeModelAnnouncement.of("en", "hey ting", bytes(MAX_MODEL_BYTES)).model_bytes())
        == MAX_MODEL_BYTES
    )
