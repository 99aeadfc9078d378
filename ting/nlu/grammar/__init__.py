"""Grammars for the speech recognizers, generated from the same templates and registry as the NLU.

* ``vosk_phrases``: the phrase list ``KaldiRecognizer(model, rate, json.dumps(phrases))`` takes
  (``"[unk]"`` included, so out-of-grammar speech is not forced onto a command).
* ``jsgf``: a JSGF grammar for PocketSphinx; templates stay graphs (alternatives, optional parts),
  lists become rules.

Both are bounded: value lists are sampled evenly (``max_list_values``), numeric ranges become a few
spoken numbers, times/dates/durations/recurrences a few spoken samples, wildcards become ``[unk]``
(Vosk) or a handful of common words (JSGF), and every template gives at most ``per_template`` phrases
from seeded random walks.

``jsgf(..., compact=True)`` is the *recognizer* grammar devices decode with (what the server
publishes): PocketSphinx's decode time grows with the grammar's branching, and the full export (every
polite prefix, every synonym, wildcard loops) took 1.4-6.9 s per command. The compact grammar keeps
each template's structure but caps optional parts to their first ``COMPACT_OPTIONAL`` options, required
alternatives to ``COMPACT_ALTERNATIVES``, lists to ``COMPACT_LIST`` values, and drops wildcards (a
template that needs one is left out; an optional one is skipped). The NLU still accepts every variant
in text (Vosk, typed input); see docs/nlu.md. Words are the NLU's tokens
joined by spaces: English words, and single characters for Chinese. ``missing_words`` checks them
against a recognizer's vocabulary (PocketSphinx's ``cmudict-en-us.dict``, a Vosk model's
``graph/words.txt``); with a vocabulary, ``jsgf`` drops the parts that use unknown words.

One job per module: ``source`` (templates and lists of one language), ``spoken`` (numbers and list
samples as words), ``phrases`` (Vosk), ``jsgf_writer`` (PocketSphinx), ``vocabulary`` (a recognizer's
words); this package puts them together in ``export``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ting.nlu.grammar.jsgf_writer import COMPACT_ALTERNATIVES, COMPACT_LIST, COMPACT_OPTIONAL, jsgf
from ting.nlu.grammar.phrases import name_phrases, vosk_phrases
from ting.nlu.grammar.source import GrammarSource, grammar_source
from ting.nlu.grammar.spoken import REGISTRY_LISTS, UNK, list_samples, spoken_number
from ting.nlu.grammar.vocabulary import grammar_words, load_vocabulary, missing_words, vocabulary_file
from ting.nlu.registry import Household
from ting.nlu.sentences import SentenceData

__all__ = [
    "COMPACT_ALTERNATIVES",
    "COMPACT_LIST",
    "COMPACT_OPTIONAL",
    "REGISTRY_LISTS",
    "UNK",
    "GrammarSource",
    "export",
    "grammar_source",
    "grammar_words",
    "jsgf",
    "list_samples",
    "load_vocabulary",
    "missing_words",
    "name_phrases",
    "spoken_number",
    "vocabulary_file",
    "vosk_phrases",
]


def export(
    sentences: Iterable[SentenceData],
    household: Household,
    lang: str,
    fmt: str,
    vocabulary: frozenset[str] | None = None,
    *,
    compact: bool = False,
    names: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """The grammar text: ``vosk`` (a JSON phrase list) or ``jsgf`` (``compact``: the recognizer grammar);
    ``names``: the ``names`` lists' values by source (``ting.nlu.names``)."""
    import json

    source = grammar_source(sentences, household, lang, names)
    if fmt == "vosk":
        return json.dumps(vosk_phrases(source), ensure_ascii=False)
    return jsgf(source, vocabulary=vocabulary, compact=compact)
