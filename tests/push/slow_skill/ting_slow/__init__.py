"""Test-only skill slower than ``chat.reply_within_seconds``: the chat slow-answer path."""

from __future__ import annotations

import asyncio
from pathlib import Path

from ting.skills.sdk import IntentRequest, Response, Services, Skill

DELAY_SECONDS = 3.0

skill = Skill("slow_report", sentences=Path(__file__).parent / "sentences", description="answers slowly")


@skill.handle("slow.report")
async def report(request: IntentRequest, services: Services) -> Response:
    await asyncio.sleep(DELAY_SECONDS)
    return Response(text="报告查好了" if request.lang == "zh" else "The report is ready.")
