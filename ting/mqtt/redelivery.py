"""Dropping QoS 1 redeliveries of messages already handed to the consumer.

A QoS 1 message is delivered at least once: when the broker does not see our PUBACK (the
connection or the broker went down just after it sent the message), it sends the message again
with the DUP flag after the reconnect, and a query would be answered twice. A redelivery is
recognized by its DUP flag and its content (the broker resends the stored message byte for byte);
a message without the flag is never dropped, so two identical messages a device really sent both
arrive.
"""

from __future__ import annotations

from collections import OrderedDict

MAX_REMEMBERED = 10_000
"""Recent messages remembered: more than a broker holds in flight for one client (mosquitto's
``max_inflight_messages`` is 20 by default; ting's test and benchmark brokers allow more)."""


class RedeliveryFilter:
    def __init__(self, max_remembered: int = MAX_REMEMBERED) -> None:
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._max = max_remembered
        self.dropped = 0
        """Redeliveries dropped so far."""

    def is_redelivery(self, topic: str, payload: bytes, dup: bool) -> bool:
        """True for a DUP message already seen; otherwise remembers it and returns False."""
        key = hash((topic, payload))
        if dup and key in self._seen:
            self.dropped += 1
            return True
        self._seen[key] = None
        self._seen.move_to_end(key)
        if len(self._seen) > self._max:
            self._seen.popitem(last=False)
        return False
