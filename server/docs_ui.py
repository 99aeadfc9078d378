"""``/docs`` that works offline: Swagger UI's files come from the ``swagger-ui-py`` package, not a CDN.

The package is only a container for the files (found without importing it); only the three files
the page loads are served.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

ASSETS_PATH = "/docs/assets"
_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}


def _static_dir() -> Path | None:
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def docs_router(title: str, openapi_url: str = "/openapi.json") -> APIRouter:
    router = APIRouter(include_in_schema=False)
    static = _static_dir()

    @router.get("/docs", response_class=HTMLResponse)
    async def docs() -> HTMLResponse:
        if static is None:
            return HTMLResponse(
                f"<p>The interactive documentation needs the swagger-ui-py package. "
                f'The API description is at <a href="{openapi_url}">{openapi_url}</a>.</p>'
            )
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=title,
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/favicon-32x32.png",
        )

    @router.get(ASSETS_PATH + "/{name}")
    async def asset(name: str) -> FileResponse:
        if static is None or name not in _ASSETS:
            raise HTTPException(status_code=404)
        return FileResponse(static / name, media_type=_ASSETS[name])

    return router
