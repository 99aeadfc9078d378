"""Music on the server: the library (``library``), signed file URLs and their HTTP route (``files``), radio
stations (``radio``), the rooms' players over MQTT (``players``), and ``ServerMedia``, the SDK's ``Media``
made of them (``service``). docs/music.md."""
