"""The server, assembled once from settings: every part gets what it needs in its constructor.

Order: broker (embedded, if configured) → store → household and its home backends (those on MQTT
connect here and read their devices' discovery) → skills and their grammars → MQTT client
(not connected yet; it announces the grammars on every connect) → push layer → events → presence →
alarms → media (library, stations, players) → daily jobs → skills' services, skills started → Hermes service
(answering through an ``AnswerPublisher``, which holds answers across a broker restart) → the dashboard's
activity tracker → topic router, whose filters are the client's subscriptions → the client connects.
Nothing is attached afterwards; the app's lifespan starts the tasks.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import AsyncExitStack

import httpx

from ting.clock import HouseholdClock
from ting.errors import MqttError
from ting.messages import MediaState, SiteStatus
from ting.mqtt.answers import AnswerPublisher
from ting.mqtt.broker import start_embedded_broker_if_needed
from ting.mqtt.client import HermesClient
from ting.nlu import IntentRecognizer, SentenceFile
from ting.nlu.fallback import FallbackOptions
from ting.nlu.names import SlotNames
from ting.nlu.registry import Household
from ting.server.activity import Activity
from ting.server.alarms.service import AlarmService, open_alarms
from ting.server.dialogue import Dialogues
from ting.server.events import Events
from ting.server.grammar import Grammars
from ting.server.hermes_service import HermesService
from ting.server.home_ha.conversation import HaConversation
from ting.server.home_mqtt.assemble import open_home
from ting.server.household_reload import HouseholdFeed, HouseholdReload
from ting.server.media.files import UrlSigner, load_secret
from ting.server.media.library import Library
from ting.server.media.names import library_names, names_updater
from ting.server.media.players import Players
from ting.server.media.queues import Queues
from ting.server.media.radio import Stations
from ting.server.media.radio_browser import RadioBrowser
from ting.server.media.service import ServerMedia
from ting.server.media.volumes import Volumes
from ting.server.presence import Presence, PresenceChange
from ting.server.push.dedupe import ChatDedupe
from ting.server.push.last_answers import LastAnswers
from ting.server.push.layer import PushLayer, device_event
from ting.server.router import Route, TopicRouter
from ting.server.runtime import Fallback, SkillRuntime
from ting.server.schedules import DailyScheduler
from ting.server.services import EventPush, SiteAnnouncer, SkillList
from ting.server.state import ServerState
from ting.server.store import open_store
from ting.server.store.base import Store
from ting.server.wake_models import WakeModels, model_folder
from ting.settings import Settings
from ting.skills.sdk import HomeBackend, Services
from ting.skills.sdk.loader import LoadedSkills, load_skills

_LOGGER = logging.getLogger(__name__)


async def assemble(settings: Settings, stack: AsyncExitStack) -> ServerState:
    """Build every part; what needs closing is registered on ``stack`` (closed in reverse order)."""
    await stack.enter_async_context(start_embedded_broker_if_needed(settings.mqtt))
    store = await stack.enter_async_context(open_store(settings.store))
    feed = HouseholdFeed()
    household, home = await open_home(settings, store, stack, feed.put)
    skills = load_skills(settings.skills)
    grammars = Grammars(skills, household, SlotNames())  # the recognizer shares its names
    wake_models = WakeModels(settings.server, model_folder(settings.store.data_dir))
    wake_models.want_all(settings.device.wake_phrases)  # trained once the app runs (``run``)
    wake_models.want_stop(settings.device.stop_phrases, settings.device.pause_phrases)  # after those
    client = HermesClient(
        settings.mqtt,
        client_id=settings.mqtt.client_id or f"ting-{settings.server.server_id}",
        site_id=settings.server.server_id,
        role="server",
        on_connected=[grammars.publish, wake_models.publish],
    )
    push = PushLayer(settings, store)
    stack.push_async_callback(push.aclose)
    events = Events(client, listeners=[push.route])

    async def announce(change: PresenceChange) -> None:
        try:
            await events.publish(device_event(change, settings.household.language))
        except MqttError as error:  # the push outbox has it already; only the MQTT copy is lost
            _LOGGER.warning("%s is %s: event not published on MQTT (%s)", change.site_id, change.state, error)

    presence = Presence(listeners=[announce])
    alarms = await stack.enter_async_context(
        open_alarms(settings, events=events.emit, publisher=client, presence=presence)
    )
    answers = LastAnswers()
    media = await open_media(settings, store, client, grammars)
    schedules = DailyScheduler(store, timezone=settings.household.timezone)
    stack.push_async_callback(schedules.close)
    fallback = await open_hand_off(settings, stack)
    runtime = await build_runtime(
        settings,
        store,
        household,
        skills,
        home=home,
        alarms=alarms,
        push=EventPush(events.emit, push.channels_for),
        answers=answers,
        media=media,
        schedules=schedules,
        announcer=SiteAnnouncer(client, presence),
        names=grammars.names,
        fallback=fallback,
    )
    for failure in runtime.skills.failures:
        _LOGGER.warning("skill %s not loaded: %s", failure.name, failure.reason)
    dialogues = Dialogues(timeout_seconds=settings.server.session_timeout_seconds)
    replies = AnswerPublisher(
        client,
        hold_seconds=settings.server.answer_hold_seconds,
        max_held=settings.server.max_held_answers,
    )
    service = HermesService(
        runtime,
        replies,
        dialogues,
        understands_itself=presence.is_device,
        unanswered_intent_seconds=settings.server.unanswered_intent_seconds,
    )
    activity = Activity(kept_audio=settings.server.live_audio_kept)
    router = TopicRouter(
        [
            *service.routes(),
            Route(SiteStatus.subscription(), presence.on_status),
            Route(SiteStatus.subscription(), wake_models.on_status),
            Route(MediaState.subscription(), media.players.on_state),
            *activity.routes(),
        ]
    )
    await client.subscribe(*router.subscriptions())  # not connected yet: taken as the first subscriptions
    await stack.enter_async_context(client)  # connects (in the background); closed first on the way out
    return ServerState(
        settings=settings,
        store=store,
        runtime=runtime,
        service=service,
        client=client,
        alarms=alarms,
        schedules=schedules,
        push=push,
        router=router,
        grammars=grammars,
        presence=presence,
        media=media,
        chat_dedupe=ChatDedupe(store, window_seconds=settings.chat.replay_window_seconds),
        activity=activity,
        wake_models=wake_models,
        household_reload=HouseholdReload(
            feed,
            runtime=runtime,
            grammars=grammars,
            client=client,
            recognizer_for=lambda new: make_recognizer(settings, skills, new, grammars.names),
        ),
    )


async def build_runtime(
    settings: Settings,
    store: Store,
    household: Household,
    skills: LoadedSkills,
    *,
    home: HomeBackend,
    alarms: AlarmService,
    push: EventPush,
    answers: LastAnswers,
    media: ServerMedia,
    schedules: DailyScheduler,
    announcer: SiteAnnouncer,
    names: SlotNames | None = None,
    fallback: Fallback | None = None,
) -> SkillRuntime:
    """Compile the loaded skills' sentences, give each skill its services, start them.

    A skill whose sentences do not compile is dropped (a failure, like a skill that does not import)
    before it is started; the others run. ``names``: the values of the sentences' ``names`` lists (the
    music library's), replaced while running."""
    clock = HouseholdClock(settings.household.timezone)
    recognizer = make_recognizer(settings, skills, household, names)
    for name, problem in recognizer.skipped.items():
        skills.disable(name, f"sentences do not compile: {problem}")
    catalog = SkillList(skills)
    services = {
        skill.name: Services(
            store=store.view(skill.name),
            clock=clock,
            household=household,
            home=home,
            alarms=alarms,
            push=push,
            skills=catalog,
            answers=answers,
            media=media,
            schedules=schedules.for_skill(skill.name),
            announcer=announcer,
            settings=skills.settings_of(skill.name),
        )
        for skill in skills.skills
    }
    await _start_skills(skills, services)
    schedules.attach({skill.name: (skill, services[skill.name]) for skill in skills.skills})
    return SkillRuntime(
        skills=skills,
        recognizer=recognizer,
        services=services,
        household=household,
        home=home,
        default_lang=settings.household.language,
        answer_listeners=[answers.record],
        notices=alarms.take_notices,
        max_input_chars=settings.nlu.max_input_chars,
        fallback=fallback,
    )


async def open_hand_off(settings: Settings, stack: AsyncExitStack) -> Fallback | None:
    """Home Assistant's conversation agent for sentences no skill understands, when configured."""
    config = settings.home_assistant
    if not (config.enabled and config.conversation):
        return None
    http = await stack.enter_async_context(httpx.AsyncClient())
    return HaConversation(config, http).answer


def make_recognizer(
    settings: Settings, skills: LoadedSkills, household: Household, names: SlotNames | None
) -> IntentRecognizer:
    """The NLU of the loaded skills' sentences for ``household`` (blocking: seconds for a big home)."""
    files = [SentenceFile(skill=skill, lang=lang, path=path) for skill, lang, path in skills.sentence_files()]
    return IntentRecognizer.from_files(
        files,
        household,
        confidence_threshold=settings.nlu.confidence_threshold,
        clock=HouseholdClock(settings.household.timezone),
        names=names,
        fallback=FallbackOptions.of(settings.nlu),
    )


async def open_media(
    settings: Settings, store: Store, client: HermesClient, grammars: Grammars
) -> ServerMedia:
    """The library (records from the store; the first scan runs as a task of the app), stations, players.
    The library's names reach ``grammars.names`` now (from the store) and after every scan."""
    config = settings.media
    library = Library(store, config.library_folders, min_score=config.min_match_score)
    await library.load()
    grammars.names.update(library_names(library, config.grammar_names_per_kind))
    base_url = config.public_base_url or f"http://{settings.server.http_host}:{settings.server.http_port}"
    signer = UrlSigner(
        await load_secret(store, config.url_secret), base_url=base_url, ttl_seconds=config.url_ttl_seconds
    )
    directory = config.radio_browser
    queues = Queues(store)
    await queues.load()
    volumes = Volumes(store)
    await volumes.load()
    return ServerMedia(
        library,
        Stations(config.stations),
        Players(client, queues=queues, volumes=volumes),
        signer,
        rescan_interval_seconds=config.rescan_interval_seconds,
        on_scanned=[names_updater(library, grammars, client, per_kind=config.grammar_names_per_kind)],
        directory=RadioBrowser(directory, store) if directory.enabled else None,
        countries=directory.countries or (("CN",) if settings.household.language == "zh" else ()),
    )


async def _start_skills(skills: LoadedSkills, services: Mapping[str, Services]) -> None:
    for skill in list(skills.skills):
        for hook in skill.start_hooks:
            try:
                await hook(services[skill.name])
            except Exception as error:  # a broken skill is reported and skipped
                _LOGGER.exception("skill %s failed to start; it is disabled", skill.name)
                skills.disable(skill.name, f"start failed: {error!r}")
                break
