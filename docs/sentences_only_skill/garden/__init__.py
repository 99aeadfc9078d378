"""A sentences-only skill: ting understands "water the garden" (浇花园) and publishes it on
``hermes/intent/garden.water``; the Hermes skill that runs the sprinkler, written elsewhere (Node-RED,
a Rhasspy app, any language), listens there and answers with ``hermes/dialogueManager/endSession``."""

from pathlib import Path

from ting.skills.sdk import Skill

skill = Skill(
    "garden",
    sentences=Path(__file__).parent / "sentences",
    description="waters the garden (the Hermes skill runs in Node-RED)",
)
