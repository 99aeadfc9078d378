"""The recognizers a site builds at start follow its languages (``device.wake_phrases``): a Mandarin-only site
builds no English recognizer, understands Mandarin, and builds English's at an English session's first command
(docs/configuration.md, "A Mandarin-only household"). Real mosquitto, server, NLU, VAD and TTS; the recognizer
is the rig's (``agent_rig.py``: it returns the line the test says was spoken)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.device.agent_rig import Rig, spoken
from tests.device.test_agent import _connected
from tests.server.conftest import Probe
from ting.hermes import DialogueStartSession
from ting.settings import MqttSettings

MakeRig = Callable[..., Rig]


async def test_a_mandarin_only_site_builds_english_only_for_an_english_session(
    make_rig: MakeRig, mqtt_settings: Callable[..., MqttSettings], server: Any, probe: Probe, tmp_path: Path
) -> None:
    rig = make_rig(mqtt_settings(), wake_phrases={"zh": "小听小听"})
    site = rig.agent.site_id
    await _connected(rig)
    async with asyncio.timeout(10):
        while not rig.agent.recognizers.ready("zh"):  # noqa: ASYNC110 (built on the recognition worker)
            await asyncio.sleep(0.02)
    await asyncio.sleep(0.5)  # the server's grammars (English's too) arrive meanwhile
    assert {lang for lang, _thread in rig.recognizer.builds} == {"zh"}

    said = [("zh", "打开厨房灯", "cmn-latn-pinyin"), ("en", "turn on the kitchen light", "en-us")]
    for count, (lang, text, voice) in enumerate(said, start=1):
        await probe.client.publish(DialogueStartSession(site_id=site, lang=lang))  # push to talk
        await rig.wait_event("listening", count)
        rig.say(spoken(text, tmp_path, voice), text, wake=False)
        intent = await probe.wait_for(
            "hermes/intent/home.turn_on", lambda m, t=text: m["siteId"] == site and m["input"] == t, 15
        )
        slots = {slot["slotName"]: slot["value"]["value"] for slot in intent["slots"]}
        assert slots["device"] == "kitchen_light"
        await rig.wait_ready(probe)
    assert [lang for lang, _thread in rig.recognizer.builds].count("en") == 1
