"""Building the configured channels from ``[push.<name>]`` settings."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from ting.server.push.base import Channel
from ting.server.push.pushplus import PushPlus
from ting.server.push.serverchan import ServerChan
from ting.server.push.wechat_mp import WechatMp
from ting.server.push.wecom_app import WecomApp
from ting.server.push.wecom_bot import WecomBot
from ting.server.push.wxpusher import WxPusher
from ting.settings import (
    PushChannelSettings,
    PushPlusChannel,
    ServerChanChannel,
    WechatMpChannel,
    WecomAppChannel,
    WecomBotChannel,
    WxPusherChannel,
)


def build_channel(name: str, settings: PushChannelSettings, http: httpx.AsyncClient) -> Channel:
    match settings:
        case WecomBotChannel():
            return WecomBot(name, settings, http)
        case WecomAppChannel():
            return WecomApp(name, settings, http)
        case WechatMpChannel():
            return WechatMp(name, settings, http)
        case ServerChanChannel():
            return ServerChan(name, settings, http)
        case PushPlusChannel():
            return PushPlus(name, settings, http)
        case WxPusherChannel():
            return WxPusher(name, settings, http)


def build_channels(
    settings: Mapping[str, PushChannelSettings], http: httpx.AsyncClient
) -> dict[str, Channel]:
    return {name: build_channel(name, channel, http) for name, channel in settings.items()}


def http_client(timeout_seconds: float = 10.0) -> httpx.AsyncClient:
    """The client every channel shares (connection reuse); no redirects to other hosts."""
    return httpx.AsyncClient(timeout=timeout_seconds, follow_redirects=False, trust_env=False)
