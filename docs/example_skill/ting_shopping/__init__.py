"""Example ting skill: a shopping list kept in the skill's store.

"add milk to the shopping list" -> "Added milk to your shopping list. Anything else?"
and the session stays open for "and eggs" / "no thanks".
"""

from __future__ import annotations

import logging
from pathlib import Path

from ting.skills.sdk import IntentRequest, Response, Services, Skill

_LOGGER = logging.getLogger(__name__)

ITEMS_KEY = "items"

skill = Skill(
    "shopping",
    sentences=Path(__file__).parent / "sentences",
    description="keeps a shopping list",
)

PHRASES = {
    "added": {
        "en": "Added {item} to your shopping list. Anything else?",
        "zh": "已把{item}加到购物清单。还要别的吗？",
    },
    "empty": {"en": "Your shopping list is empty.", "zh": "购物清单是空的。"},
    "list": {"en": "On your shopping list: {items}.", "zh": "购物清单上有：{items}。"},
    "what": {"en": "What should I add?", "zh": "要加什么？"},
}


def say(key: str, lang: str, **values: str) -> str:
    table = PHRASES[key]
    return table.get(lang, table["en"]).format(**values)


@skill.handle("shopping.add")
async def add(request: IntentRequest, services: Services) -> Response:
    item = str(request.slots.get("item") or "").strip()
    if not item:
        return Response(text=say("what", request.lang), expect=("shopping.add",), ok=False)
    items: list[str] = await services.store.get(ITEMS_KEY, [])
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
    if not items:
        return Response(text=say("empty", request.lang), data={"items": []})
    separator = "、" if request.lang == "zh" else ", "
    return Response(text=say("list", request.lang, items=separator.join(items)), data={"items": items})
