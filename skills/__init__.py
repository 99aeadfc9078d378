"""Built-in skills and the skill SDK (``ting.skills.sdk``)."""
