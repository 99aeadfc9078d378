"""The alone check from the server: a 停 stop model sent with its check
(``StopModelAnnouncement.alone_check``) is installed with the check beside it, and the barge-in listener
switches to a detector whose 停 has the check; a later model sent without one removes the server's old check
(it was trained beside another model); a check for another phrase or a damaged one is refused and changes
nothing; a model trained here keeps its own check.

Real parts: the device agent (``DeviceAgent`` with its barge-in listener and ``WakeModels``), real model
files (the wake word network trained for a few steps on random embeddings: their weights do not matter
here, what is delivered does).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import mqtt_settings_for
from ting.device.agent import DeviceAgent
from ting.device.audio_out import RecordingSink
from ting.device.nlu import DeviceNlu, build_recognizer
from ting.device.parts import build_parts
from ting.device.wake.alone_check import alone_model_path
from ting.device.wake.barge import BargeDetector
from ting.device.wake.classifier import WINDOW_EMBEDDINGS, TrainingSettings, train
from ting.device.wake.embedding import EMBEDDING_SIZE
from ting.device.wake.stop_training import stop_model_path
from ting.device.wake_models import SERVER_SUFFIX
from ting.messages import StopModelAnnouncement
from ting.settings import DeviceSettings, Settings


def model_file(phrase: str, lang: str, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    shape = (8, WINDOW_EMBEDDINGS, EMBEDDING_SIZE)
    positives, negatives = rng.normal(1, 1, shape), rng.normal(-1, 1, shape)
    settings = TrainingSettings(hidden_units=4, epochs=1, seed=seed)
    model = train(phrase, lang, positives.astype(np.float32), negatives.astype(np.float32), settings)
    return model.to_bytes()


@pytest.fixture
def agent(tmp_path: Path) -> DeviceAgent:
    device = DeviceSettings(
        models_dir=tmp_path / "models", barge_in=True, stop_phrases={"zh": ["停"]}, pause_phrases={}
    )
    settings = Settings(mqtt=mqtt_settings_for("mqtt://127.0.0.1:1"), device=device)
    nlu = DeviceNlu(settings, build_recognizer(settings)[0])
    return DeviceAgent(settings, build_parts(settings.device, nlu, sink=RecordingSink()), nlu)


def ting_has_check(agent: DeviceAgent) -> bool:
    assert agent.barge_in is not None
    detector = agent.barge_in.detector
    assert isinstance(detector, BargeDetector)
    [spotter] = [s for s in detector.phrases if s.phrase == "停"]
    return spotter.alone is not None


async def test_a_stop_model_sent_with_its_alone_check_is_used_with_it(
    agent: DeviceAgent, tmp_path: Path
) -> None:
    models = tmp_path / "models"
    model, check = model_file("停", "zh", 1), model_file("停", "zh", 2)
    await agent.wake_models.on_stop_model(StopModelAnnouncement.with_check("zh", "停", model, "t", check))
    path = alone_model_path(models, "停", "zh")
    assert path.read_bytes() == check and path.with_name(path.name + SERVER_SUFFIX).is_file()
    assert stop_model_path(models, "停", "zh").read_bytes() == model
    assert ting_has_check(agent)  # the listener switched to a detector built with both

    # damaged, or trained for another phrase: refused, the check in place stays
    sent = StopModelAnnouncement.with_check("zh", "停", model_file("停", "zh", 3), "u", check)
    await agent.wake_models.on_stop_model(replace(sent, alone_checksum="0" * 64))
    other = StopModelAnnouncement.with_check("zh", "停", model, "u", model_file("暂停", "zh", 4))
    await agent.wake_models.on_stop_model(other)
    assert agent.wake_models.refused == 2 and path.read_bytes() == check

    # a newer model without a check: the old check goes (it was trained beside the old model)
    await agent.wake_models.on_stop_model(
        StopModelAnnouncement.of("zh", "停", model_file("停", "zh", 5), "v")
    )
    assert not path.exists() and not path.with_name(path.name + SERVER_SUFFIX).exists()
    assert not ting_has_check(agent)


async def test_a_model_trained_here_keeps_its_own_check(agent: DeviceAgent, tmp_path: Path) -> None:
    models = tmp_path / "models"
    own_model, own_check = model_file("停", "zh", 6), model_file("停", "zh", 7)
    stop_model_path(models, "停", "zh").parent.mkdir(parents=True)
    stop_model_path(models, "停", "zh").write_bytes(own_model)  # ting wake train --stop, here
    alone_model_path(models, "停", "zh").write_bytes(own_check)
    sent = StopModelAnnouncement.with_check(
        "zh", "停", model_file("停", "zh", 8), "t", model_file("停", "zh", 9)
    )
    await agent.wake_models.on_stop_model(sent)
    assert stop_model_path(models, "停", "zh").read_bytes() == own_model
    assert alone_model_path(models, "停", "zh").read_bytes() == own_check
