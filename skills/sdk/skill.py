"""``Skill``: sentences (data files) plus async handlers registered with a decorator."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from ting.errors import SkillError
from ting.skills.sdk.request import IntentRequest
from ting.skills.sdk.response import Response
from ting.skills.sdk.schedules import ScheduleHandler
from ting.skills.sdk.services import Services

_LOGGER = logging.getLogger(__name__)

Handler = Callable[[IntentRequest, Services], Awaitable[Response]]
StartHook = Callable[[Services], Awaitable[None]]


@dataclass
class Skill:
    """A skill: a name, a folder of sentence files, and a handler per intent.

    ``sentences`` is a folder holding ``en.yaml`` / ``zh.yaml`` (see docs/skills.md). A skill with
    no handlers is a *sentences-only* skill: ting understands its intents and publishes them on
    ``hermes/intent/<name>`` for a Hermes skill that runs elsewhere.
    """

    name: str
    sentences: Path
    description: str = ""
    settings: type[object] | None = None
    """The class of this skill's ``[skills.<name>]`` table (a frozen dataclass with defaults); the
    checked table is ``services.settings``. None: the skill takes no settings."""
    handlers: dict[str, Handler] = field(default_factory=dict)
    start_hooks: list[StartHook] = field(default_factory=list)
    schedule_handler: ScheduleHandler | None = None
    """Runs each occurrence of the skill's daily jobs (``services.schedules``)."""

    def handle(self, *intents: str) -> Callable[[Handler], Handler]:
        """Register the decorated coroutine as the handler of ``intents``."""

        def register(handler: Handler) -> Handler:
            for intent in intents:
                if intent in self.handlers:
                    raise SkillError(f"skill {self.name}: intent {intent} has two handlers")
                self.handlers[intent] = handler
            return handler

        return register

    def on_start(self, hook: StartHook) -> StartHook:
        """Register a coroutine run once when the server starts (after the store is open)."""
        self.start_hooks.append(hook)
        return hook

    def on_schedule(self, handler: ScheduleHandler) -> ScheduleHandler:
        """Register the coroutine that runs each occurrence of this skill's daily jobs."""
        if self.schedule_handler is not None:
            raise SkillError(f"skill {self.name}: on_schedule is registered twice")
        self.schedule_handler = handler
        return handler

    def sentence_files(self) -> dict[str, Path]:
        """Language code -> sentence file."""
        if not self.sentences.is_dir():
            raise SkillError(f"skill {self.name}: sentence folder {self.sentences} does not exist")
        return {path.stem: path for path in sorted(self.sentences.glob("*.yaml"))}
