"""Alarms, timers and reminders: durable items, a heap scheduler, ringing on the right device.

``model`` (the item), ``recurrence`` (next occurrence of a wall-clock rule, workday calendars),
``store`` (``AlarmStore``: SQLite and PostgreSQL, atomic claims), ``scheduler`` (heap + one
sleeping task), ``service`` (what skills and the HTTP API call), ``api`` (HTTP routes).
The contract with devices is in docs/alarms.md.
"""

from ting.server.alarms.service import AlarmService
from ting.skills.sdk.alarms import Item, ItemKind, ItemState

__all__ = ["AlarmService", "Item", "ItemKind", "ItemState"]
