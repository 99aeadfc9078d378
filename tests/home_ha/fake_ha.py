"""A small Home Assistant on loopback speaking its documented WebSocket API.

auth_required / auth / auth_ok / auth_invalid; every command answered by a ``result`` with its id
(``success`` false with ``{"code", "message"}`` for unknown commands, services and entities);
``subscribe_events`` for any event type (events carry the subscription's id); ``get_states``;
``call_service`` with ``target.entity_id`` (the state changes, an event goes out before the result, as in
Home Assistant); the area, floor, device and entity registry lists; ``homeassistant/expose_entity/list``.
Its REST API's ``POST /api/conversation/process`` (Bearer token; 401 without it, 400 for a body that
is not JSON) is served on a port of its own (``rest_url``; the real one shares the WebSocket's): the
conversation agent answers the sentences in ``sentences`` with ``action_done`` / ``query_answer`` and
everything else with an ``error`` of code ``no_intent_match``, as Assist does.
``change`` makes a change "elsewhere" (a wall switch); ``fire`` sends any event, such as
``entity_registry_updated`` after a test edited ``registries``; ``restart`` drops every connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from typing import Any

import websockets
from websockets.asyncio.server import Server, ServerConnection, serve

TOKEN = "fake-long-lived-token-0123456789"

LIGHT_FEATURES: dict[str, Any] = {
    "supported_color_modes": ["color_temp", "hs"],
    "min_color_temp_kelvin": 2000,
    "max_color_temp_kelvin": 6500,
}


def household_states() -> dict[str, dict[str, Any]]:
    def entity(entity_id: str, state: str, **attributes: Any) -> dict[str, Any]:
        return {"entity_id": entity_id, "state": state, "attributes": attributes, "context": {"id": "x"}}

    states = [
        entity("light.ke_ting", "off", friendly_name="客厅灯", **LIGHT_FEATURES),
        entity(
            "light.kitchen",
            "on",
            friendly_name="Kitchen light",
            brightness=255,
            supported_color_modes=["brightness"],
        ),
        entity(
            "cover.bedroom_blinds",
            "closed",
            friendly_name="卧室窗帘",
            supported_features=15 | 128,
            current_position=0,
        ),
        entity("lock.front_door", "locked", friendly_name="Front door"),
        entity(
            "fan.bedroom",
            "off",
            friendly_name="卧室风扇",
            supported_features=3,
            percentage_step=33.333333,
            percentage=0,
        ),
        entity(
            "climate.study",
            "off",
            friendly_name="书房空调",
            hvac_modes=["off", "cool", "heat", "dry"],
            fan_modes=["auto", "low", "high"],
            temperature=26,
            current_temperature=27.5,
            min_temp=16,
            max_temp=30,
        ),
        entity(
            "sensor.living_temperature",
            "23.4",
            friendly_name="客厅温度",
            device_class="temperature",
            unit_of_measurement="°C",
        ),
        entity("binary_sensor.kitchen_window", "on", friendly_name="厨房窗户", device_class="window"),
        entity("vacuum.robot", "docked", friendly_name="扫地机器人", supported_features=16 | 8192),
        entity("switch.secret_plug", "off", friendly_name="Secret plug"),  # not exposed
        entity("sun.sun", "above_horizon", friendly_name="Sun"),  # not a kind ting drives
    ]
    return {state["entity_id"]: state for state in states}


REGISTRIES: dict[str, list[dict[str, Any]]] = {
    "config/floor_registry/list": [
        {"floor_id": "ground", "name": "一楼", "aliases": ["楼下", "downstairs"], "level": 0, "icon": None},
        {"floor_id": "first", "name": "二楼", "aliases": ["upstairs"], "level": 1, "icon": None},
    ],
    "config/area_registry/list": [
        {"area_id": "living_room", "name": "客厅", "aliases": ["living room"], "floor_id": "ground"},
        {"area_id": "kitchen", "name": "Kitchen", "aliases": ["厨房"], "floor_id": "ground"},
        {"area_id": "bedroom", "name": "卧室", "aliases": ["bedroom"], "floor_id": "first"},
        {"area_id": "study", "name": "书房", "aliases": ["study"], "floor_id": "first"},
        {"area_id": "hall", "name": "门厅", "aliases": ["hallway"], "floor_id": "ground"},
    ],
    "config/device_registry/list": [
        {"id": "dev_lock", "name": "Lock", "name_by_user": None, "area_id": "hall"},
        {"id": "dev_fan", "name": "Fan", "name_by_user": None, "area_id": "bedroom"},
    ],
    "config/entity_registry/list": [
        {
            "entity_id": "light.ke_ting",
            "area_id": "living_room",
            "device_id": None,
            "name": None,
            "aliases": ["客厅的灯", "living room light"],
            "disabled_by": None,
            "hidden_by": None,
        },
        {
            "entity_id": "light.kitchen",
            "area_id": "kitchen",
            "device_id": None,
            "name": None,
            "aliases": ["厨房灯"],
        },
        {
            "entity_id": "cover.bedroom_blinds",
            "area_id": "bedroom",
            "device_id": None,
            "name": None,
            "aliases": ["bedroom blinds"],
        },
        {
            "entity_id": "lock.front_door",
            "area_id": None,
            "device_id": "dev_lock",
            "name": None,
            "aliases": ["大门"],
        },
        {
            "entity_id": "fan.bedroom",
            "area_id": None,
            "device_id": "dev_fan",
            "name": None,
            "aliases": ["bedroom fan"],
        },
        {
            "entity_id": "climate.study",
            "area_id": "study",
            "device_id": None,
            "name": None,
            "aliases": ["study AC"],
        },
        {"entity_id": "sensor.living_temperature", "area_id": "living_room", "device_id": None, "name": None},
        {"entity_id": "binary_sensor.kitchen_window", "area_id": "kitchen", "device_id": None, "name": None},
        {
            "entity_id": "vacuum.robot",
            "area_id": "living_room",
            "device_id": None,
            "name": None,
            "aliases": ["robot vacuum"],
        },
        {"entity_id": "switch.secret_plug", "area_id": "kitchen", "device_id": None, "name": None},
    ],
}


class FakeHomeAssistant:
    def __init__(
        self,
        *,
        token: str = TOKEN,
        states: dict[str, dict[str, Any]] | None = None,
        registries: dict[str, list[dict[str, Any]]] | None = None,
    ) -> None:
        self.token = token
        self.states = states if states is not None else household_states()
        self.registries = copy.deepcopy(registries if registries is not None else REGISTRIES)
        self.exposed = {
            entity_id: {"conversation": entity_id != "switch.secret_plug"} for entity_id in self.states
        }
        self.calls: list[dict[str, Any]] = []
        self.failing_services: dict[str, tuple[str, str]] = {}
        """``domain.service`` -> (code, message) answered with ``success: false``."""
        self.auth_attempts = 0
        self.asked: dict[str, int] = {}
        """Command type -> how many times it was sent."""
        self._server: Server | None = None
        self._http: asyncio.Server | None = None
        self.http_port = 0
        self.sentences: dict[str, tuple[str, str]] = {}
        """Conversation agent: text -> (response_type, speech)."""
        self.conversations: list[dict[str, Any]] = []
        """Bodies POSTed to /api/conversation/process with the right token."""
        self.http_status: int | None = None
        """Answer every REST request with this status (a failing Home Assistant)."""
        self._subscriptions: dict[ServerConnection, list[tuple[int, str]]] = {}
        """Per connection: (subscription id, event type)."""
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/api/websocket"

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    async def __aenter__(self) -> FakeHomeAssistant:
        await self.start()
        self._http = await asyncio.start_server(self._serve_http, "127.0.0.1", 0)
        self.http_port = self._http.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
        if self._http is not None:
            self._http.close()
            await self._http.wait_closed()

    async def _serve_http(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One HTTP/1.1 request (enough of HTTP for httpx), answered and closed."""
        try:
            request_line = (await reader.readline()).decode("latin-1").split()
            headers: dict[str, str] = {}
            while (line := (await reader.readline()).decode("latin-1").strip()) != "":
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            status, answer = self._rest(request_line, headers, body)
            payload = json.dumps(answer).encode() if not isinstance(answer, str) else answer.encode()
            kind = "application/json" if not isinstance(answer, str) else "text/plain"
            writer.write(
                f"HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {len(payload)}\r\n"
                f"Connection: close\r\n\r\n".encode()
                + payload
            )
            await writer.drain()
        finally:
            writer.close()

    def _rest(self, request_line: list[str], headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        if self.http_status is not None:
            return self.http_status, "500 Internal Server Error"
        if headers.get("authorization") != f"Bearer {self.token}":
            return 401, "401: Unauthorized"
        if request_line[:2] != ["POST", "/api/conversation/process"]:
            return 404, "404: Not Found"
        try:
            data = json.loads(body)
        except ValueError:
            return 400, {"message": "Invalid JSON specified."}
        self.conversations.append(data)
        kind, speech = self.sentences.get(
            data.get("text", ""), ("error", "Sorry, I couldn't understand that")
        )
        response: dict[str, Any] = {"response_type": kind, "language": data.get("language", "en"),
                                    "speech": {"plain": {"speech": speech, "extra_data": None}},
                                    "data": {"code": "no_intent_match"} if kind == "error" else
                                    {"targets": [], "success": [], "failed": []}}  # fmt: skip
        return 200, {
            "response": response,
            "conversation_id": "01JCONV",
            "continue_conversation": False,
        }

    async def start(self) -> None:
        self._server = await serve(self._serve, "127.0.0.1", self.port)
        self.port = next(iter(self._server.sockets)).getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def restart(self) -> None:
        """Home Assistant restarting: every connection dropped, the same port serving again."""
        await self.stop()
        await self.start()

    async def change(self, entity_id: str, state: str, **attributes: Any) -> None:
        """A change made elsewhere (the HA app, a wall switch)."""
        old = copy.deepcopy(self.states[entity_id])
        new = {**old, "state": state, "attributes": {**old["attributes"], **attributes}}
        self.states[entity_id] = new
        await self._broadcast(entity_id, old, new)

    async def _serve(self, socket: ServerConnection) -> None:
        await socket.send(json.dumps({"type": "auth_required", "ha_version": "2025.1.0"}))
        try:
            auth = json.loads(await socket.recv())
            self.auth_attempts += 1
            if auth.get("type") != "auth" or auth.get("access_token") != self.token:
                await socket.send(
                    json.dumps({"type": "auth_invalid", "message": "Invalid access token or password"})
                )
                await socket.close()
                return
            await socket.send(json.dumps({"type": "auth_ok", "ha_version": "2025.1.0"}))
            async for raw in socket:
                await self._command(socket, json.loads(raw))
        except websockets.ConnectionClosed:
            pass
        finally:
            self._subscriptions.pop(socket, None)

    async def _command(self, socket: ServerConnection, message: dict[str, Any]) -> None:
        message_id, kind = message.get("id"), message.get("type")
        self.asked[str(kind)] = self.asked.get(str(kind), 0) + 1
        if kind == "subscribe_events" and isinstance(message.get("event_type"), str):
            self._subscriptions.setdefault(socket, []).append((message_id, message["event_type"]))  # type: ignore[arg-type]
            await _result(socket, message_id, None)
        elif kind == "get_states":
            await _result(socket, message_id, list(self.states.values()))
        elif kind in self.registries:
            await _result(socket, message_id, self.registries[kind])
        elif kind == "homeassistant/expose_entity/list":
            await _result(socket, message_id, {"exposed_entities": self.exposed})
        elif kind == "call_service":
            await self._call_service(socket, message)
        else:
            await _error(socket, message_id, "unknown_command", "Unknown command.")

    async def _call_service(self, socket: ServerConnection, message: dict[str, Any]) -> None:
        message_id = message.get("id")
        self.calls.append(message)
        name = f"{message.get('domain')}.{message.get('service')}"
        if name in self.failing_services:
            await _error(socket, message_id, *self.failing_services[name])
            return
        entity_id = (message.get("target") or {}).get("entity_id")
        if entity_id not in self.states:
            await _error(socket, message_id, "not_found", f"Entity {entity_id} not found.")
            return
        applied = _apply(str(message.get("service")), message.get("service_data") or {})
        if applied is None:
            await _error(socket, message_id, "not_found", f"Service {name} not found.")
            return
        state, attributes = applied
        old = self.states[entity_id]
        await self.change(entity_id, state or old["state"], **attributes)
        await _result(socket, message_id, {"context": {"id": "ctx"}, "response": None})

    async def _broadcast(self, entity_id: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        await self.fire("state_changed", {"entity_id": entity_id, "old_state": old, "new_state": new})

    def subscribed(self) -> list[str]:
        """The event types subscribed to, over every connection."""
        return [kind for subscriptions in self._subscriptions.values() for _, kind in subscriptions]

    async def fire(self, event_type: str, data: dict[str, Any]) -> None:
        """An event on Home Assistant's bus, to every subscription of its type."""
        event = {"event_type": event_type, "data": data, "origin": "LOCAL", "context": {"id": "ctx"},
                 "time_fired": "2026-12-03T17:00:00+00:00"}  # fmt: skip
        for socket, subscriptions in list(self._subscriptions.items()):
            for subscription, wanted in subscriptions:
                if wanted == event_type:
                    with contextlib.suppress(websockets.ConnectionClosed):
                        await socket.send(json.dumps({"id": subscription, "type": "event", "event": event}))


def _apply(service: str, data: dict[str, Any]) -> tuple[str | None, dict[str, Any]] | None:
    """What a service does to a state: (new state or None to keep it, attributes)."""
    simple = {
        "turn_on": "on",
        "turn_off": "off",
        "open_cover": "open",
        "close_cover": "closed",
        "lock": "locked",
        "unlock": "unlocked",
        "start": "cleaning",
        "stop": "idle",
        "return_to_base": "returning",
    }
    if service in simple:
        attributes = dict(data)
        if "brightness_pct" in data:
            attributes["brightness"] = round(data["brightness_pct"] * 255 / 100)
        return simple[service], attributes
    if service == "set_cover_position":
        return ("open" if data["position"] > 0 else "closed"), {"current_position": data["position"]}
    if service == "set_percentage":
        return ("on" if data["percentage"] > 0 else "off"), {"percentage": data["percentage"]}
    if service == "set_hvac_mode":
        return data["hvac_mode"], {}
    if service in ("set_temperature", "set_fan_mode", "oscillate", "set_cover_tilt_position"):
        renamed = {"tilt_position": "current_tilt_position"}
        return None, {renamed.get(key, key): value for key, value in data.items()}
    return None


async def _result(socket: ServerConnection, message_id: Any, result: Any) -> None:
    await socket.send(json.dumps({"id": message_id, "type": "result", "success": True, "result": result}))


async def _error(socket: ServerConnection, message_id: Any, code: str, text: str) -> None:
    await socket.send(
        json.dumps(
            {"id": message_id, "type": "result", "success": False, "error": {"code": code, "message": text}}
        )
    )


async def wait_until(condition: Any, timeout_seconds: float = 20.0) -> None:
    """Poll ``condition`` (state kept by another task) until it holds; generous for a loaded machine."""
    async with asyncio.timeout(timeout_seconds):
        while not condition():  # noqa: ASYNC110 - the state is another object's, with no event to wait on
            await asyncio.sleep(0.02)
