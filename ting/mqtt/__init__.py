"""MQTT transport: broker URLs, the Hermes client and the embedded broker."""

from ting.mqtt.client import HermesClient
from ting.mqtt.url import BrokerAddress, parse_broker_url

__all__ = ["BrokerAddress", "HermesClient", "parse_broker_url"]
