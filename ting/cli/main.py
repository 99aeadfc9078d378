"""``ting``: one command, a sub-command per job (demo, server, nlu ...).

Every sub-command takes ``--config FILE`` and ``--mqtt URL``; settings are loaded and
validated once here and passed in. A bad config exits with status 2 and a message naming
the file, the key and what was expected.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from ting import __version__, redaction
from ting.errors import ConfigError, TingError
from ting.settings import Settings, load_settings

_LOGGER = logging.getLogger(__name__)

DEVICE_EXTRA = "pip install 'ting-voice[device]'"
_DEVICE_EXTRA_MODULES = frozenset(
    {"numpy", "onnxruntime", "pocketsphinx", "pyttsx3", "sounddevice", "vosk", "webrtcvad"}
)
"""Top-level modules that only the ``device`` extra installs: a device command on a plain install
(a server) says which extra it needs instead of ending in a traceback."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: the options may stand before or after the sub-command without one resetting the other.
    common.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        help="TOML settings file (default: ./ting.toml, then ~/.config/ting/ting.toml)",
    )
    common.add_argument(
        "--mqtt",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="broker URL mqtt://[user:pass@]host:port (overrides the config)",
    )
    common.add_argument(
        "--log-level",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        default=argparse.SUPPRESS,
        help="overrides logging.level",
    )

    parser = argparse.ArgumentParser(
        prog="ting", description="ting (听): offline bilingual voice assistant", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"ting {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    from ting.cli import demo, device, models, nlu, push, server, transcribe, voices, wake

    for module in (demo, server, nlu, models, voices, wake, transcribe, device, push):
        module.add_parser(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(getattr(args, "config", None), mqtt_url=getattr(args, "mqtt", None))
    except ConfigError as error:
        print(f"ting: {error}", file=sys.stderr)
        return 2
    _configure_logging(settings, getattr(args, "log_level", None))
    try:
        result: int = args.run(args, settings)
    except KeyboardInterrupt:
        return 130
    except ModuleNotFoundError as error:
        if error.name is None or error.name.split(".")[0] not in _DEVICE_EXTRA_MODULES:
            raise
        print(f"ting {args.command}: needs the device extra ({error}): {DEVICE_EXTRA}", file=sys.stderr)
        return 1
    except ConfigError as error:
        print(f"ting: {error}", file=sys.stderr)
        return 2
    except TingError as error:
        print(f"ting: {error}", file=sys.stderr)
        return 1
    return result


def _configure_logging(settings: Settings, override: str | None) -> None:
    redaction.install(settings)  # before anything logs: no secret in any log line
    logging.basicConfig(
        level=override or settings.logging.level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("amqtt", "transitions", "uvicorn.error"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))


if __name__ == "__main__":
    sys.exit(main())
