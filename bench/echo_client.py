"""The ceiling for the Hermes benchmark: a bare paho client that answers each message at once.

It subscribes to ``hermes/intent/#`` and publishes one ``hermes/tts/say`` per message, with
the same QoS and session id, and does nothing else: no JSON schema, no skills, no store.
Run by bench/hermes_throughput.py as its own process, like the server.
"""

from __future__ import annotations

import json
import signal
import socket
import sys
import threading

import paho.mqtt.client as mqtt


def main(host: str, port: int) -> None:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-echo", clean_session=True)
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    ready = threading.Event()

    def on_connect(
        client: mqtt.Client, _userdata: object, _flags: object, _reason: object, _props: object
    ) -> None:
        sock = client.socket()
        if isinstance(sock, socket.socket):  # send small packets at once: paho leaves Nagle on
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        client.subscribe("hermes/intent/#", qos=1)

    def on_subscribe(*_args: object) -> None:
        ready.set()
        print("ready", flush=True)

    def on_message(client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage) -> None:
        intent = json.loads(message.payload)
        answer = {
            "text": "ok",
            "siteId": intent.get("siteId", "default"),
            "sessionId": intent.get("sessionId"),
        }
        client.publish("hermes/tts/say", json.dumps(answer), qos=1)

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    client.connect(host, port)
    signal.signal(signal.SIGTERM, lambda *_: client.disconnect())
    client.loop_forever()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
