"""Rules for ending a 停 hit's wait by the alone check, replayed on bench/barge_dev.py's decisions.

Run bench/barge_dev.py with ``--alone-logit 99`` (the check never ends a wait, so each waited hit's log has
the check's score at every window of its whole wait: the window before the hit, the hit's, and each one after,
up to the wake model's hit, its fall out of reach or the wait's end), then replay rules on those scores:

  .venv/bin/python bench/barge_dev.py --trained DIR --parts music speech latency --alone-logit 99 > dev.json
  .venv/bin/python bench/barge_rule_dev.py dev.json

A rule gives the stop at the first window where it holds: one window at ``alone`` or more, or (``in_a_row``)
two windows in a row at ``confirm`` or more. Per condition: 停's waits (ms after the hit) and the "hey ting"
hits it would give to 停 before the wake model claimed them (each one a wake word lost).
"""

from __future__ import annotations

import json
import math
import sys
from statistics import median

Scores = list[tuple[int, float]]


def fires(scores: Scores, alone: float, confirm: float | None) -> int | None:
    """The ms after the hit at which the rule gives the stop, or None (the wait ends as logged)."""
    previous = -math.inf
    for ms, score in scores:
        if ms >= 0 and (score >= alone or (confirm is not None and min(score, previous) >= confirm)):
            return ms
        previous = score
    return None


def replay(report: dict[str, object], alone: float, confirm: float | None) -> dict[str, str]:
    lines: dict[str, str] = {}
    for key, value in report.items():
        if not isinstance(value, dict):
            continue
        parts = value.get("latency", {}).get("runs", [])
        rows = {k: v for k, v in value.items() if isinstance(v, dict) and "decisions" in v}
        rows |= {"latency": {"decisions": [d for run in parts for d in run["decisions"]]}}
        for name, row in rows.items():
            waits, lost = [], 0
            for decision in row["decisions"]:
                scores = [(int(ms), float(score)) for ms, score in decision["scores"]]
                at = fires(scores, alone, confirm)
                ended = int(decision["ms"])
                if name.startswith("hey ting"):
                    lost += decision["given"] != "stop:停" and at is not None and at < ended
                else:
                    waits.append(ended if at is None or at > ended else at)
            said = f"waits median {median(waits):.0f}, max {max(waits)} ({len(waits)})" if waits else ""
            lines[f"{key[-20:]} {name}"] = said + (
                f"; wake words lost {lost}" if name.startswith("hey") else ""
            )
    return lines


def main() -> None:
    with open(sys.argv[1]) as file:
        report = json.load(file)
    rules: list[tuple[float, float | None]] = [(99.0, None), (5.0, None), (4.0, None), (3.0, None)]
    rules += [(2.0, None), (1.0, None), (0.0, None)]
    rules += [(5.0, confirm) for confirm in (3.0, 2.0, 1.0, 0.0, -1.0, -2.0)]
    for alone, confirm in rules:
        print(
            json.dumps(
                {"alone": alone, "confirm_2_in_a_row": confirm, **replay(report, alone, confirm)}, indent=1
            )
        )


if __name__ == "__main__":
    main()
