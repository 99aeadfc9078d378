"""The server's wake word models: kept ones are handed out retained on connect; a phrase that cannot be
trained is logged with the trainer's own words (the real ``ting wake train`` child process), and the server
goes on, trying it again later with a growing pause.

tests/device/test_wake_models_live.py trains a model for real and sees a device switch to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import Mosquitto, mqtt_settings_for
from tests.server.conftest import PROBE_TOPICS, Probe, make_settings
from ting.messages import SiteState, SiteStatus, StopModelAnnouncement, WakeModelAnnouncement, WakeState
from ting.messages.wake import phrase_key
from ting.mqtt.client import HermesClient
from ting.server.host import running_server
from ting.server.wake_models import ModelKind, Wanted, model_folder
from ting.settings import DeviceSettings, MqttSettings


async def until(check: Callable[[], bool], timeout_seconds: float, what: str) -> None:
    try:
        async with asyncio.timeout(timeout_seconds):
            while not check():  # noqa: ASYNC110 (the state is changed by other tasks)
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(f"{what}: not within {timeout_seconds:.0f} s") from None


async def test_kept_models_are_published_retained_on_connect(
    tmp_path: Path, mqtt_settings: Callable[..., MqttSettings], probe: Probe
) -> None:
    settings = make_settings(tmp_path, mqtt_settings(), wake_training=True)
    folder = model_folder(settings.store.data_dir)
    (folder / "stop").mkdir(parents=True)
    key, stop_key = phrase_key("zh", "小听小听"), phrase_key("zh", "别说了")
    (folder / f"{key}.npz").write_bytes(b"the model file")
    (folder / f"{key}.json").write_text(json.dumps({"lang": "zh", "phrase": "小听小听", "trained": "t"}))
    (folder / "stop" / f"{stop_key}.npz").write_bytes(b"the stop model file")
    meta = {"lang": "zh", "phrase": "别说了", "trained": "u", "kind": "stop"}
    (folder / "stop" / f"{stop_key}.json").write_text(json.dumps(meta))
    # 停 sounds like part of a wake phrase: its trainer left an alone check beside the model
    ting_key = phrase_key("zh", "停")
    (folder / "stop" / f"{ting_key}.npz").write_bytes(b"the ting model file")
    (folder / "stop" / f"{ting_key}.alone.npz").write_bytes(b"its alone check")
    meta = {"lang": "zh", "phrase": "停", "trained": "w", "kind": "stop"}
    (folder / "stop" / f"{ting_key}.json").write_text(json.dumps(meta))
    topic, stop_topic = WakeModelAnnouncement.topic(key=key), StopModelAnnouncement.topic(key=stop_key)
    ting_topic = StopModelAnnouncement.topic(key=ting_key)
    # only the phrases that have their models: this test is not about training
    device = DeviceSettings(
        wake_phrases={"zh": "小听小听"}, stop_phrases={"zh": ["别说了", "停"]}, pause_phrases={}
    )
    settings = replace(settings, device=device)
    try:
        async with running_server(settings) as server:
            await until(lambda: any(t == topic for t, _ in probe.seen), 20, "the kept model published")
            await until(lambda: any(t == stop_topic for t, _ in probe.seen), 20, "the kept stop model")
            announcement = WakeModelAnnouncement.from_mqtt(
                topic, next(p for t, p in probe.seen if t == topic)
            )
            assert (announcement.lang, announcement.phrase, announcement.trained) == ("zh", "小听小听", "t")
            assert announcement.model_bytes() == b"the model file"
            stop = StopModelAnnouncement.from_mqtt(
                stop_topic, next(p for t, p in probe.seen if t == stop_topic)
            )
            assert (stop.phrase, stop.trained, stop.model_bytes()) == ("别说了", "u", b"the stop model file")
            assert stop.alone_check_bytes() is None
            await until(lambda: any(t == ting_topic for t, _ in probe.seen), 20, "the kept 停 model")
            ting = StopModelAnnouncement.from_mqtt(
                ting_topic, next(p for t, p in probe.seen if t == ting_topic)
            )
            assert (ting.model_bytes(), ting.alone_check_bytes()) == (
                b"the ting model file",
                b"its alone check",
            )
            assert server.state.wake_models.trained == []  # kept: not trained again
            assert sorted(server.state.wake_models.kept(ModelKind.STOP)) == sorted(
                [folder / "stop" / f"{stop_key}.npz", folder / "stop" / f"{ting_key}.npz"]
            )  # the check goes with its model, not as one
    finally:
        for cleared in (topic, stop_topic, ting_topic):  # the session's broker is shared
            await probe.client.publish_raw(cleared, b"", retain=True)


@contextlib.asynccontextmanager
async def private_probe(mqtt: MqttSettings) -> AsyncIterator[Probe]:
    async with HermesClient(mqtt, site_id="probe", role="client", subscriptions=PROBE_TOPICS) as client:
        await client.wait_connected(10)
        probe = Probe(client)
        task = asyncio.create_task(probe.collect())
        await asyncio.sleep(0.1)  # the subscription settles
        try:
            yield probe
        finally:
            task.cancel()


async def test_a_phrase_that_cannot_be_trained_is_retried_with_backoff_logged_once(
    tmp_path: Path, restartable_mosquitto: Mosquitto, caplog: pytest.LogCaptureFixture
) -> None:
    # A private broker: the session's holds other tests' retained device statuses, whose phrases the server
    # would queue (and really train, minutes each) before this one.
    caplog.set_level(logging.DEBUG, logger="ting.server.wake_models")
    mqtt = mqtt_settings_for(restartable_mosquitto.address)
    (tmp_path / "server").mkdir()
    settings = make_settings(
        tmp_path / "server",
        mqtt,
        wake_training=True,
        stop_training=False,  # the default stop phrases would be queued after the phrase that fails
        wake_training_niceness=0,
        wake_training_retry_min_seconds=0.2,
        wake_training_retry_max_seconds=0.5,
    )
    settings = replace(settings, device=DeviceSettings(wake_phrases={}))
    status = SiteStatus(site_id="kueche", state=SiteState.ONLINE, wake={"de": WakeState("hallo ting", False)})
    key = Wanted("de", "hallo ting")
    async with private_probe(mqtt) as probe, running_server(settings) as server:
        wake_models = server.state.wake_models
        await server.state.client.wait_connected(10)
        await probe.client.publish(status)  # a device announces a phrase espeak-ng has no voice list for here

        def failed(level: int) -> list[str]:
            return [
                r.getMessage()
                for r in caplog.records
                if "training failed" in r.getMessage() and r.levelno == level
            ]

        # each try is the real trainer failing (a few seconds of Python starting): three in a row
        await until(
            lambda: key in wake_models.failures and wake_models.failures[key].count >= 3, 300, "tries"
        )
        [logged] = failed(logging.ERROR)  # the same failure each time: said once
        assert "'hallo ting' (de)" in logged and "no espeak-ng voices known for 'de'" in logged
        assert "trying again in 0.2 s" in logged
        assert len(failed(logging.DEBUG)) >= 2  # the retries were the same failure again
        # not a tight loop: the pause doubles after each failure, up to the longest
        assert wake_models.failures[key].delays_seconds[:3] == [0.2, 0.4, 0.5]
        assert wake_models.kept() == [] and wake_models.trained == []
        await probe.client.publish(status)  # the device again: nothing new to say
        count = wake_models.failures[key].count
        await until(lambda: wake_models.failures[key].count >= count + 1, 300, "the next try")
        assert len(failed(logging.ERROR)) == 1
        assert not any(t.startswith("ting/wake/model/") for t, _ in probe.seen)
