"""The server tests' Hermes probe, for the tests that run the server with the fake Home Assistant."""

from tests.server.conftest import probe  # noqa: F401
