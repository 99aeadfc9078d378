"""What alarms say when one was missed, in both languages ("You missed the reminder for on Tuesday")."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from ting.server.alarms.phrases import missed_text
from ting.skills.sdk.alarms import Item, ItemKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("kind", "lang", "due", "message", "said"),
    [
        (ItemKind.REMINDER, "en", datetime(2026, 11, 17, 20, 0, tzinfo=SHANGHAI), "call mom",
         "You missed the reminder for Tuesday, November 17 at 8:00 PM: call mom."),
        (ItemKind.ALARM, "en", datetime(2026, 11, 24, 7, 0, tzinfo=SHANGHAI), None,
         "You missed the alarm for today at 7:00 AM."),
        (ItemKind.TIMER, "zh", datetime(2026, 11, 24, 7, 0, tzinfo=SHANGHAI), None,
         "错过了今天早上七点的计时器。"),
        (ItemKind.REMINDER, "zh", datetime(2026, 11, 17, 20, 0, tzinfo=SHANGHAI), "给妈妈打电话",
         "错过了11月17日星期二晚上八点的提醒：给妈妈打电话。"),
    ],
)  # fmt: skip
def test_missed_text(kind: ItemKind, lang: str, due: datetime, message: str | None, said: str) -> None:
    item = Item(kind=kind, site_id="den", due_unix=due.timestamp(), lang=lang, message=message)
    assert missed_text(item, due, TODAY) == said
