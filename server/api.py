"""HTTP API of the skill server (the OpenAPI document is served at /openapi.json)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field, field_validator

from ting.hermes.base import MAX_SITE_ID_CHARS, topic_level_problem
from ting.server.state import ServerState

router = APIRouter()


def get_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.ting
    return state


StateDep = Annotated[ServerState, Depends(get_state)]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    mqtt: bool
    store: bool
    consumer: bool = Field(description="The MQTT consumer is running (restarted at once should it stop).")


class TextRequest(BaseModel):
    text: str = Field(
        min_length=1,
        description="What the user typed or said: at most nlu.max_input_chars characters (1000 by default), "
        "as on hermes/nlu/query.",
    )
    lang: Literal["zh", "en"] | None = Field(default=None, description="Language; detected when absent.")
    site_id: str = Field(
        default="default",
        max_length=MAX_SITE_ID_CHARS,
        description="The site (room) the request is for; it names MQTT topics: no '/', '+', '#' or control "
        "characters.",
    )

    @field_validator("site_id")
    @classmethod
    def _one_topic_level(cls, site_id: str) -> str:
        problem = topic_level_problem(site_id)
        if problem:
            raise ValueError(f"site_id {problem}")
        return site_id


class TextResponse(BaseModel):
    input: str | None
    intent: str | None
    confidence: float
    slots: dict[str, Any]
    lang: str
    text: str = Field(description="The spoken-style answer.")
    ok: bool
    data: dict[str, Any]
    expect: list[str]


class SkillInfo(BaseModel):
    name: str
    description: str
    intents: list[str]


class SkillsResponse(BaseModel):
    skills: list[SkillInfo]
    failures: list[dict[str, str]]


@router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
async def healthz(state: StateDep) -> JSONResponse:
    """200 when the server reaches its broker and its store and its MQTT consumer runs, 503 otherwise."""
    mqtt_ok = state.mqtt_connected()
    store_ok = await state.store.healthy()
    consumer_ok = state.router.running
    ok = mqtt_ok and store_ok and consumer_ok
    body = Health(status="ok" if ok else "degraded", mqtt=mqtt_ok, store=store_ok, consumer=consumer_ok)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


@router.post("/api/text", response_model=TextResponse)
async def text(body: TextRequest, state: StateDep) -> dict[str, Any]:
    """Run the whole path for typed text: NLU, skill, answer (used by chat bridges)."""
    limit = state.runtime.max_input_chars  # one limit for HTTP and Hermes: nlu.max_input_chars
    if len(body.text) > limit:
        raise RequestValidationError(
            [
                {
                    "type": "string_too_long",
                    "loc": ("body", "text"),
                    "msg": f"String should have at most {limit} characters (nlu.max_input_chars)",
                    "input": None,
                    "ctx": {"max_length": limit},
                }
            ]
        )
    answer = await state.runtime.answer_text(body.text.strip(), lang=body.lang, site_id=body.site_id)
    return answer.to_dict()


class DeviceInfo(BaseModel):
    id: str
    area: str
    domain: str
    names: dict[str, list[str]]
    state: dict[str, Any]


@router.get("/api/home/devices", response_model=list[DeviceInfo])
async def devices(state: StateDep) -> list[DeviceInfo]:
    """Every device of the household with its names and current state."""
    states = await state.device_states()
    return [
        DeviceInfo(
            id=device.id,
            area=device.area,
            domain=device.domain,
            names={lang: list(names) for lang, names in device.names.items()},
            state=states.get(device.id, {}),
        )
        for device in state.runtime.household.devices.values()
    ]


@router.get("/api/skills", response_model=SkillsResponse)
async def skills(state: StateDep) -> SkillsResponse:
    """Loaded skills with their intents, and skills that failed to load."""
    loaded = state.runtime.skills
    return SkillsResponse(
        skills=[
            SkillInfo(name=s.name, description=s.description, intents=sorted(s.handlers))
            for s in loaded.skills
        ],
        failures=[{"name": f.name, "source": f.source, "reason": f.reason} for f in loaded.failures],
    )


@router.get("/api/nlu/grammar", response_class=PlainTextResponse)
async def nlu_grammar(
    request: Request, lang: Literal["zh", "en"] = "zh", format: Literal["vosk", "jsgf"] = "vosk"
) -> PlainTextResponse:
    """The speech recognizer grammar made from the skills' sentences: a Vosk phrase list (JSON) or JSGF."""
    grammars = request.app.state.ting.grammars
    text = await asyncio.to_thread(grammars.text, lang, format)
    media_type = "application/json" if format == "vosk" else "text/plain"
    return PlainTextResponse(text, media_type=media_type)
