"""MQTT transport: broker URLs, the Hermes client and the embedded broker."""

from ting.mqtt.client import ANSWER_WAIT_SECONDS, HermesClient
from ting.mqtt.url import BrokerAddress, parse_broker_url

__all__ = ["ANSWER_WAIT_SECONDS", "BrokerAddress", "HermesClient", "parse_broker_url"]
