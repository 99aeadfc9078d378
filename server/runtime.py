"""Skills at run time: understanding text and dispatching intents to handlers.

Transport-free: the Hermes service (MQTT) and the HTTP API both call it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from ting.errors import MessageError
from ting.hermes import NluIntent
from ting.nlu import IntentRecognizer, Recognition, detect_language
from ting.nlu.registry import Household
from ting.server.phrases import phrase
from ting.skills.sdk import HomeBackend, IntentRequest, Response, Services
from ting.skills.sdk.loader import LoadedSkills

_LOGGER = logging.getLogger(__name__)

Fallback = Callable[[str, str, str], Awaitable[Response]]
"""(text, language, site id) -> the answer to text no skill understood (Home Assistant's conversation)."""


@dataclass(frozen=True)
class TextAnswer:
    """The whole text path's result (HTTP and chat clients)."""

    text: str
    lang: str
    recognition: Recognition | None
    response: Response

    def to_dict(self) -> dict[str, Any]:
        recognition = self.recognition
        return {
            "input": recognition.text if recognition else None,
            "intent": recognition.intent_name if recognition else None,
            "confidence": recognition.confidence if recognition else 0.0,
            "slots": recognition.slot_values() if recognition else {},
            "lang": self.lang,
            "text": self.response.text,
            "ok": self.response.ok,
            "data": self.response.data,
            "expect": list(self.response.expect),
        }


class SkillRuntime:
    def __init__(
        self,
        *,
        skills: LoadedSkills,
        recognizer: IntentRecognizer,
        services: dict[str, Services],
        household: Household,
        home: HomeBackend,
        default_lang: str,
        handler_timeout_seconds: float = 10.0,
        answer_listeners: list[Callable[[IntentRequest, Response], None]] | None = None,
        notices: Callable[[str], list[str]] | None = None,
        max_input_chars: int = 1000,
        fallback: Fallback | None = None,
    ) -> None:
        self.skills = skills
        self.recognizer = recognizer
        self.household = household
        self.home = home
        """The household's device backend (also handed to skills)."""
        self._services = services
        self._default_lang = default_lang
        self._handler_timeout_seconds = handler_timeout_seconds
        self.answer_listeners = list(answer_listeners or [])
        """Told of every answer a skill gave (the push layer remembers the last one per site)."""
        self._notices = notices
        """Site id -> things to say before the next answer there (missed alarms)."""
        self.max_input_chars = max_input_chars
        self._fallback = fallback
        """Longer text is refused (``nlu.max_input_chars``): the recognizer's time grows with the text, and
        it runs on the event loop (250 KB once held it 1.5 s)."""

    def use_household(self, household: Household, recognizer: IntentRecognizer) -> None:
        """Take a new household (``ting.server.household_reload``): requests from now on are understood
        with ``recognizer`` and handled with it; skills get it in their services."""
        self.household = household
        self.recognizer = recognizer
        self._services = {
            name: replace(services, household=household) for name, services in self._services.items()
        }

    async def not_understood(self, text: str, lang: str, site_id: str) -> Response:
        """The answer to ``text`` that no skill understood: the fallback's (Home Assistant's conversation
        agent, when configured) or an apology."""
        if self._fallback is None or not text.strip():
            return Response(text=phrase("not_understood", lang), ok=False)
        return await self._fallback(text, lang, site_id)

    def check_input(self, text: str, *, site_id: str | None = None, session_id: str | None = None) -> None:
        """``MessageError`` (naming the site and session it came from) when ``text`` is longer than the NLU
        takes."""
        if len(text) > self.max_input_chars:
            raise MessageError(
                f"input is {len(text)} characters long; at most {self.max_input_chars} are understood "
                "(nlu.max_input_chars)",
                site_id=site_id,
                session_id=session_id,
            )

    def language(self, text: str, lang: str | None) -> str:
        return lang if lang in ("zh", "en") else detect_language(text) if text.strip() else self._default_lang

    def understand(
        self, text: str, *, lang: str | None, site_id: str, intent_filter: list[str] | None = None
    ) -> Recognition | None:
        return self.recognizer.recognize(
            text,
            lang=self.language(text, lang),
            area=self.household.area_for_site(site_id),
            intent_filter=intent_filter,
        )

    def request_for(self, intent: NluIntent) -> IntentRequest:
        return IntentRequest(
            intent=intent.intent.intent_name,
            slots=intent.slot_values(),
            raw_slots={slot.slot_name: slot.raw_value for slot in intent.slots},
            text=intent.input,
            lang=self.language(intent.input, intent.lang),
            site_id=intent.site_id,
            area=self.household.area_for_site(intent.site_id),
            session_id=intent.session_id,
            custom_data=intent.custom_data,
        )

    def can_handle(self, intent_name: str) -> bool:
        return self.skills.handler_for(intent_name) is not None

    async def handle(self, request: IntentRequest) -> Response:
        """Run the skill for ``request``, with any notice for its site said first."""
        response = await self._handle(request)
        notices = self._notices(request.site_id) if self._notices is not None else []
        if not notices:
            return response
        said = ("" if request.lang == "zh" else " ").join(notices)
        return replace(
            response, text=f"{said} {response.text}".strip(), data={**response.data, "notices": notices}
        )

    async def _handle(self, request: IntentRequest) -> Response:
        """Run the skill for ``request``. Failures become a spoken apology, never an exception."""
        found = self.skills.handler_for(request.intent)
        if found is None:
            return Response(text=phrase("no_skill", request.lang), ok=False)
        skill, handler = found
        try:
            async with asyncio.timeout(self._handler_timeout_seconds):
                response = await handler(request, self._services[skill.name])
            for listener in self.answer_listeners:
                listener(request, response)
            return response
        except TimeoutError:
            _LOGGER.error(
                "skill %s took longer than %.1f s on %s",
                skill.name,
                self._handler_timeout_seconds,
                request.intent,
            )
            return Response(text=phrase("skill_slow", request.lang), ok=False, data={"error": "timeout"})
        except Exception as error:  # a skill bug must not take the server down
            _LOGGER.exception("skill %s failed on %s", skill.name, request.intent)
            return Response(text=phrase("skill_failed", request.lang), ok=False, data={"error": repr(error)})

    async def answer_text(
        self,
        text: str,
        *,
        lang: str | None = None,
        site_id: str = "default",
        channel: str = "http",
        who: str | None = None,
    ) -> TextAnswer:
        """Text in, answer out: NLU then the skill, without MQTT."""
        language = self.language(text, lang)
        recognition = self.understand(text, lang=language, site_id=site_id)
        if recognition is None:
            return TextAnswer(text, language, None, await self.not_understood(text, language, site_id))
        request = IntentRequest(
            intent=recognition.intent_name,
            slots=recognition.slot_values(),
            raw_slots={slot.name: slot.raw_value for slot in recognition.slots},
            text=text,
            lang=language,
            site_id=site_id,
            area=self.household.area_for_site(site_id),
            channel=channel,
            who=who,
        )
        return TextAnswer(text, language, recognition, await self.handle(request))
