"""Building the server's parts from settings: household, skills, recognizer, services."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ting.nlu import IntentRecognizer, SentenceFile
from ting.nlu.registry import Household, load_household
from ting.server.push.last_answers import LAST_ANSWERS_EXTRA, LastAnswers
from ting.server.runtime import SkillRuntime
from ting.server.services import EventPush, EventSink, MemoryScheduler, ZoneClock
from ting.server.store.base import Store
from ting.settings import Settings
from ting.skills.home import BACKEND_EXTRA
from ting.skills.home.backend import HomeBackend
from ting.skills.home.simulated import SimulatedHome
from ting.skills.sdk import Services
from ting.skills.sdk.loader import LOADED_SKILLS_EXTRA, LoadedSkills, load_skills

_LOGGER = logging.getLogger(__name__)

EVENT_TOPIC = "ting/event/{name}"
HOME_STATE_NAMESPACE = "home"
"""Store namespace of the simulated devices' state."""


@dataclass
class EventBus:
    """Skill events (reminders due, alarms missed ...) for the push layer, published on MQTT."""

    publisher: Any = None
    """Anything with ``publish_raw(topic, payload)``; attached once the MQTT client is up."""
    pending: list[tuple[str, bytes]] = field(default_factory=list)
    listeners: list[EventSink] = field(default_factory=list)
    """Called with every event before it is published (the push layer's outbox)."""

    async def emit(self, name: str, data: Mapping[str, Any]) -> None:
        for listener in self.listeners:
            try:
                await listener(name, data)
            except Exception:  # a failing listener must not lose the MQTT event
                _LOGGER.exception("event listener failed on %s", name)
        topic = EVENT_TOPIC.format(name=name)
        payload = json.dumps(dict(data), ensure_ascii=False, default=str).encode()
        if self.publisher is None:
            self.pending.append((topic, payload))
            return
        await self.publisher.publish_raw(topic, payload)

    async def attach(self, publisher: Any) -> None:
        self.publisher = publisher
        pending, self.pending = self.pending, []
        for topic, payload in pending:
            await publisher.publish_raw(topic, payload)


async def build_runtime(
    settings: Settings,
    store: Store,
    events: EventBus,
    *,
    alarms: Any = None,
    last_answers: LastAnswers | None = None,
) -> SkillRuntime:
    """Load the household and skills, compile the recognizer, start the skills."""
    household = load_household(settings.household.registry_file).with_sites(settings.household.sites)
    skills = load_skills(settings.skills)
    clock = ZoneClock(settings.household.timezone)
    scheduler = MemoryScheduler(clock, events.emit)
    push = EventPush(events.emit)
    home = await open_home_backend(store, household)
    last_answers = last_answers or LastAnswers()
    extras = {
        BACKEND_EXTRA: home,
        LOADED_SKILLS_EXTRA: skills,
        "alarms": alarms,
        LAST_ANSWERS_EXTRA: last_answers,
    }
    services = {
        skill.name: Services(
            store=store.view(skill.name),
            scheduler=scheduler,
            push=push,
            home=household,
            clock=clock,
            extras=extras,
        )
        for skill in skills.skills
    }
    await _start_skills(skills, services)
    files = [SentenceFile(skill=skill, lang=lang, path=path) for skill, lang, path in skills.sentence_files()]
    recognizer = IntentRecognizer.from_files(
        files, household, confidence_threshold=settings.nlu.confidence_threshold
    )
    return SkillRuntime(
        skills=skills,
        recognizer=recognizer,
        services=services,
        household=household,
        home=home,
        default_lang=settings.household.language,
        answer_listeners=[last_answers.record],
    )


async def open_home_backend(store: Store, household: Household) -> HomeBackend:
    """The devices' backend. Only the simulation exists yet; Home Assistant and MQTT backends plug in here."""
    return await SimulatedHome.load(store.view(HOME_STATE_NAMESPACE), household)


async def _start_skills(skills: LoadedSkills, services: Mapping[str, Services]) -> None:
    for skill in list(skills.skills):
        for hook in skill.start_hooks:
            try:
                await hook(services[skill.name])
            except Exception as error:  # a broken skill is reported and skipped
                _LOGGER.exception("skill %s failed to start; it is disabled", skill.name)
                skills.disable(skill.name, f"start failed: {error!r}")
                break
