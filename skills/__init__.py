"""Built-in skills and the skill SDK (``skills.sdk``)."""
