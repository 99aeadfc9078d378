"""What every dashboard page is given."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ting.server.dashboard.auth import Auth
from ting.server.dashboard.render import Renderer
from ting.settings import Settings


@dataclass(frozen=True)
class Context:
    settings: Settings
    auth: Auth
    renderer: Renderer
    config_file: Path | None
    """The TOML file the server was started with (the Settings page writes to it); None: read-only."""
