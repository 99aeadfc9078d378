"""The skill server: FastAPI app + Hermes consumer over MQTT, skills, store."""
