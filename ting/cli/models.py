"""``ting models list`` and ``ting models download NAME``: the official Vosk models."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from device.models import CATALOGUE, RECOMMENDED, ProgressBar, download_model, find_model
from ting.settings import Settings


def add_parser(commands: Any, common: argparse.ArgumentParser | None = None) -> None:
    parents = [common] if common is not None else []
    models = commands.add_parser("models", parents=parents, help="list and download Vosk speech models")
    actions = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", parents=parents, help="the official models and which are installed")
    listing.set_defaults(run=run_list)
    download = actions.add_parser("download", parents=parents, help="download, verify and unpack a model")
    download.add_argument("name", metavar="NAME", help=f"e.g. {RECOMMENDED['en']} or {RECOMMENDED['zh']}")
    download.set_defaults(run=run_download)


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    models_dir = settings.device.models_dir.expanduser()
    print(f"{'NAME':<20} {'LANG':<5} {'SIZE':>8}  {'INSTALLED':<9}  DESCRIPTION")
    for info in CATALOGUE.values():
        installed = "yes" if (models_dir / info.folder).is_dir() else "-"
        print(f"{info.name:<20} {info.lang:<5} {info.size_mb:>5} MB  {installed:<9}  {info.description}")
    print(f"\nmodels directory: {models_dir} (device.models_dir)")
    return 0


def run_download(args: argparse.Namespace, settings: Settings) -> int:
    info = find_model(args.name)
    device = settings.device
    bar = ProgressBar(info.name, sys.stderr)
    try:
        result = download_model(info, device.models_dir.expanduser(), device.models_base_url, progress=bar)
    finally:
        bar.finish()
    if result.checksum_verified:
        print(f"checksum: SHA-256 {result.sha256} verified", file=sys.stderr)
    else:
        print(
            f"checksum: no published SHA-256 for {info.name}; verified the size ({result.size_bytes} bytes) "
            f"against the server's and recorded SHA-256 {result.sha256}",
            file=sys.stderr,
        )
    print(f"installed {info.name} in {result.model_dir}", file=sys.stderr)
    print("add to ting.toml to use it:", file=sys.stderr)
    engine = '\nstt_engine = "vosk"' if info.lang == "en" else ""
    print(f'[device]{engine}\nvosk_model_dirs = {{ {info.lang} = "{result.model_dir}" }}')
    return 0
