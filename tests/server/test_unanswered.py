"""An intent no ting skill handles: another Hermes skill has ``server.unanswered_intent_seconds`` to answer it
(its endSession, continueSession or tts/say); without an answer ting says it cannot do that yet (it used to
wait for the 30 s session timeout in silence); with one, that is the only answer, early or late."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rhasspyhermes.dialogue import DialogueContinueSession, DialogueEndSession
from rhasspyhermes.intent import Intent
from rhasspyhermes.nlu import NluIntent, NluQuery
from rhasspyhermes.tts import TtsSay

from tests.server.conftest import Probe
from ting.server.host import running_server
from ting.settings import Settings, SkillsSettings

WAIT_SECONDS = 1.5
"""``server.unanswered_intent_seconds`` where the apology is tested: it comes after this wait."""
PATIENT_SECONDS = 5.0
"""The wait where an answer in time is tested: the answer goes out about 0.3 s after the intent, and on a
loaded 2-core machine it reached the server more than 1.5 s later (a CI run at load 2 missed 0.6 s; a run at
load 13 missed 1.5 s). The product's default is 4 s."""
GARDEN = Path(__file__).resolve().parents[2] / "docs" / "sentences_only_skill" / "garden"
"""The guide's sentences-only skill: ting understands ``garden.water``; a Hermes skill elsewhere answers."""
ANSWERS = ("hermes/tts/say", "hermes/dialogueManager/sessionEnded")


@asynccontextmanager
async def _garden_server(server_settings: Settings, wait_seconds: float) -> AsyncIterator[Any]:
    settings = replace(
        server_settings,
        server=replace(server_settings.server, unanswered_intent_seconds=wait_seconds),
        skills=SkillsSettings(paths=(GARDEN,)),
    )
    async with running_server(settings) as running:
        await asyncio.wait_for(running.state.client.wait_connected(10), 15)
        yield running


@pytest.fixture
async def server(server_settings: Settings) -> AsyncIterator[Any]:
    """Apologizes after ``WAIT_SECONDS``."""
    async with _garden_server(server_settings, WAIT_SECONDS) as running:
        yield running


@pytest.fixture
async def patient_server(server_settings: Settings) -> AsyncIterator[Any]:
    """Apologizes after ``PATIENT_SECONDS``."""
    async with _garden_server(server_settings, PATIENT_SECONDS) as running:
        yield running


def _has(session_id: str) -> Any:
    return lambda data: data.get("sessionId") == session_id


def _answers(probe: Probe, session: str) -> list[tuple[str, str]]:
    return [
        (topic, data.get("text") or data.get("termination", {}).get("reason"))
        for topic in ANSWERS
        for data in probe.on(topic)
        if data.get("sessionId") == session
    ]


async def _water_the_lawn(probe: Probe, lang: str = "en") -> str:
    session = uuid.uuid4().hex
    text = "water the lawn for ten minutes" if lang == "en" else "给草地浇水十分钟"
    query = NluQuery(input=text, site_id="kitchen", session_id=session, lang=lang)
    await probe.publish(NluQuery.topic(), query.payload())
    await probe.wait_for("hermes/intent/garden.water", _has(session))
    return session


async def test_an_intent_nobody_answers_gets_a_sorry_after_the_wait(server: Any, probe: Probe) -> None:
    session = uuid.uuid4().hex
    unknown = NluIntent(
        input="fly me to the moon",
        intent=Intent(intent_name="space.fly", confidence_score=1.0),
        site_id="study",
        session_id=session,
        lang="en",
    )
    sent = time.monotonic()
    await probe.publish(NluIntent.topic(intent_name="space.fly"), unknown.payload())
    say = await probe.wait_for("hermes/tts/say", _has(session), timeout_seconds=15)
    waited = time.monotonic() - sent
    assert WAIT_SECONDS - 0.05 <= waited < WAIT_SECONDS + 10.0  # not the 30 s session timeout
    assert (say["text"], say["siteId"], say["lang"]) == ("Sorry, I can't do that yet.", "study", "en")
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    assert ended["termination"] == {"reason": "error", "error": "no skill answered the intent"}


async def test_a_sentences_only_skill_answered_in_time_is_the_only_answer(
    patient_server: Any, probe: Probe
) -> None:
    session = await _water_the_lawn(probe)
    await asyncio.sleep(0.3)
    end = DialogueEndSession(session_id=session, text="Watering the lawn for ten minutes.")
    await probe.publish(DialogueEndSession.topic(), end.payload())
    await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session))
    await asyncio.sleep(PATIENT_SECONDS + 1)
    assert _answers(probe, session) == [
        ("hermes/tts/say", "Watering the lawn for ten minutes."),
        ("hermes/dialogueManager/sessionEnded", "nominal"),
    ]


async def test_a_skill_that_asks_back_in_time_keeps_the_session(patient_server: Any, probe: Probe) -> None:
    session = await _water_the_lawn(probe, lang="zh")
    question = DialogueContinueSession(session_id=session, text="哪块草地？")
    await probe.publish(DialogueContinueSession.topic(), question.payload())
    await asyncio.sleep(PATIENT_SECONDS + 1)
    assert _answers(probe, session) == [("hermes/tts/say", "哪块草地？")]


async def test_a_skill_that_only_speaks_is_an_answer_too(patient_server: Any, probe: Probe) -> None:
    session = await _water_the_lawn(probe)
    said = TtsSay(text="Sprinklers on.", site_id="kitchen", session_id=session, id="outside-1")
    await probe.publish(TtsSay.topic(), said.payload())
    await asyncio.sleep(PATIENT_SECONDS + 1)
    assert _answers(probe, session) == [("hermes/tts/say", "Sprinklers on.")]


async def _water_the_lawn_answered_first(
    probe: Probe, answer: TtsSay | DialogueEndSession, topic: str
) -> str:
    """The skill's answer reaches the server before the intent it answers (the broker may order a quick
    skill's answer and the intent either way: they come from two clients)."""
    session = answer.session_id
    assert session
    await probe.publish(topic, answer.payload())
    await asyncio.sleep(0.2)
    query = NluQuery(input="water the lawn for ten minutes", site_id="kitchen", session_id=session, lang="en")
    await probe.publish(NluQuery.topic(), query.payload())
    await probe.wait_for("hermes/intent/garden.water", _has(session))
    return session


async def test_a_say_that_comes_before_its_intent_is_the_answer(patient_server: Any, probe: Probe) -> None:
    said = TtsSay(text="Sprinklers on.", site_id="kitchen", session_id=uuid.uuid4().hex, id="outside-2")
    session = await _water_the_lawn_answered_first(probe, said, TtsSay.topic())
    await asyncio.sleep(PATIENT_SECONDS + 1)
    assert _answers(probe, session) == [("hermes/tts/say", "Sprinklers on.")]


async def test_an_end_before_its_intent_is_spoken_and_ends_the_session(
    patient_server: Any, probe: Probe
) -> None:
    end = DialogueEndSession(session_id=uuid.uuid4().hex, text="Watering the lawn.")
    session = await _water_the_lawn_answered_first(probe, end, DialogueEndSession.topic())
    ended = await probe.wait_for("hermes/dialogueManager/sessionEnded", _has(session), timeout_seconds=15)
    assert ended["termination"]["reason"] == "nominal"
    await asyncio.sleep(PATIENT_SECONDS + 1)
    assert _answers(probe, session) == [
        ("hermes/tts/say", "Watering the lawn."),
        ("hermes/dialogueManager/sessionEnded", "nominal"),
    ]


async def test_an_answer_after_the_sorry_is_not_spoken(server: Any, probe: Probe) -> None:
    session = await _water_the_lawn(probe, lang="zh")
    say = await probe.wait_for("hermes/tts/say", _has(session), timeout_seconds=15)
    assert say["text"] == "抱歉，我还不会这个。"
    late = DialogueEndSession(session_id=session, text="正在给草地浇水。")
    await probe.publish(DialogueEndSession.topic(), late.payload())
    await asyncio.sleep(0.5)
    assert _answers(probe, session) == [
        ("hermes/tts/say", "抱歉，我还不会这个。"),
        ("hermes/dialogueManager/sessionEnded", "error"),
    ]
