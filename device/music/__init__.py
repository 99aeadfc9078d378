"""Music on the device: ``decoder`` (ffmpeg: files and HTTP streams to PCM), ``output`` (where PCM goes: the
sound card, or a recorder), ``player`` (queue, pause/resume/next/previous, volume, ducking, stream
reconnects, state), ``control`` (the ``ting/media/<siteId>/...`` messages). docs/music.md."""
