"""Every Hermes message class: payload round trips, camelCase keys, defaults, topics, errors."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest

import ting.hermes as hermes
from ting.errors import MessageError
from ting.hermes import (
    AsrAudioCaptured,
    AsrStartListening,
    AsrStopListening,
    AsrTextCaptured,
    AudioPlayBytes,
    AudioPlayFinished,
    DialogueContinueSession,
    DialogueEndSession,
    DialogueError,
    DialogueIntentNotRecognized,
    DialogueSessionEnded,
    DialogueSessionStarted,
    DialogueStartSession,
    FeedbackSoundToggleOff,
    FeedbackSoundToggleOn,
    HotwordDetected,
    HotwordToggleOff,
    HotwordToggleOn,
    HotwordToggleReason,
    Intent,
    Message,
    NluError,
    NluIntent,
    NluIntentNotRecognized,
    NluQuery,
    SessionInit,
    SessionInitType,
    SessionTermination,
    SessionTerminationReason,
    Slot,
    SlotRange,
    TtsSay,
    TtsSayFinished,
)

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)

# One fully-populated example per message class; test_every_message_class_has_a_sample
# fails when a class is added to ting.hermes without one.
SAMPLES: list[Message] = [
    AsrTextCaptured(
        text="打开灯",
        likelihood=0.8,
        seconds=1.5,
        site_id="kitchen",
        session_id="s1",
        wakeword_id="ting",
        lang="zh",
        asr_tokens=[[{"value": "打开", "confidence": 0.9, "rangeStart": 0, "rangeEnd": 2}]],
    ),
    AsrStartListening(
        site_id="kitchen",
        session_id="s1",
        lang="zh",
        stop_on_silence=True,
        send_audio_captured=False,
        wakeword_id="ting",
        intent_filter=["home.turn_on"],
    ),
    AsrStopListening(site_id="kitchen", session_id="s1"),
    AudioPlayBytes(wav_bytes=WAV, site_id="kitchen", request_id="r1"),
    AsrAudioCaptured(wav_bytes=WAV, site_id="kitchen", session_id="s1"),
    AudioPlayFinished(id="r1", session_id="s1", site_id="kitchen"),
    DialogueStartSession(
        init=SessionInit(type=SessionInitType.ACTION, text="Which room?", intent_filter=["home.turn_on"]),
        site_id="kitchen",
        custom_data="{}",
        lang="en",
    ),
    DialogueSessionStarted(session_id="s1", site_id="kitchen", custom_data="c", lang="en"),
    DialogueContinueSession(
        session_id="s1",
        text="Which room?",
        intent_filter=["home.turn_on"],
        send_intent_not_recognized=True,
        slot="room",
    ),
    DialogueEndSession(session_id="s1", text="Done", custom_data="c"),
    DialogueSessionEnded(
        termination=SessionTermination(reason=SessionTerminationReason.ERROR, error="boom"),
        session_id="s1",
        site_id="kitchen",
    ),
    DialogueError(error="skill crashed", site_id="kitchen", context="home", session_id="s1"),
    DialogueIntentNotRecognized(session_id="s1", site_id="kitchen", input="sing", custom_data="c"),
    FeedbackSoundToggleOff(site_id="kitchen"),
    FeedbackSoundToggleOn(site_id="kitchen"),
    HotwordDetected(
        model_id="ting", model_version="1", current_sensitivity=0.5, site_id="kitchen", wakeword_id="ting"
    ),
    HotwordToggleOff(site_id="kitchen", reason=HotwordToggleReason.DIALOGUE_SESSION),
    HotwordToggleOn(site_id="kitchen", reason="privacyMode"),
    NluQuery(
        input="turn on the kitchen light",
        site_id="kitchen",
        id="q1",
        intent_filter=["home.turn_on"],
        session_id="s1",
        lang="en",
        asr_confidence=0.9,
        custom_entities={"room": ["kitchen"]},
    ),
    NluIntent(
        input="turn on the kitchen light",
        intent=Intent(intent_name="home.turn_on", confidence_score=0.92),
        site_id="kitchen",
        id="q1",
        session_id="s1",
        lang="en",
        raw_input="Turn on the kitchen light",
        slots=[
            Slot(
                slot_name="room",
                value={"kind": "Custom", "value": "kitchen"},
                raw_value="kitchen",
                entity="room",
                confidence=0.9,
                range=SlotRange(start=12, end=19, raw_start=12, raw_end=19),
            )
        ],
    ),
    NluIntentNotRecognized(input="sing", site_id="kitchen", id="q2", custom_data="c", session_id="s1"),
    NluError(error="bad payload", site_id="kitchen", context="{", session_id="s1"),
    TtsSay(text="好的", site_id="kitchen", lang="zh", id="t1", session_id="s1", volume=0.5),
    TtsSayFinished(site_id="kitchen", id="t1", session_id="s1"),
]
JSON_SAMPLES = [m for m in SAMPLES if not isinstance(m, AudioPlayBytes | AsrAudioCaptured)]
FREE_FORM_KEYS = {"value", "customEntities", "asrTokens"}
"""Keys whose contents are not ours to name (slot values, caller-supplied data)."""


def ids(message: Message) -> str:
    return type(message).__name__


def test_every_message_class_has_a_sample() -> None:
    exported = {getattr(hermes, name) for name in hermes.__all__}
    classes = {c for c in exported if isinstance(c, type) and issubclass(c, Message) and c is not Message}
    assert classes == {type(m) for m in SAMPLES}


@pytest.mark.parametrize("message", SAMPLES, ids=ids)
def test_round_trip_through_topic_and_payload(message: Message) -> None:
    assert type(message).from_mqtt(message.message_topic(), message.payload()) == message


@pytest.mark.parametrize("message", JSON_SAMPLES, ids=ids)
def test_dict_round_trip_and_unknown_keys_ignored(message: Message) -> None:
    data = message.to_dict()  # without topic-only fields such as HotwordDetected.wakeword_id
    assert type(message).from_dict(data).to_dict() == data
    assert type(message).from_dict({**data, "someFutureField": [1, 2]}).to_dict() == data


def camel_keys(data: Any) -> list[str]:
    if isinstance(data, list):
        return [key for item in data for key in camel_keys(item)]
    if not isinstance(data, dict):
        return []
    keys = list(data)
    for key, value in data.items():
        if key not in FREE_FORM_KEYS:
            keys.extend(camel_keys(value))
    return keys


@pytest.mark.parametrize("message", JSON_SAMPLES, ids=ids)
def test_keys_are_camel_case(message: Message) -> None:
    keys = camel_keys(json.loads(message.payload()))
    assert keys, "payload has keys"
    assert [k for k in keys if not re.fullmatch(r"[a-z]+([A-Z][a-z0-9]*)*", k)] == []


@pytest.mark.parametrize("message", [m for m in JSON_SAMPLES if "siteId" in m.to_dict()], ids=ids)
def test_site_id_defaults_to_default(message: Message) -> None:
    data = message.to_dict()
    del data["siteId"]
    parsed = type(message).from_dict(data)
    assert parsed.site_id == "default"  # type: ignore[attr-defined]
    assert type(message).from_dict(parsed.to_dict()).to_dict()["siteId"] == "default"


def test_payload_is_utf8_json_without_escapes() -> None:
    payload = TtsSay(text="好的", site_id="客厅").payload()
    assert "好的".encode() in payload
    assert json.loads(payload) == {
        "text": "好的",
        "siteId": "客厅",
        "lang": None,
        "id": None,
        "sessionId": None,
        "volume": None,
    }


def test_from_mqtt_fills_topic_only_fields() -> None:
    detected = HotwordDetected.from_mqtt("hermes/hotword/hey_ting/detected", b'{"modelId": "m"}')
    assert detected.wakeword_id == "hey_ting"
    assert "wakewordId" not in detected.to_dict()
    finished = AudioPlayFinished.from_mqtt("hermes/audioServer/den/playFinished", b'{"id": "r9"}')
    assert (finished.site_id, finished.id) == ("den", "r9")
    play = AudioPlayBytes.from_mqtt("hermes/audioServer/den/playBytes/r9", WAV)
    assert (play.site_id, play.request_id, play.wav_bytes) == ("den", "r9", WAV)
    heard = AsrAudioCaptured.from_mqtt("rhasspy/asr/den/s9/audioCaptured", WAV)
    assert (heard.site_id, heard.session_id, heard.wav_bytes) == ("den", "s9", WAV)


@pytest.mark.parametrize("payload", [b"", b"not a wav", b'{"wavBytes": "UklGRg=="}', "RIFF....WAVE"])
def test_captured_audio_that_is_not_a_wav_file_is_refused(payload: bytes | str) -> None:
    with pytest.raises(MessageError, match="not a WAV file"):
        AsrAudioCaptured.from_mqtt("rhasspy/asr/den/s9/audioCaptured", payload)


@pytest.mark.parametrize(
    ("cls", "topic", "expected"),
    [
        (NluIntent, "hermes/intent/home.turn_on", True),
        (NluIntent, "hermes/intent/a/b", False),
        (HotwordDetected, "hermes/hotword/ting/detected", True),
        (AudioPlayBytes, "hermes/audioServer/den/playBytes/r1", True),
        (AudioPlayBytes, "hermes/audioServer/den/playFinished", False),
        (AsrAudioCaptured, "rhasspy/asr/den/s1/audioCaptured", True),
        (AsrAudioCaptured, "rhasspy/asr/den/audioCaptured", False),
        (TtsSay, "hermes/tts/sayFinished", False),
    ],
)
def test_is_topic(cls: type[Message], topic: str, expected: bool) -> None:
    assert cls.is_topic(topic) is expected


def test_topics_and_subscriptions() -> None:
    assert NluIntent.topic(intent_name="home.turn_on") == "hermes/intent/home.turn_on"
    assert NluIntent.subscription() == "hermes/intent/#"
    assert HotwordDetected.subscription() == "hermes/hotword/+/detected"
    assert AudioPlayBytes.subscription() == "hermes/audioServer/+/playBytes/+"
    assert TtsSay.subscription() == "hermes/tts/say"
    assert AudioPlayBytes.subscription(site_id="den") == "hermes/audioServer/den/playBytes/+"
    assert NluIntent.subscription(intent_name="home.turn_on") == "hermes/intent/home.turn_on"
    with pytest.raises(MessageError, match="siteId"):
        AudioPlayBytes.subscription(site_id="den/#")


@pytest.mark.parametrize(
    ("cls", "payload", "field"),
    [
        (NluQuery, b'{"siteId": "k"}', "input: required field is missing"),
        (NluQuery, b'{"input": 5}', "input: expected a string"),
        (NluQuery, b'{"input": "x", "asrConfidence": "high"}', "asrConfidence: expected a number"),
        (NluQuery, b'{"input": "x", "intentFilter": "home"}', "intentFilter: expected a list"),
        (
            NluIntent,
            b'{"input": "x", "intent": {"intentName": "a", "confidenceScore": "1"}}',
            "intent.confidenceScore",
        ),
        (
            NluIntent,
            b'{"input": "x", "intent": {"confidenceScore": 1}}',
            "intent.intentName: required field is missing",
        ),
        (
            NluIntent,
            b'{"input": "x", "intent": {"intentName": "a", "confidenceScore": 1}, "slots": [{"value": {}}]}',
            "slots[0].slotName",
        ),
        (
            DialogueSessionEnded,
            b'{"sessionId": "s", "termination": {"reason": "bored"}}',
            "termination.reason",
        ),
        (DialogueStartSession, b'{"init": {"type": "action", "canBeEnqueued": "yes"}}', "init.canBeEnqueued"),
        (TtsSay, b'{"text": "hi", "volume": true}', "volume: expected a number"),
        (TtsSay, b"[1, 2]", "expected a JSON object"),
        (TtsSay, b"not json", "not JSON"),
        (TtsSay, b"\xff\xfe", "not JSON"),
    ],
)
def test_bad_payload_names_the_field(cls: type[Message], payload: bytes, field: str) -> None:
    with pytest.raises(MessageError) as caught:
        cls.from_payload(payload)
    assert field in str(caught.value)
    assert cls.__name__ in str(caught.value)


def test_play_bytes_must_be_wav() -> None:
    with pytest.raises(MessageError, match="not a WAV"):
        AudioPlayBytes.from_mqtt("hermes/audioServer/den/playBytes/r1", b"ID3 mp3 data")
    with pytest.raises(MessageError, match="not a playBytes topic"):
        AudioPlayBytes.from_mqtt("hermes/tts/say", WAV)


def test_slot_values_and_wire_only_fields() -> None:
    intent = next(m for m in SAMPLES if isinstance(m, NluIntent))
    assert intent.slot_values() == {"room": "kitchen"}
    assert intent.message_topic() == "hermes/intent/home.turn_on"
    for message in JSON_SAMPLES:
        fields = dataclasses.fields(message)  # type: ignore[arg-type]
        wire_only = {camel(f.name) for f in fields if not f.metadata.get("wire", True)}
        assert wire_only.isdisjoint(message.to_dict()), type(message).__name__


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


BAD_SITE_IDS = [
    pytest.param("kit\u0000chen", "'\\x00'", id="nul"),
    pytest.param("kitchen/1", "'/'", id="slash"),
    pytest.param("kitchen+", "'+'", id="plus"),
    pytest.param("#", "'#'", id="hash"),
    pytest.param("kitchen\n", "'\\n'", id="newline"),
    pytest.param("", "must not be empty", id="empty"),
    pytest.param("k" * 101, "101 characters long; at most 100", id="too-long"),
]


@pytest.mark.parametrize(("site_id", "problem"), BAD_SITE_IDS)
@pytest.mark.parametrize("message", [m for m in JSON_SAMPLES if "siteId" in m.to_dict()], ids=ids)
def test_site_id_that_cannot_be_a_topic_level_is_refused(
    message: Message, site_id: str, problem: str
) -> None:
    """A site id goes into topics (ting/alarm/<siteId>/ring ...): one with NUL once knocked the server off the
    broker when it published there. Every message with a siteId refuses such an id when it arrives."""
    payload = json.dumps({**message.to_dict(), "siteId": site_id}).encode()
    with pytest.raises(MessageError) as caught:
        type(message).from_payload(payload)
    assert "siteId: " in str(caught.value) and problem in str(caught.value)


def test_site_ids_that_are_fine() -> None:
    for site_id in ("kitchen", "客厅", "site-99", "k" * 100, "living room", "a.b_c"):
        assert TtsSay.from_payload(json.dumps({"text": "x", "siteId": site_id})).site_id == site_id


@pytest.mark.parametrize(
    "payload",
    [
        b'{"input": "\\ud800"}',
        b'{"input": "x", "customData": "ok \\uDFFF"}',
        b'{"input": "x", "customEntities": {"a": [{"b": "\\udc00"}]}}',
        b'{"input": "x", "customEntities": {"\\ud834": 1}}',
    ],
)
def test_lone_surrogates_are_refused(payload: bytes) -> None:
    with pytest.raises(MessageError, match="invalid Unicode"):
        NluQuery.from_payload(payload)


def test_escaped_surrogate_pairs_are_one_character() -> None:
    assert NluQuery.from_payload(b'{"input": "\\ud83d\\ude00 \\u5ba2"}').input == "\U0001f600 客"


def test_null_for_a_list_with_a_default_is_the_default() -> None:
    """rhasspy-hermes sends ``"slots": null`` for an intent without slots."""
    intent = NluIntent.from_payload(
        b'{"input": "what time is it", "intent": {"intentName": "system.time", "confidenceScore": 1},'
        b' "slots": null}'
    )
    assert intent.slots == [] and intent.slot_values() == {}
    start = DialogueStartSession.from_payload(b'{"init": null, "siteId": "den"}')
    assert start.init == SessionInit()
    with pytest.raises(MessageError, match="input: expected a string"):
        NluIntent.from_payload(b'{"input": null, "intent": {"intentName": "a", "confidenceScore": 1}}')


@pytest.mark.parametrize("part", ["a/b", "a+", "#", "a\u0000b", "", "\ud800"])
def test_nothing_we_publish_names_a_topic_the_broker_refuses(part: str) -> None:
    with pytest.raises(MessageError, match="siteId"):
        AudioPlayFinished(site_id=part).message_topic()
    with pytest.raises(MessageError, match="intentName"):
        NluIntent.topic(intent_name=part)
    with pytest.raises(MessageError, match="wakewordId"):
        HotwordDetected(model_id="m", wakeword_id=part).message_topic()
