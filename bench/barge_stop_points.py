"""Where "stop" is said in the device's answer, and what the untrained barge-in spotters take it for.

tests/device/test_barge_in.py says "stop" (espeak-ng, en-us+f3) over the echo of its long answer's first
sentence (Piper en_US-joe-medium at volume 0.8, ``SimulatedRoom``'s room at echo gain 0.3) and expects a
stop. Offline here, as ``BargeIn`` hears it (PocketSphinx "hey ting" with its verifier, the "stop", "be
quiet" and "pause" keyphrase spotters, the own-voice check; no trained models): "stop" said ``--offsets``
seconds into the sentence, after ``--leads`` seconds of silence before the answer (the synthesis time, for
which the listener already hears), and the first hit after it (or none).

  .venv/bin/python bench/barge_stop_points.py                      # 0-4.5 s in 0.1 s steps
  .venv/bin/python bench/barge_stop_points.py --offsets 0.75 --leads 0.3 0.5 1 2 4 6
  .venv/bin/python bench/barge_stop_points.py --gain 0             # no echo: the silence before alone
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter

import numpy as np
from barge.audio import espeak, room_echo
from barge.listen import Way, offline

from ting.device.audio_out import decode_wav
from ting.device.output_trace import to_16k_mono
from ting.device.synthesis import build_synthesizer
from ting.settings import DeviceSettings

FIRST_SENTENCE = (
    "The weather today will be mostly sunny with a high of twenty six degrees and a low of fourteen."
)
"""The first piece of the test's ``LONG_ANSWER`` (the speaker streams it sentence by sentence)."""
SETTINGS = DeviceSettings(wake_phrases={"en": "hey ting"}, barge_in=True)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--offsets", type=float, nargs="+", default=[round(0.1 * i, 1) for i in range(46)])
    parser.add_argument("--leads", type=float, nargs="+", default=[0.5])
    parser.add_argument("--draws", type=int, default=1, help="answers synthesized (Piper's noise differs)")
    parser.add_argument("--gain", type=float, default=0.3, help="the room's echo gain (the test's: 0.3)")
    args = parser.parse_args()
    voice = build_synthesizer(SETTINGS)
    stop = espeak("stop", "en-us+f3", 175)  # espeak-ng's default rate, as the test says it
    way = Way("plain", aec=False, settings=SETTINGS)
    first: Counter[str] = Counter()
    for draw in range(args.draws):
        # each answer as the device says it: Piper draws its noise anew (``REPEATABLE_NOISE`` is for training)
        sound = decode_wav(voice.synthesize(FIRST_SENTENCE, "en"))
        answer = to_16k_mono(sound.samples, sound.rate_hz) * np.float32(0.8)
        for lead_seconds, offset in [(lead, offset) for lead in args.leads for offset in args.offsets]:
            lead, at = int(lead_seconds * 16_000), int((lead_seconds + offset) * 16_000)
            length = at + len(stop) + 16_000
            reference = np.zeros(length, np.float32)
            part = answer[: length - lead]
            reference[lead : lead + len(part)] = part
            mic = room_echo(reference, args.gain)[:length].copy()
            mic[at : at + len(stop)] += stop
            hits = await offline(mic, reference, way)
            said = at / 16_000
            named = [f"{h.kind}:{h.phrase}@{h.detection.end_seconds - said:+.2f}" for h in hits]
            first[named[0].split("@")[0] if named else "none"] += 1
            print(f"answer {draw}, lead {lead_seconds:.2f} s, stop at {offset:.2f} s: {named}", flush=True)
    print("first hit:", dict(first))


if __name__ == "__main__":
    asyncio.run(main())
