"""The NLU's statistical second pass: an intent and slots for a sentence the templates refused.

``samples`` draws training sentences from the skills' templates, ``featurize`` turns tokens into
n-gram features, ``model`` is the naive Bayes classifier, ``frames`` what slots an intent's templates
allow, ``spot`` finds them in the sentence, ``parser`` puts it together (docs/nlu.md, "The statistical
second pass").
"""

from ting.nlu.fallback.parser import STATISTICAL, FallbackOptions, StatisticalParser

__all__ = ["STATISTICAL", "FallbackOptions", "StatisticalParser"]
