"""Models the server trained for the devices' wake phrases and barge-in stop phrases (retained).

The model file (``.npz``, ``ting.device.wake.classifier``) travels base64-encoded in JSON: it is a few
hundred kilobytes at most (int8 weights), well under ``mqtt.max_payload_bytes``. The topic is named by
a hash of the language and phrase (``phrase_key``): any phrase, in any script, is one topic level, and
two devices with the same phrase share one model.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Annotated, ClassVar, Self

from ting.errors import MessageError
from ting.hermes.base import Message, TopicLevel

MAX_MODEL_BYTES = 160 * 1024
"""The largest model accepted (a ting model is ~120 kB; base64 makes the payload a third larger, which
still fits the default ``mqtt.max_payload_bytes`` of 256 kB)."""

MAX_PAYLOAD_BYTES = 256 * 1024
"""The default ``mqtt.max_payload_bytes``: a stop model with its alone check (~120 + ~60 kB, base64) fits;
one that would not is sent without the check (``ting.server.wake_models``)."""


def phrase_key(lang: str, phrase: str) -> str:
    """The topic level of a (language, phrase): 16 hex digits of their SHA-256."""
    return hashlib.sha256(f"{lang}\n{phrase}".encode()).hexdigest()[:16]


@dataclass
class WakeModelAnnouncement(Message):
    """Retained on ``ting/wake/model/<key>`` (``phrase_key(lang, phrase)``); a device whose phrase for
    ``lang`` is ``phrase`` installs it and listens with it from then on."""

    TOPIC = "ting/wake/model/{key}"
    KIND: ClassVar[str] = "wake"
    """What the model spots, in error messages."""

    key: Annotated[str, TopicLevel()]
    lang: str
    phrase: str
    model: str
    """The ``.npz`` file, base64."""
    checksum: str
    """SHA-256 (hex) of the decoded file: damage shows, and a device keeps a model it has already."""
    trained: str = ""
    """When (ISO 8601, UTC)."""

    @classmethod
    def of(cls, lang: str, phrase: str, data: bytes, trained: str = "") -> Self:
        return cls(
            key=phrase_key(lang, phrase),
            lang=lang,
            phrase=phrase,
            model=base64.b64encode(data).decode("ascii"),
            checksum=hashlib.sha256(data).hexdigest(),
            trained=trained,
        )

    def model_bytes(self) -> bytes:
        """The model file, checked: size, base64, checksum and key; ``MessageError`` says what is wrong."""
        name = f"{self.KIND} model for {self.phrase!r} ({self.lang})"
        too_big = f"at most {MAX_MODEL_BYTES} are accepted"
        if len(self.model) > (MAX_MODEL_BYTES + 2) // 3 * 4:  # before decoding it
            raise MessageError(f"{name} is about {len(self.model) * 3 // 4} bytes; {too_big}")
        try:
            data = base64.b64decode(self.model, validate=True)
        except (binascii.Error, ValueError) as error:
            raise MessageError(f"{name} is not base64: {error}") from None
        if len(data) > MAX_MODEL_BYTES:  # the last base64 quantum may hold up to 2 bytes more
            raise MessageError(f"{name} is {len(data)} bytes; {too_big}")
        if hashlib.sha256(data).hexdigest() != self.checksum:
            raise MessageError(f"{name} does not match its checksum (damaged)")
        if self.key != phrase_key(self.lang, self.phrase):
            raise MessageError(f"{name} published under key {self.key!r}")
        return data


@dataclass
class StopModelAnnouncement(WakeModelAnnouncement):
    """Retained on ``ting/wake/stop/<key>``: a model for a barge-in stop or pause phrase
    (``device.stop_phrases`` / ``pause_phrases``); a device with ``phrase`` among its phrases for ``lang``
    installs it in ``<models_dir>/stop/`` and its barge-in listener hears the phrase with it. Same payload as
    a wake model; a topic of its own, so a phrase can be both without the two models meeting."""

    TOPIC = "ting/wake/stop/{key}"
    KIND: ClassVar[str] = "stop phrase"

    alone_check: str = ""
    """The phrase's alone check (``ting.device.wake.alone_check``: a stop phrase that sounds like part of a
    wake phrase, 停 and "hey ting"), base64; empty without one. Sent with the model it was trained beside,
    so a device never pairs a check with another model. ~60 kB: with the model the payload stays under
    ``mqtt.max_payload_bytes``."""
    alone_checksum: str = ""
    """SHA-256 (hex) of the decoded check."""

    @classmethod
    def with_check(cls, lang: str, phrase: str, data: bytes, trained: str = "", check: bytes = b"") -> Self:
        """The model ``data`` and, when not empty, its alone check ``check``."""
        announcement = cls.of(lang, phrase, data, trained)
        if check:
            announcement.alone_check = base64.b64encode(check).decode("ascii")
            announcement.alone_checksum = hashlib.sha256(check).hexdigest()
        return announcement

    def alone_check_bytes(self) -> bytes | None:
        """The alone check's file, checked as the model is (``MessageError``), or None without one."""
        if not self.alone_check:
            return None
        name = f"the alone check for {self.phrase!r} ({self.lang})"
        if len(self.alone_check) > (MAX_MODEL_BYTES + 2) // 3 * 4:
            raise MessageError(f"{name} is about {len(self.alone_check) * 3 // 4} bytes; too big")
        try:
            data = base64.b64decode(self.alone_check, validate=True)
        except (binascii.Error, ValueError) as error:
            raise MessageError(f"{name} is not base64: {error}") from None
        if hashlib.sha256(data).hexdigest() != self.alone_checksum:
            raise MessageError(f"{name} does not match its checksum (damaged)")
        return data
