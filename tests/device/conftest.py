"""Fixtures of the device tests: the agent rig (real mosquitto and server, behaving fakes for the
microphone and wake word) lives in ``tests/device/agent_rig.py``; it is made available here so every
test module under tests/device gets the same fixtures without importing them."""

from tests.device.agent_rig import make_rig, nlu_recognizer, probe, server, synthesizer

__all__ = ["make_rig", "nlu_recognizer", "probe", "server", "synthesizer"]
