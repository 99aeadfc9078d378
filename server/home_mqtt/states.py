"""The last known state of devices whose backend tells ting about changes, and waiting for one.

A backend fed by MQTT learns states from the devices' own messages (Zigbee2MQTT's state topic,
Tasmota's ``stat``/``tele``), whoever caused them: a wall switch, an app, ting. A command is
confirmed by waiting here for the state it asked for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ting.errors import DeviceUnavailableError, HomeError
from ting.skills.sdk import DeviceState

Wanted = Callable[[DeviceState], bool]


class DeviceStates:
    """States and availability by device id; ``reason`` says why a device is unavailable."""

    def __init__(self, device_ids: list[str], *, name: str) -> None:
        self._name = name
        self._states: dict[str, DeviceState | None] = dict.fromkeys(device_ids)
        self._offline: dict[str, str] = {}
        self._backend_down: str | None = f"{name} not connected yet"
        self._changed = asyncio.Condition()

    def known(self, device_id: str) -> bool:
        return device_id in self._states

    def state(self, device_id: str) -> DeviceState | None:
        """The last state seen, None before the first."""
        return self._states.get(device_id)

    def reported(self, device_id: str) -> DeviceState | None:
        """The last state seen, ``available=False`` while the device cannot be reached (then a bare
        ``DeviceState(available=False)`` when none was seen); None: nothing known yet."""
        state = self._states.get(device_id)
        if self.unavailable(device_id) is None:
            return state
        return replace(state or DeviceState(), available=False)

    def all(self, *, reachable: bool = True) -> dict[str, DeviceState]:
        """Every device with a known state, ``available`` as ``reported`` says (all unavailable when the
        backend's broker is not ``reachable``)."""
        states = {device_id: self.reported(device_id) for device_id in self._states}
        if not reachable:
            states = {device_id: replace(state or DeviceState(), available=False)
                      for device_id, state in states.items() if state is not None}  # fmt: skip
        return {device_id: state for device_id, state in states.items() if state is not None}

    async def update(self, device_id: str, **changes: Any) -> None:
        """Merge ``changes`` (fields of ``DeviceState``) into the device's state and wake the waiters."""
        async with self._changed:
            current = self._states.get(device_id) or DeviceState()
            self._states[device_id] = replace(current, **changes)
            self._changed.notify_all()

    def set_available(self, device_id: str, available: bool, reason: str = "offline") -> None:
        if available:
            self._offline.pop(device_id, None)
        else:
            self._offline[device_id] = reason

    def set_backend_down(self, reason: str | None) -> None:
        """The broker or bridge is away (``reason``), or back (None): every device follows."""
        self._backend_down = reason

    def unavailable(self, device_id: str) -> str | None:
        """Why the device cannot be reached now, or None."""
        return self._backend_down or self._offline.get(device_id)

    def check_available(self, device_id: str) -> None:
        reason = self.unavailable(device_id)
        if reason is not None:
            raise DeviceUnavailableError(f"{device_id}: {reason}")

    async def wait_for(self, device_id: str, wanted: Wanted, timeout_seconds: float) -> DeviceState:
        """The device's state once ``wanted`` holds for it; ``HomeError`` when it does not in time."""

        def ready() -> bool:
            state = self._states.get(device_id)
            return state is not None and wanted(state)

        try:
            async with asyncio.timeout(timeout_seconds), self._changed:
                await self._changed.wait_for(ready)
        except TimeoutError:
            self.check_available(device_id)  # went offline meanwhile: say so rather than "no answer"
            raise HomeError(
                f"{device_id}: {self._name} did not report the new state within {timeout_seconds:g} s"
            ) from None
        state = self._states[device_id]
        assert state is not None
        return state
