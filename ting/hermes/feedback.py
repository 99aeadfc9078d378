"""Feedback messages (Snips): the sounds a site plays around listening (its earcons), on or off."""

from __future__ import annotations

from dataclasses import dataclass

from ting.hermes.base import Message, SiteId


@dataclass
class FeedbackSoundToggleOn(Message):
    """Play the listening sounds on ``siteId`` again."""

    TOPIC = "hermes/feedback/sound/toggleOn"

    site_id: SiteId = "default"


@dataclass
class FeedbackSoundToggleOff(Message):
    """Play no listening sounds on ``siteId`` (answers are still spoken)."""

    TOPIC = "hermes/feedback/sound/toggleOff"

    site_id: SiteId = "default"
