"""Durable state. ``open_store(settings)`` picks the backend (SQLite by default)."""
