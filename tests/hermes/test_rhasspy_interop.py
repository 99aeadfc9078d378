"""Wire compatibility with the reference implementation, the ``rhasspyhermes`` package.

Both directions: messages built with rhasspyhermes parse with ours, and ours parse with
``rhasspyhermes`` ``from_dict``; topics agree with rhasspyhermes' ``topic(...)``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

# rhasspy-hermes is installed with --no-deps (it pins paho-mqtt 1.x); see pyproject's dev extra.
from rhasspyhermes import asr as rhasspy_asr
from rhasspyhermes import audioserver as rh_audio
from rhasspyhermes import dialogue as rh_dialogue
from rhasspyhermes import intent as rh_intent
from rhasspyhermes import nlu as rh_nlu
from rhasspyhermes import tts as rh_tts
from rhasspyhermes import wake as rh_wake

from ting import hermes

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)


def rh_slot() -> Any:
    return rh_intent.Slot(
        entity="room",
        slot_name="room",
        value={"kind": "Custom", "value": "kitchen"},
        raw_value="Kitchen",
        confidence=0.75,
        range=rh_intent.SlotRange(start=12, end=19, raw_start=12, raw_end=19),
    )


def payload_of(message: Any) -> bytes:
    payload = message.payload()
    return payload.encode() if isinstance(payload, str) else bytes(payload)


# (rhasspyhermes message, its topic, our class, the fields we expect after parsing)
FROM_RHASSPY: list[tuple[Any, str, type[hermes.Message], dict[str, Any]]] = [
    (
        rh_nlu.NluQuery(
            input="打开灯", site_id="kitchen", session_id="s1", lang="zh", intent_filter=["a"], id="q"
        ),
        rh_nlu.NluQuery.topic(),
        hermes.NluQuery,
        {
            "input": "打开灯",
            "site_id": "kitchen",
            "session_id": "s1",
            "lang": "zh",
            "intent_filter": ["a"],
            "id": "q",
        },
    ),
    (
        rh_nlu.NluIntent(
            input="turn on the kitchen light",
            intent=rh_intent.Intent(intent_name="home.turn_on", confidence_score=0.9),
            slots=[rh_slot()],
            site_id="kitchen",
            session_id="s1",
            raw_input="Turn on the Kitchen light",
            asr_confidence=0.8,
        ),
        rh_nlu.NluIntent.topic(intent_name="home.turn_on"),
        hermes.NluIntent,
        {
            "input": "turn on the kitchen light",
            "intent": hermes.Intent(intent_name="home.turn_on", confidence_score=0.9),
            "slots": [
                hermes.Slot(
                    slot_name="room",
                    value={"kind": "Custom", "value": "kitchen"},
                    raw_value="Kitchen",
                    entity="room",
                    confidence=0.75,
                    range=hermes.SlotRange(start=12, end=19, raw_start=12, raw_end=19),
                )
            ],
            "site_id": "kitchen",
            "session_id": "s1",
            "raw_input": "Turn on the Kitchen light",
            "asr_confidence": 0.8,
        },
    ),
    (
        rh_nlu.NluIntentNotRecognized(input="sing", site_id="kitchen", session_id="s1", custom_data="c"),
        rh_nlu.NluIntentNotRecognized.topic(),
        hermes.NluIntentNotRecognized,
        {"input": "sing", "site_id": "kitchen", "session_id": "s1", "custom_data": "c"},
    ),
    (
        rh_dialogue.DialogueStartSession(
            init=rh_dialogue.DialogueAction(can_be_enqueued=False, text="Which room?", intent_filter=["a"]),
            site_id="kitchen",
            custom_data="c",
            lang="en",
        ),
        rh_dialogue.DialogueStartSession.topic(),
        hermes.DialogueStartSession,
        {
            "init": hermes.SessionInit(
                type=hermes.SessionInitType.ACTION,
                text="Which room?",
                intent_filter=["a"],
                can_be_enqueued=False,
            ),
            "site_id": "kitchen",
            "custom_data": "c",
            "lang": "en",
        },
    ),
    (
        rh_dialogue.DialogueStartSession(
            init=rh_dialogue.DialogueNotification(text="Timer done"), site_id="den"
        ),
        rh_dialogue.DialogueStartSession.topic(),
        hermes.DialogueStartSession,
        {
            "init": hermes.SessionInit(type=hermes.SessionInitType.NOTIFICATION, text="Timer done"),
            "site_id": "den",
        },
    ),
    (
        rh_dialogue.DialogueContinueSession(
            session_id="s1",
            text="Which room?",
            intent_filter=["a"],
            send_intent_not_recognized=True,
            slot="room",
        ),
        rh_dialogue.DialogueContinueSession.topic(),
        hermes.DialogueContinueSession,
        {
            "session_id": "s1",
            "text": "Which room?",
            "intent_filter": ["a"],
            "send_intent_not_recognized": True,
        },
    ),
    (
        rh_dialogue.DialogueEndSession(session_id="s1", text="Done", custom_data="c"),
        rh_dialogue.DialogueEndSession.topic(),
        hermes.DialogueEndSession,
        {"session_id": "s1", "text": "Done", "custom_data": "c"},
    ),
    (
        rh_dialogue.DialogueSessionStarted(session_id="s1", site_id="kitchen", custom_data="c", lang="en"),
        rh_dialogue.DialogueSessionStarted.topic(),
        hermes.DialogueSessionStarted,
        {"session_id": "s1", "site_id": "kitchen", "custom_data": "c", "lang": "en"},
    ),
    (
        rh_dialogue.DialogueSessionEnded(
            termination=rh_dialogue.DialogueSessionTermination(
                reason=rh_dialogue.DialogueSessionTerminationReason.INTENT_NOT_RECOGNIZED
            ),
            session_id="s1",
            site_id="kitchen",
        ),
        rh_dialogue.DialogueSessionEnded.topic(),
        hermes.DialogueSessionEnded,
        {
            "termination": hermes.SessionTermination(
                reason=hermes.SessionTerminationReason.INTENT_NOT_RECOGNIZED
            ),
            "session_id": "s1",
            "site_id": "kitchen",
        },
    ),
    (
        rh_tts.TtsSay(text="好的", site_id="kitchen", lang="zh", id="t1", session_id="s1", volume=0.5),
        rh_tts.TtsSay.topic(),
        hermes.TtsSay,
        {"text": "好的", "site_id": "kitchen", "lang": "zh", "id": "t1", "session_id": "s1", "volume": 0.5},
    ),
    (
        rh_tts.TtsSayFinished(site_id="kitchen", id="t1", session_id="s1"),
        rh_tts.TtsSayFinished.topic(),
        hermes.TtsSayFinished,
        {"site_id": "kitchen", "id": "t1", "session_id": "s1"},
    ),
    (
        rhasspy_asr.AsrTextCaptured(
            text="turn on",
            likelihood=0.9,
            seconds=1.25,
            site_id="kitchen",
            session_id="s1",
            wakeword_id="ting",
        ),
        rhasspy_asr.AsrTextCaptured.topic(),
        hermes.AsrTextCaptured,
        {"text": "turn on", "likelihood": 0.9, "seconds": 1.25, "site_id": "kitchen", "wakeword_id": "ting"},
    ),
    (
        rh_wake.HotwordDetected(
            model_id="ting", model_version="2", current_sensitivity=0.6, site_id="kitchen"
        ),
        rh_wake.HotwordDetected.topic(wakeword_id="hey_ting"),
        hermes.HotwordDetected,
        {
            "model_id": "ting",
            "model_version": "2",
            "current_sensitivity": 0.6,
            "site_id": "kitchen",
            "wakeword_id": "hey_ting",
        },
    ),
    (
        rhasspy_asr.AsrStartListening(
            site_id="kitchen",
            session_id="s1",
            lang="zh",
            stop_on_silence=False,
            send_audio_captured=True,
            wakeword_id="ting",
            intent_filter=["home.turn_on"],
        ),
        rhasspy_asr.AsrStartListening.topic(),
        hermes.AsrStartListening,
        {
            "site_id": "kitchen",
            "session_id": "s1",
            "lang": "zh",
            "stop_on_silence": False,
            "send_audio_captured": True,
            "wakeword_id": "ting",
            "intent_filter": ["home.turn_on"],
        },
    ),
    (
        rhasspy_asr.AsrStopListening(site_id="kitchen", session_id="s1"),
        rhasspy_asr.AsrStopListening.topic(),
        hermes.AsrStopListening,
        {"site_id": "kitchen", "session_id": "s1"},
    ),
    (
        rh_wake.HotwordToggleOff(site_id="kitchen", reason=rh_wake.HotwordToggleReason.DIALOGUE_SESSION),
        rh_wake.HotwordToggleOff.topic(),
        hermes.HotwordToggleOff,
        {"site_id": "kitchen", "reason": hermes.HotwordToggleReason.DIALOGUE_SESSION},
    ),
    (
        rh_wake.HotwordToggleOn(site_id="kitchen"),
        rh_wake.HotwordToggleOn.topic(),
        hermes.HotwordToggleOn,
        {"site_id": "kitchen", "reason": hermes.HotwordToggleReason.UNKNOWN},
    ),
    (
        rh_dialogue.DialogueIntentNotRecognized(
            session_id="s1", site_id="kitchen", input="sing", custom_data="c"
        ),
        rh_dialogue.DialogueIntentNotRecognized.topic(),
        hermes.DialogueIntentNotRecognized,
        {"session_id": "s1", "site_id": "kitchen", "input": "sing", "custom_data": "c"},
    ),
    (
        rh_audio.AudioPlayBytes(wav_bytes=WAV),
        rh_audio.AudioPlayBytes.topic(site_id="kitchen", request_id="r1"),
        hermes.AudioPlayBytes,
        {"wav_bytes": WAV, "site_id": "kitchen", "request_id": "r1"},
    ),
    (
        rhasspy_asr.AsrAudioCaptured(wav_bytes=WAV),
        rhasspy_asr.AsrAudioCaptured.topic(site_id="kitchen", session_id="s1"),
        hermes.AsrAudioCaptured,
        {"wav_bytes": WAV, "site_id": "kitchen", "session_id": "s1"},
    ),
    (
        rh_audio.AudioPlayFinished(id="r1", session_id="s1"),
        rh_audio.AudioPlayFinished.topic(site_id="kitchen"),
        hermes.AudioPlayFinished,
        {"id": "r1", "session_id": "s1", "site_id": "kitchen"},
    ),
]


@pytest.mark.parametrize(
    ("theirs", "topic", "ours", "expected"), FROM_RHASSPY, ids=lambda v: type(v).__name__
)
def test_rhasspy_messages_parse_with_ours(
    theirs: Any, topic: str, ours: type[hermes.Message], expected: dict[str, Any]
) -> None:
    assert ours.is_topic(topic)
    parsed = ours.from_mqtt(topic, payload_of(theirs))
    assert {name: getattr(parsed, name) for name in expected} == expected


@pytest.mark.parametrize(
    ("theirs", "topic", "ours", "expected"), FROM_RHASSPY, ids=lambda v: type(v).__name__
)
def test_ours_parse_with_rhasspy_and_topics_agree(
    theirs: Any, topic: str, ours: type[hermes.Message], expected: dict[str, Any]
) -> None:
    message = ours.from_mqtt(topic, payload_of(theirs))
    assert message.message_topic() == topic
    rh_cls = type(theirs)
    if isinstance(message, hermes.AudioPlayBytes | hermes.AsrAudioCaptured):
        assert message.payload() == theirs.wav_bytes
        return
    back = rh_cls.from_dict(json.loads(message.payload()))
    assert back.to_dict() == theirs.to_dict()


@pytest.mark.parametrize(
    ("ours", "topic"),
    [
        (hermes.NluQuery, rh_nlu.NluQuery.topic()),
        (hermes.NluIntentNotRecognized, rh_nlu.NluIntentNotRecognized.topic()),
        (hermes.NluError, rh_nlu.NluError.topic()),
        (hermes.DialogueError, rh_dialogue.DialogueError.topic()),
        (hermes.TtsSay, rh_tts.TtsSay.topic()),
        (hermes.TtsSayFinished, rh_tts.TtsSayFinished.topic()),
        (hermes.AsrTextCaptured, rhasspy_asr.AsrTextCaptured.topic()),
        (hermes.DialogueSessionEnded, rh_dialogue.DialogueSessionEnded.topic()),
        (hermes.AsrStartListening, rhasspy_asr.AsrStartListening.topic()),
        (hermes.AsrStopListening, rhasspy_asr.AsrStopListening.topic()),
        (hermes.HotwordToggleOn, rh_wake.HotwordToggleOn.topic()),
        (hermes.HotwordToggleOff, rh_wake.HotwordToggleOff.topic()),
        (hermes.DialogueIntentNotRecognized, rh_dialogue.DialogueIntentNotRecognized.topic()),
    ],
)
def test_fixed_topics_agree(ours: type[hermes.Message], topic: str) -> None:
    assert ours.topic() == topic


def test_wildcard_topics_agree() -> None:
    # rhasspyhermes uses "+" for a missing topic part, i.e. its subscription.
    assert hermes.HotwordDetected.subscription() == rh_wake.HotwordDetected.topic()
    assert hermes.AudioPlayFinished.subscription() == rh_audio.AudioPlayFinished.topic()
    # rhasspyhermes subscribes to playBytes/# (request ids are one level, so + is equivalent).
    assert rh_audio.AudioPlayBytes.topic() == "hermes/audioServer/+/playBytes/#"
    assert hermes.AudioPlayBytes.subscription() == "hermes/audioServer/+/playBytes/+"
    assert hermes.AsrAudioCaptured.subscription() == rhasspy_asr.AsrAudioCaptured.topic()
    assert rh_nlu.NluIntent.is_topic(hermes.NluIntent.topic(intent_name="home.turn_on"))
    assert rh_wake.HotwordDetected.get_wakeword_id(hermes.HotwordDetected.topic(wakeword_id="ting")) == "ting"


def test_errors_round_trip_both_ways() -> None:
    for rh_cls, ours in (
        (rh_nlu.NluError, hermes.NluError),
        (rh_dialogue.DialogueError, hermes.DialogueError),
    ):
        theirs = rh_cls(error="boom", site_id="kitchen", context="ctx", session_id="s1")
        parsed = ours.from_payload(payload_of(theirs))
        assert (parsed.error, parsed.site_id, parsed.context, parsed.session_id) == (
            "boom",
            "kitchen",
            "ctx",
            "s1",
        )
        assert rh_cls.from_dict(parsed.to_dict()) == theirs


def test_an_intent_with_rhasspy_default_slots_parses() -> None:
    """rhasspy-hermes' NluIntent defaults to ``"slots": null``; we read it as no slots and send ``[]``."""
    theirs = rh_nlu.NluIntent(
        input="what time is it",
        intent=rh_intent.Intent(intent_name="system.time", confidence_score=1.0),
        site_id="kitchen",
    )
    assert json.loads(payload_of(theirs))["slots"] is None
    ours = hermes.NluIntent.from_mqtt(rh_nlu.NluIntent.topic(intent_name="system.time"), payload_of(theirs))
    assert (ours.input, ours.slots, ours.site_id) == ("what time is it", [], "kitchen")
    back = rh_nlu.NluIntent.from_dict(ours.to_dict())
    assert back.slots == [] and back.intent == theirs.intent


def test_our_toggle_reasons_are_rhasspy_reasons() -> None:
    assert {reason.value for reason in hermes.HotwordToggleReason} == {
        reason.value for reason in rh_wake.HotwordToggleReason
    }
    assert hermes.FeedbackSoundToggleOn.topic() == "hermes/feedback/sound/toggleOn"
    assert hermes.FeedbackSoundToggleOff.topic() == "hermes/feedback/sound/toggleOff"
