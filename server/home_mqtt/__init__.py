"""Home backends reached over MQTT: Zigbee2MQTT and Tasmota, and several backends at once.

``link``: ting's MQTT client on a backend's broker. ``states``: the state cache fed by the devices'
own messages (a wall switch is known at once). ``z2m_exposes`` / ``zigbee2mqtt``: Zigbee2MQTT's
``bridge/devices`` and ``/set``. ``tasmota_discovery`` / ``tasmota``: Tasmota's discovery and
``cmnd``/``stat``/``tele``. ``routed``: one ``HomeBackend`` over several, by device id.
``household``: the mapped devices joined to the household. ``assemble``: all of it from settings.
"""
