"""The parts of bench/barge_in.py: the audio it makes (``audio``), the device's listener run over it
(``listen``) and each measurement (``measure``)."""
