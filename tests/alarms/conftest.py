"""The server tests' fixtures (probe, mosquitto settings) for the alarm tests."""

from tests.server.conftest import probe, server_settings

__all__ = ["probe", "server_settings"]
