"""ting (听): shared code for the device agent, the skill server and the skills.

Sub-packages: ``hermes`` (wire messages), ``mqtt`` (client and embedded broker),
``nlu`` (template intent recognizer and household registry), ``settings``,
``errors`` and ``cli`` (the ``ting`` command).
"""

__version__ = "0.1.0"
