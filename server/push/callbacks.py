"""Commands from chats: the WeCom application and Official Account callback endpoints.

Every request is verified before anything is parsed or run: signature (401 when wrong), then
the timestamp within the replay window (403), then decryption and the receive id (400/403).
Only ``[chat.users]`` are served; a message id seen before is acknowledged and ignored (WeCom
and WeChat retry a callback three times when no answer came within 5 s). The text goes through
the same NLU -> skill path as speech, in the user's default room; an answer ready within
``chat.reply_within_seconds`` is the passive (encrypted) reply, a slower one is acknowledged with
an empty answer and sent through the outbox as a message to that user.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response

from ting.server.push.base import Notification
from ting.server.push.crypto import CallbackError, MessageCrypto, verify
from ting.server.state import ServerState
from ting.settings import ChatCallback, WecomAppChannel

_LOGGER = logging.getLogger(__name__)

router = APIRouter()


def _state(request: Request) -> ServerState:
    app = getattr(request.app.state, "main", request.app)  # the public listener serves the main app's state
    state: ServerState | None = getattr(app.state, "ting", None)
    if state is None:
        raise HTTPException(status_code=503, detail="the server is starting")
    return state


def _xml(text: str | bytes) -> Element:
    try:
        root: Element = ElementTree.fromstring(text)
    except Exception:  # defusedxml raises several kinds for hostile or broken input
        raise CallbackError("body is not acceptable XML", 400) from None
    return root


def _field(root: Element, name: str) -> str:
    return (root.findtext(name) or "").strip()


def _check_time(state: ServerState, timestamp: str) -> None:
    window = state.settings.chat.replay_window_seconds
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > window:
        raise CallbackError("timestamp outside the replay window", 403)


def _setup(state: ServerState, side: str) -> tuple[ChatCallback, Any]:
    callback = state.settings.chat.wecom if side == "wecom" else state.settings.chat.wechat
    if callback is None:
        raise CallbackError(f"chat.{side} is not configured", 404)
    return callback, state.settings.push[callback.channel]


def _crypto(state: ServerState, side: str) -> MessageCrypto | None:
    callback, channel = _setup(state, side)
    if callback.encoding_aes_key is None:
        return None
    receive_id = channel.corpid if isinstance(channel, WecomAppChannel) else channel.appid
    return MessageCrypto(callback.token, callback.encoding_aes_key, receive_id)


def _refuse(error: CallbackError, where: str) -> Response:
    _LOGGER.warning("%s callback refused: %s", where, error)
    return PlainTextResponse(str(error), status_code=error.status)


# -- WeCom application --------------------------------------------------------------------------


@router.get("/api/wecom/callback", response_class=PlainTextResponse)
async def wecom_verify(
    request: Request, msg_signature: str = "", timestamp: str = "", nonce: str = "", echostr: str = ""
) -> Response:
    """URL verification: decrypt ``echostr`` and answer it in plain text."""
    try:
        crypto = _crypto(_state(request), "wecom")
        if crypto is None:
            raise CallbackError("chat.wecom.encoding_aes_key is required", 404)
        return PlainTextResponse(crypto.decrypt(echostr, msg_signature, timestamp, nonce))
    except CallbackError as error:
        return _refuse(error, "wecom")


@router.post("/api/wecom/callback")
async def wecom_message(
    request: Request, msg_signature: str = "", timestamp: str = "", nonce: str = ""
) -> Response:
    state = _state(request)
    try:
        crypto = _crypto(state, "wecom")
        if crypto is None:
            raise CallbackError("chat.wecom.encoding_aes_key is required", 404)
        encrypted = _field(_xml(await request.body()), "Encrypt")
        verify(msg_signature, crypto.token, timestamp, nonce, encrypted)
        _check_time(state, timestamp)
        message = _xml(crypto.decrypt(encrypted, msg_signature, timestamp, nonce))
    except CallbackError as error:
        return _refuse(error, "wecom")
    answer = await _answer(state, "wecom", message)
    if answer is None:
        return PlainTextResponse("")
    return Response(crypto.reply_xml(_reply(message, answer), timestamp, nonce), media_type="application/xml")


# -- WeChat Official Account --------------------------------------------------------------------


@router.get("/api/wechat/callback", response_class=PlainTextResponse)
async def wechat_verify(
    request: Request, signature: str = "", timestamp: str = "", nonce: str = "", echostr: str = ""
) -> Response:
    try:
        callback, _ = _setup(_state(request), "wechat")
        verify(signature, callback.token, timestamp, nonce)
    except CallbackError as error:
        return _refuse(error, "wechat")
    return PlainTextResponse(echostr)


@router.post("/api/wechat/callback")
async def wechat_message(
    request: Request,
    signature: str = "",
    timestamp: str = "",
    nonce: str = "",
    msg_signature: str = "",
    encrypt_type: str = "",
) -> Response:
    state = _state(request)
    try:
        callback, _ = _setup(state, "wechat")
        verify(signature, callback.token, timestamp, nonce)
        _check_time(state, timestamp)
        crypto = _crypto(state, "wechat")
        body = _xml(await request.body())
        if crypto is not None:
            if encrypt_type != "aes":
                raise CallbackError("plaintext message while safe mode (encoding_aes_key) is configured", 403)
            body = _xml(crypto.decrypt(_field(body, "Encrypt"), msg_signature, timestamp, nonce))
    except CallbackError as error:
        return _refuse(error, "wechat")
    answer = await _answer(state, "wechat", body)
    if answer is None:
        return PlainTextResponse("success")
    reply = _reply(body, answer)
    if crypto is not None:
        reply = crypto.reply_xml(reply, timestamp, nonce)
    return Response(reply, media_type="application/xml")


# -- both ---------------------------------------------------------------------------------------


async def _answer(state: ServerState, side: str, message: Element) -> str | None:
    """The answer to give passively, or None (ignored, or answered later as a message)."""
    sender = _field(message, "FromUserName")
    user = state.settings.chat.users.get(sender)
    if user is None:
        _LOGGER.warning("%s: message from an unknown user ignored", side)
        return None
    if _field(message, "MsgType") != "text":
        return None
    if not await state.chat_dedupe.first_time(side, _field(message, "MsgId")):
        _LOGGER.info("%s: message %s seen before (a retry): not run again", side, _field(message, "MsgId"))
        return None
    text = _field(message, "Content")[:1000]
    answering = state.runtime.answer_text(text, site_id=user.site, channel="chat", who=user.member)
    work = asyncio.create_task(answering)
    try:
        answer = await asyncio.wait_for(asyncio.shield(work), state.settings.chat.reply_within_seconds)
    except TimeoutError:
        work.add_done_callback(lambda done: _send_later(state, side, sender, _field(message, "MsgId"), done))
        return None
    _LOGGER.info("%s: %s (%s) in %s: %s", side, user.member, sender, user.site, answer.response.text)
    return answer.response.text


def _send_later(state: ServerState, side: str, sender: str, message_id: str, done: asyncio.Task[Any]) -> None:
    if done.cancelled() or done.exception() is not None or state.push is None:
        return
    callback, _ = _setup(state, side)
    notification = Notification(text=done.result().response.text, to=(sender,), event="chat.answer")
    task = asyncio.get_running_loop().create_task(
        state.push.outbox.enqueue(callback.channel, notification, f"chat.answer:{message_id or time.time()}")
    )
    task.add_done_callback(_log_queue_failure)


def _log_queue_failure(task: asyncio.Task[bool]) -> None:
    if not task.cancelled() and task.exception() is not None:
        _LOGGER.error("chat answer not queued: %s", task.exception())


def _reply(message: Element, text: str) -> str:
    """A passive text reply: to the sender, from the app."""
    safe = text.replace("]]>", "]]]]><![CDATA[>")
    return (
        f"<xml><ToUserName><![CDATA[{_field(message, 'FromUserName')}]]></ToUserName>"
        f"<FromUserName><![CDATA[{_field(message, 'ToUserName')}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{safe}]]></Content></xml>"
    )
