"""Natural-language understanding: sentence templates + household registry -> intents and slots."""

from ting.nlu.language import detect_language
from ting.nlu.normalize import normalize_text, tokenize
from ting.nlu.recognizer import IntentRecognizer
from ting.nlu.registry import Area, Device, Household, Scene, SceneAction, load_household
from ting.nlu.result import Recognition, RecognizedSlot
from ting.nlu.sentences import SentenceFile, discover_sentence_files, load_sentence_file

__all__ = [
    "Area",
    "Device",
    "Household",
    "IntentRecognizer",
    "Recognition",
    "RecognizedSlot",
    "Scene",
    "SceneAction",
    "SentenceFile",
    "detect_language",
    "discover_sentence_files",
    "load_household",
    "load_sentence_file",
    "normalize_text",
    "tokenize",
]
