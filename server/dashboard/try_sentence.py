"""Try a sentence: what the NLU makes of it for a site and a language (intent, slots, alternatives), and
the installed skills with their intents. Nothing is run: the skills are not asked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ting.nlu.result import Recognition
from ting.server.dashboard.context import Context
from ting.server.dashboard.render import NavItem, state_of
from ting.server.dashboard.rooms import sites
from ting.server.runtime import SkillRuntime

NAV = NavItem("/ui/try", "try")
MAX_ALTERNATIVES = 3


@dataclass(frozen=True)
class Understood:
    best: Recognition | None
    alternatives: tuple[Recognition, ...]


def understand(runtime: SkillRuntime, text: str, *, lang: str | None, site_id: str) -> Understood:
    """The best intent, then the next best: each found again with the intents before it left out."""
    found: list[Recognition] = []
    remaining = set(runtime.recognizer.intents)
    while remaining and len(found) <= MAX_ALTERNATIVES:
        result = runtime.understand(text, lang=lang, site_id=site_id, intent_filter=sorted(remaining))
        if result is None:
            break
        found.append(result)
        remaining.discard(result.intent_name)
    return Understood(found[0] if found else None, tuple(found[1:]))


def routes(router: APIRouter, ctx: Context) -> None:
    auth, renderer = ctx.auth, ctx.renderer

    @router.get(NAV.path)
    async def try_sentence(request: Request, text: str = "", site: str = "", lang: str = "") -> HTMLResponse:
        session = auth.require(request)
        state = state_of(request)
        runtime = state.runtime
        text = text.strip()
        error = None
        understood = None
        if len(text) > runtime.max_input_chars:
            error = f"at most {runtime.max_input_chars} characters (nlu.max_input_chars)"
        elif text:
            chosen = lang if lang in ("zh", "en") else None
            understood = understand(runtime, text, lang=chosen, site_id=site or "default")
        skills: list[dict[str, Any]] = [
            {"name": s.name, "description": s.description, "intents": sorted(s.handlers)}
            for s in runtime.skills.skills
        ]
        return renderer.page(
            request, session, "try.html", title_key="try", text=text, site=site, chosen_lang=lang,
            sites=[row.id for row in sites(state)], understood=understood, error=error, skills=skills,
        )  # fmt: skip
