"""Word automata (device/stt/fsg.py): the minimal DFA accepts exactly the grammar's language.

PocketSphinx's own JSGF compiler makes the FSG, and its ``FsgModel.accept`` is the reference acceptor.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from pocketsphinx import Decoder, FsgModel

from ting.device.stt.fsg import (
    WordDfa,
    WordNfa,
    determinize,
    fsg_transitions,
    minimal_dfa,
    minimize,
    parse_fsg,
    phrases_nfa,
    trim,
)
from ting.errors import SpeechModelError

TOY = """#JSGF V1.0;
grammar toy;
public <command> = [ please ] turn ( on | off ) the <thing> [ please ]
    | what time is it [ now ]
    | set [ a | an ] ( alarm | timer ) for <number> [ minutes | am | pm ];
<thing> = [ kitchen | bedroom ] ( light | lights ) | tv;
<number> = one | two | seven | ten;
"""


def compile_jsgf(decoder: Decoder, jsgf: str, folder: Path) -> tuple[FsgModel, WordNfa]:
    model = decoder.parse_jsgf(jsgf)
    model.writefile(str(folder / "g.fsg"))
    return model, parse_fsg((folder / "g.fsg").read_text())


def sample(nfa: WordNfa, count: int, seed: int = 0, max_steps: int = 400) -> list[list[str]]:
    """Random sentences of ``nfa``'s language: random walks that reach the final state."""
    rng = random.Random(seed)
    found: list[list[str]] = []
    while len(found) < count:
        state, words = nfa.start, list[str]()
        for _ in range(max_steps):
            options = [*nfa.words.get(state, ()), *((None, n) for n in nfa.nulls.get(state, ()))]
            if state == nfa.final and (not options or rng.random() < 0.3):
                found.append(words)
                break
            if not options:
                break
            word, state = rng.choice(options)
            if word is not None:
                words.append(word)
    return found


def nfa_accepts(nfa: WordNfa, words: list[str]) -> bool:
    """A second, independent acceptor: sets of NFA states, null arcs followed."""

    def close(states: set[int]) -> set[int]:
        todo = list(states)
        while todo:
            for nxt in nfa.nulls.get(todo.pop(), ()):
                if nxt not in states:
                    states.add(nxt)
                    todo.append(nxt)
        return states

    current = close({nfa.start})
    for word in words:
        current = close({n for s in current for w, n in nfa.words.get(s, ()) if w == word})
    return nfa.final in current


@pytest.fixture(scope="module")
def decoder() -> Decoder:
    return Decoder(loglevel="ERROR")


@pytest.fixture(scope="module")
def compact_jsgf() -> str:
    from bench.stt_commands import skills_jsgf

    return skills_jsgf(compact=True)


def test_toy_grammar_minimal_dfa_accepts_the_same_sentences(decoder: Decoder, tmp_path: Path) -> None:
    model, nfa = compile_jsgf(decoder, TOY, tmp_path)
    dfa = minimal_dfa(nfa)
    assert dfa.accepts(["please", "turn", "off", "the", "kitchen", "lights", "please"])
    assert dfa.accepts(["set", "an", "alarm", "for", "seven", "am"])
    assert not dfa.accepts(["turn", "off", "the"])
    assert not dfa.accepts(["what", "time", "is", "it", "now", "now"])
    vocabulary = [*sorted({w for arcs in nfa.words.values() for w, _ in arcs}), "zebra"]
    rng = random.Random(1)
    for _ in range(3000):
        words = rng.choices(vocabulary, k=rng.randint(0, 7))
        assert dfa.accepts(words) == model.accept(" ".join(words)) == nfa_accepts(nfa, words), words
    for words in sample(nfa, 300):
        assert dfa.accepts(words) and model.accept(" ".join(words)), words


def test_minimization_merges_shared_suffixes() -> None:
    # "turn on|off the light": the DFA of the prefix tree shares everything after the first word.
    dfa = minimal_dfa(phrases_nfa([["turn", "on", "the", "light"], ["turn", "off", "the", "light"]]))
    assert dfa.n_states == 5 and dfa.n_arcs == 5
    assert dfa.accepts(["turn", "off", "the", "light"]) and not dfa.accepts(["turn", "the", "light"])
    unminimized = trim(determinize(phrases_nfa([["a", "b"], ["c", "b"]])))
    assert (unminimized.n_states, minimize(unminimized).n_states) == (5, 3)


def test_words_left_out_take_their_sentences_with_them(decoder: Decoder, tmp_path: Path) -> None:
    _, nfa = compile_jsgf(decoder, TOY, tmp_path)
    dfa = minimal_dfa(nfa, keep=lambda word: word != "tv")
    assert not dfa.accepts(["turn", "on", "the", "tv"])
    assert dfa.accepts(["turn", "on", "the", "light"])
    nothing = minimal_dfa(nfa, keep=lambda word: False)
    assert not nothing.accepting and nothing.n_arcs == 0


def test_transitions_have_one_final_state_and_uniform_probabilities() -> None:
    dfa = minimal_dfa(phrases_nfa([["stop"], ["stop", "it"], ["snooze"]]))
    start, final, transitions = fsg_transitions(dfa)
    assert final == dfa.n_states and start == dfa.start
    for state in range(dfa.n_states):
        out = [t[2] for t in transitions if t[0] == state]
        assert sum(out) == pytest.approx(1.0) and len(set(out)) == 1
    nulls = [t for t in transitions if len(t) == 3]
    assert sorted(t[0] for t in nulls) == sorted(dfa.accepting) and all(t[1] == final for t in nulls)


def test_compact_skills_grammar_is_equivalent_and_quick_to_build(
    decoder: Decoder, compact_jsgf: str, tmp_path: Path
) -> None:
    started = time.perf_counter()
    model, nfa = compile_jsgf(decoder, compact_jsgf, tmp_path)
    dfa = minimal_dfa(nfa)
    seconds = time.perf_counter() - started
    # a guard against a blow-up (a determinization gone exponential takes minutes), not a speed figure:
    # ~0.15 s idle here, >3 s when the machine is shared; the build time is measured in bench/
    assert seconds < 60.0
    n_nfa_arcs = sum(map(len, nfa.words.values())) + sum(map(len, nfa.nulls.values()))
    assert dfa.n_states * 5 < len({nfa.start, *nfa.words, *nfa.nulls}) and dfa.n_arcs * 5 < n_nfa_arcs
    sentences = sample(nfa, 400, seed=2)
    assert all(dfa.accepts(words) for words in sentences)
    vocabulary = sorted({w for arcs in nfa.words.values() for w, _ in arcs})
    rng = random.Random(3)
    # Random strings are almost all rejected; mutate real sentences to get near misses too.
    for words in sentences[:200]:
        mutated = list(words)
        mutated[rng.randrange(len(mutated))] = rng.choice(vocabulary)
        for candidate in (mutated, words[:-1], [*words, rng.choice(vocabulary)]):
            assert dfa.accepts(candidate) == model.accept(" ".join(candidate)), candidate
    for _ in range(500):
        words = rng.choices(vocabulary, k=rng.randint(1, 6))
        assert dfa.accepts(words) == model.accept(" ".join(words)), words
    assert minimize(dfa).n_states == dfa.n_states  # already minimal


def test_garbage_fsg_text_is_a_speech_model_error() -> None:
    with pytest.raises(SpeechModelError, match="not a PocketSphinx FSG line"):
        parse_fsg("FSG_BEGIN x\nSTART_STATE 0\nFINAL_STATE 1\nTRANSITION 0 one 1.0 hello\n")
    with pytest.raises(SpeechModelError, match="START_STATE"):
        parse_fsg("FSG_BEGIN x\nTRANSITION 0 1 1.0 hello\n")


def test_empty_dfa_accepts_nothing() -> None:
    assert not WordDfa(0, frozenset(), ({},)).accepts([])
