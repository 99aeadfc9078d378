"""The device agent: microphone → wake word → end of speech → recognition → intent over MQTT.

The audio pipeline lands with the device issue; until then ``ting demo`` drives the
skill server with typed text through the same Hermes topics a device uses.
"""
