"""docs/hermes.md lists every Hermes topic the server and the device agent subscribe to, so the page cannot
fall behind the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[2] / "docs" / "hermes.md"


def documented_topics(section: str) -> set[str]:
    """The topic filters in the first column of the section's table (``<siteId>`` as ``+``; a bare
    ``toggleOn`` after ``hermes/hotword/toggleOff`` is its sibling)."""
    text = DOC.read_text().split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    topics: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("| `"):
            continue
        last = ""
        for name in re.findall(r"`([^`]+)`", line.split(" | ", 1)[0]):
            if "/" not in name and last:
                name = last.rsplit("/", 1)[0] + "/" + name
            last = name
            topics.add(re.sub(r"<[^>]+>", "+", name))
    return topics


def hermes_filters(filters: Any, site_id: str | None = None) -> set[str]:
    """Hermes filters, with the site's own id as ``+``."""
    found = {f for f in filters if f.startswith("hermes/")}
    return {f.replace(f"/{site_id}/", "/+/") for f in found} if site_id else found


async def test_every_server_subscription_is_documented(server: Any) -> None:
    subscribed = hermes_filters(server.state.router.subscriptions())
    assert len(subscribed) >= 10
    assert subscribed - documented_topics("The server") == set()


def test_the_device_section_names_the_topics_it_honours() -> None:
    device = documented_topics("The device")
    assert {
        "hermes/hotword/toggleOff",
        "hermes/hotword/toggleOn",
        "hermes/asr/startListening",
        "hermes/asr/stopListening",
        "hermes/feedback/sound/toggleOff",
        "hermes/feedback/sound/toggleOn",
        "hermes/audioServer/+/playBytes/+",
        "hermes/dialogueManager/endSession",
    } <= device
