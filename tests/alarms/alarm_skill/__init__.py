"""The alarms handlers as a folder skill (until the alarms skill with its sentences is installed)."""

from pathlib import Path

from skills.alarms.handlers import HANDLERS
from skills.sdk import Skill

skill = Skill("alarms_test", sentences=Path(__file__).parent / "sentences", handlers=dict(HANDLERS))
