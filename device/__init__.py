"""The device agent: microphone → wake word → end of speech → recognition → intent over MQTT, answers back.

``agent`` assembles the parts and runs the capture loop; ``conversation`` holds the state and session both
sides move; ``answers`` takes the server's messages; ``capture`` / ``recognition`` hear the command;
``ringing`` rings alarms; ``wake`` and ``stt`` hold the engines, built by ``parts``.
"""
