"""The dashboard's static files: its own CSS and script, and htmx from an installed package.

htmx is not committed: ``./run`` installs the ``django-htmx`` wheel with ``--no-deps`` (Django itself is
never installed nor imported), which ships htmx 2 as ``django_htmx/static/django_htmx/htmx-2.min.js``.
The package is found without importing it, as ``docs_ui`` finds Swagger UI's files. Without it the
pages still work: every form and link is plain HTML; htmx only spares the full page loads.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

OWN = Path(__file__).with_name("static")
OWN_FILES = {"ting.css": "text/css", "live.js": "text/javascript"}
HTMX_NAME = "htmx.min.js"


def htmx_file() -> Path | None:
    spec = importlib.util.find_spec("django_htmx")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = Path(next(iter(spec.submodule_search_locations))) / "static" / "django_htmx" / "htmx-2.min.js"
    return found if found.is_file() else None


def static_file(name: str) -> tuple[Path, str] | None:
    """(file, media type) for ``/ui/static/<name>``, or None."""
    if name == HTMX_NAME:
        htmx = htmx_file()
        return (htmx, "text/javascript") if htmx else None
    if name in OWN_FILES:
        return OWN / name, OWN_FILES[name]
    return None
