"""The push skill: "send that to my WeChat" forwards the last answer on this site to the chats."""

from __future__ import annotations

import uuid
from pathlib import Path

from ting.skills.sdk import IntentRequest, Response, Services, Skill

FORWARD_EVENT = "answer.forwarded"

skill = Skill(
    "push",
    sentences=Path(__file__).parent / "sentences",
    description="sends the last answer to WeChat / WeCom",
)

_SAY = {
    "sent": {"zh": "好的，已发到微信。", "en": "Done, I sent it to WeChat."},
    "nothing": {"zh": "还没有可以发送的回答。", "en": "There is nothing to send yet."},
    "no_channel": {"zh": "还没有配置微信推送。", "en": "No WeChat channel is set up yet."},
}


def _say(key: str, lang: str) -> str:
    return _SAY[key]["zh" if lang == "zh" else "en"]


@skill.handle("push.send_last")
async def send_last(request: IntentRequest, services: Services) -> Response:
    last = services.answers.last(request.site_id)
    if last is None:
        return Response(text=_say("nothing", request.lang), ok=False)
    if not services.push.channels_for(FORWARD_EVENT):
        return Response(text=_say("no_channel", request.lang), ok=False)
    await services.push.notify(
        FORWARD_EVENT, last.text, {"id": uuid.uuid4().hex, "site_id": request.site_id, "intent": last.intent}
    )
    return Response(text=_say("sent", request.lang), data={"forwarded": last.text})
