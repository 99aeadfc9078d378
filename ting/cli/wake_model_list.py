"""``ting models list``'s lines for the wake word and barge-in stop phrase models: each configured phrase's
trained model (made here by ``ting wake train``, or sent by the server) and what it was trained on, or how to
get one.

Like ``ting.cli.wake``, it imports device code only when called: ``ting`` also runs on servers without it.
"""

from __future__ import annotations

from pathlib import Path

from ting.errors import SpeechModelError
from ting.settings import DeviceSettings


def describe_models(device: DeviceSettings) -> list[str]:
    """Lines for ``ting models list``: each wake phrase's trained model, or how to make one."""
    from ting.device.wake.trained import model_path

    models_dir = device.models_dir.expanduser()
    lines = []
    for lang, phrase in device.wake_phrases.items():
        path = model_path(models_dir, phrase, lang)
        if path.exists():
            lines.append(f"  {lang:<3} {phrase!r}  {path}  {_model_summary(path, phrase, lang)}")
        else:
            lines.append(
                f"  {lang:<3} {phrase!r}  no trained model yet (the server sends one when it has trained it; "
                f"or here: ting wake train --lang {lang})"
            )
    return lines


def describe_stop_models(device: DeviceSettings) -> list[str]:
    """Lines for ``ting models list``: each barge-in stop and pause phrase's trained model, or how to make
    one."""
    from ting.device.wake.stop_training import stop_model_path

    models_dir = device.models_dir.expanduser()
    lines = []
    for kind, table in (("stop", device.stop_phrases), ("pause", device.pause_phrases)):
        for lang, phrases in table.items():
            for phrase in phrases:
                path = stop_model_path(models_dir, phrase, lang)
                if path.exists():
                    summary = _model_summary(path, phrase, lang, "--stop ")
                    lines.append(f"  {lang:<3} {kind:<5} {phrase!r}  {path}  {summary}")
                else:
                    lines.append(
                        f"  {lang:<3} {kind:<5} {phrase!r}  no trained model yet (the server sends one when "
                        f"it has trained it; or here: ting wake train --stop --lang {lang})"
                    )
    return lines


def _model_summary(path: Path, phrase: str, lang: str, stop: str = "") -> str:
    from ting.device.wake.classifier import WakeModel
    from ting.device.wake_models import SERVER_SUFFIX

    try:
        model = WakeModel.load(path)
    except SpeechModelError as error:
        return f"UNUSABLE: {error}"
    if (model.phrase, model.lang) != (phrase, lang):
        return (
            f"UNUSABLE: trained for {model.phrase!r} ({model.lang}); "
            f"ting wake train {stop}--lang {lang} --force"
        )
    info = model.info
    trained = str(info.get("trained", "at an unknown time")).replace("T", " ")
    voices = len(info.get("voices", ())) or "?"
    variants = len(info.get("variants", ())) or "?"
    shape = f"{voices} voices x {variants} variants" if info.get("variants") else f"{voices} voices"
    origin = "from the server" if path.with_name(path.name + SERVER_SUFFIX).is_file() else "made here"
    return f"{origin}, trained {trained} on {info.get('clips', '?')} clips ({shape})"
