"""The shopping skill's own tests, written with ting's kit: real sentences, real handlers, no server."""

from __future__ import annotations

import pytest
from ting.errors import ConfigError
from ting.skills.sdk.testing import SkillHarness

from ting_shopping import ShoppingSettings, skill

NOW = "2026-12-02T19:05:00"  # household time (Asia/Shanghai unless `zone=` says otherwise)


@pytest.fixture
async def harness() -> SkillHarness:
    return await SkillHarness.create(skill, now=NOW)


async def test_add_in_both_languages_then_list(harness: SkillHarness) -> None:
    added = await harness.ask("add oat milk to my shopping list", lang="en")
    assert added.text == "Added oat milk to your shopping list. Anything else?"
    assert added.expect == ("shopping.add", "system.cancel")  # the session stays open
    await harness.ask("把鸡蛋加到购物清单", lang="zh")
    assert await harness.services.store.get("items") == ["oat milk", "鸡蛋"]
    listed = await harness.ask("what's on my shopping list", lang="en")
    assert listed.text == "On your shopping list: oat milk, 鸡蛋."
    assert (await harness.ask("购物清单里有什么", lang="zh")).text == "购物清单上有：oat milk、鸡蛋。"


async def test_sentences_fill_the_item_slot(harness: SkillHarness) -> None:
    recognition = harness.understand("put a dozen eggs on the shopping list", lang="en")
    assert recognition is not None and recognition.intent_name == "shopping.add"
    assert recognition.slot_values() == {"item": "a dozen eggs"}
    assert harness.understand("I like turtles", lang="en") is None


async def test_cleared_list_says_when(harness: SkillHarness) -> None:
    await harness.ask("add milk to the shopping list", lang="en")
    assert (await harness.ask("clear the shopping list", lang="en")).text == "Cleared the shopping list."
    harness.clock.advance(3600)
    assert (await harness.ask("what's on my shopping list", lang="en")).text == (
        "Your shopping list is empty since today at 7:05 PM."
    )
    assert (await harness.ask("读一下购物清单", lang="zh")).text == "购物清单从今天晚上七点零五分起是空的。"


async def test_the_list_is_sent_as_the_configured_event(harness: SkillHarness) -> None:
    await harness.ask("add bread to the shopping list", lang="en")
    sent = await harness.ask("send the shopping list to my phone", lang="en")
    assert sent.text == "Sent the list to your phone."
    assert harness.push.sent == [("shopping.list", "On your shopping list: bread.", {"items": ["bread"]})]
    harness.push.channels = ()  # no [[push_rules]] route for the event
    refused = await harness.ask("把购物清单发到手机", lang="zh")
    assert (refused.text, refused.ok) == ("还没有配置可以发送的微信。", False)


async def test_settings_from_a_table_like_ting_toml() -> None:
    # [skills.shopping]
    # max_items = 2
    harness = await SkillHarness.create(skill, now=NOW, settings={"max_items": 2})
    assert harness.services.config(ShoppingSettings).max_items == 2
    for item in ("milk", "eggs"):
        await harness.ask(f"add {item} to the shopping list", lang="en")
    full = await harness.ask("add tea to the shopping list", lang="en")
    assert (full.text, full.ok) == ("The list is full: 2 items.", False)
    with pytest.raises(ConfigError, match=r"skills\.shopping\.max_items: Input should be a valid integer"):
        await SkillHarness.create(skill, settings={"max_items": "many"})
