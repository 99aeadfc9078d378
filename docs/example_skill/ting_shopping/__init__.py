"""Example ting skill: a shopping list kept in the skill's store, sent to the family's chat on request.

"add milk to the shopping list" -> "Added milk to your shopping list. Anything else?"
and the session stays open for "and eggs" / "no thanks".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ting.skills.sdk import IntentRequest, Phrases, Response, Services, Skill
from ting.skills.sdk.speech import say_moment, say_number

_LOGGER = logging.getLogger(__name__)

ITEMS_KEY = "items"
CLEARED_KEY = "cleared_at"


@dataclass(frozen=True)
class ShoppingSettings:
    """``[skills.shopping]`` in ting.toml."""

    max_items: int = 30
    """The list refuses more items than this."""
    push_event: str = "shopping.list"
    """The event "send the shopping list to my phone" pushes (route it with a ``[[push_rules]]``)."""


skill = Skill(
    "shopping",
    sentences=Path(__file__).parent / "sentences",
    description="keeps a shopping list",
    settings=ShoppingSettings,
)

say = Phrases(
    {
        "added": {
            "en": "Added {item} to your shopping list. Anything else?",
            "zh": "已把{item}加到购物清单。还要别的吗？",
        },
        "full": {"en": "The list is full: {count} items.", "zh": "清单满了，已经有{count}样东西。"},
        "what": {"en": "What should I add?", "zh": "要加什么？"},
        "list": {"en": "On your shopping list: {items}.", "zh": "购物清单上有：{items}。"},
        "empty": {"en": "Your shopping list is empty.", "zh": "购物清单是空的。"},
        "cleared": {"en": "Your shopping list is empty since {when}.", "zh": "购物清单从{when}起是空的。"},
        "done": {"en": "Cleared the shopping list.", "zh": "购物清单清空了。"},
        "sent": {"en": "Sent the list to your phone.", "zh": "清单发到手机上了。"},
        "no_channel": {"en": "No chat is set up to send it to.", "zh": "还没有配置可以发送的微信。"},
    }
).say


@skill.on_start
async def start(services: Services) -> None:
    # Runs once when the server starts, after the store is open: a place to open connections.
    items: list[str] = await services.store.get(ITEMS_KEY, [])
    _LOGGER.info("shopping list: %d items", len(items))


@skill.handle("shopping.add")
async def add(request: IntentRequest, services: Services) -> Response:
    settings = services.config(ShoppingSettings)
    item = str(request.slots.get("item") or "").strip()
    if not item:
        return Response(text=say("what", request.lang), expect=("shopping.add",), ok=False)
    items: list[str] = await services.store.get(ITEMS_KEY, [])
    if len(items) >= settings.max_items:
        count = say_number(len(items), request.lang)
        return Response(text=say("full", request.lang, count=count), data={"items": items}, ok=False)
    items.append(item)
    await services.store.put(ITEMS_KEY, items)
    _LOGGER.debug("shopping list: %s", items)
    # `expect` keeps the session open: the next utterance may be another item or "no thanks".
    return Response(
        text=say("added", request.lang, item=item),
        data={"items": items},
        expect=("shopping.add", "system.cancel"),
    )


@skill.handle("shopping.list")
async def list_items(request: IntentRequest, services: Services) -> Response:
    items: list[str] = await services.store.get(ITEMS_KEY, [])
    if items:
        return Response(text=_spoken_list(items, request.lang), data={"items": items})
    cleared: str | None = await services.store.get(CLEARED_KEY)
    if cleared is None:
        return Response(text=say("empty", request.lang), data={"items": []})
    # Stored as ISO text (the store holds JSON); said as "today at 7:05 PM" / 今天晚上七点零五分.
    when = say_moment(datetime.fromisoformat(cleared), services.clock.now().date(), request.lang)
    return Response(text=say("cleared", request.lang, when=when), data={"items": []})


def _spoken_list(items: list[str], lang: str) -> str:
    # A list read out item by item ("milk, eggs, bread"); speech.join_list would say "milk, eggs and bread".
    separator = "、" if lang == "zh" else ", "
    return say("list", lang, items=separator.join(items))


@skill.handle("shopping.clear")
async def clear(request: IntentRequest, services: Services) -> Response:
    await services.store.put(ITEMS_KEY, [])
    await services.store.put(CLEARED_KEY, services.clock.now().isoformat())
    return Response(text=say("done", request.lang), data={"items": []})


@skill.handle("shopping.send")
async def send(request: IntentRequest, services: Services) -> Response:
    event = services.config(ShoppingSettings).push_event
    if not services.push.channels_for(event):
        return Response(text=say("no_channel", request.lang), ok=False)
    items: list[str] = await services.store.get(ITEMS_KEY, [])
    text = _spoken_list(items, request.lang) if items else say("empty", request.lang)
    await services.push.notify(event, text, {"items": items})
    return Response(text=say("sent", request.lang), data={"items": items})
