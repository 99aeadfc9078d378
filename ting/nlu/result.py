"""What the recognizer returns, and its conversion to Hermes messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ting.hermes.nlu import Intent, NluIntent, NluQuery, Slot, SlotRange


@dataclass(frozen=True)
class RecognizedSlot:
    name: str
    """Slot name, e.g. ``device``."""
    value: Any
    """Normalized value (device id, number of seconds, ``YYYY-MM-DDTHH:MM:SS`` ...)."""
    raw_value: str
    """The words as heard."""
    kind: str = "Custom"
    """Hermes value kind: ``Custom``, ``Number``, ``InstantTime``, ``Duration`` ..."""
    start: int = 0
    end: int = 0
    """Character span of ``raw_value`` in the input text."""


@dataclass(frozen=True)
class Recognition:
    intent_name: str
    confidence: float
    text: str
    """The input as given."""
    lang: str
    slots: tuple[RecognizedSlot, ...] = field(default_factory=tuple)
    alternatives: tuple[tuple[str, float], ...] = ()
    """Close second readings: (intent, confidence), best first (Hermes ``alternatives``)."""
    aside: bool = False
    """Read from a clause that says what one is doing (我要睡了, "I'm going out"), not what to do: a command
    in another clause of the sentence is taken before it (not part of the Hermes message)."""
    source: str = "templates"
    """Which pass read it: ``templates`` (a template matched) or ``statistical`` (the second pass, on a
    sentence no template matched: ``ting.nlu.fallback``); not part of the Hermes message."""
    free_words: int = 0
    """Words read as free text (a wildcard slot: a song's name, a reminder's message) rather than as the
    templates' words or a list's names: they vouch for nothing that was heard (not part of the Hermes
    message)."""
    word_share: float = 1.0
    """A second-pass reading: the share of the sentence's words (names, numbers and times left out) that
    its intent's training says, each weighted as the classifier weighs it (``fallback.min_word_share``);
    1.0 for a templates reading. A speech transcript's judge reads it: words no training of the intent
    says are mostly what the recognizer misheard (not part of the Hermes message)."""

    left_out: tuple[tuple[int, int], ...] = ()
    """Character spans of the input text in clauses the reading left out (side remarks: "it's so gloomy,
    draw the curtains" read from its second clause); empty for a reading of the whole sentence. A speech
    transcript's judge weighs them (``ting.device.transcript_judge``): a clause left out is as often one
    the recognizer garbled as a remark (not part of the Hermes message)."""

    def slot_values(self) -> dict[str, Any]:
        return {slot.name: slot.value for slot in self.slots}

    def to_hermes(self, query: NluQuery) -> NluIntent:
        """The Hermes intent answering ``query`` (same id, site and session)."""
        return NluIntent(
            input=query.input,
            intent=Intent(intent_name=self.intent_name, confidence_score=self.confidence),
            site_id=query.site_id,
            id=query.id,
            slots=[
                Slot(
                    slot_name=slot.name,
                    entity=slot.name,
                    value={"kind": slot.kind, "value": slot.value},
                    raw_value=slot.raw_value,
                    range=SlotRange(start=slot.start, end=slot.end),
                )
                for slot in self.slots
            ],
            session_id=query.session_id,
            custom_data=query.custom_data,
            asr_confidence=query.asr_confidence,
            wakeword_id=query.wakeword_id,
            lang=query.lang or self.lang,
            alternatives=[Intent(intent_name=n, confidence_score=c) for n, c in self.alternatives] or None,
        )
