"""The archive: what the `newsbot` CLI and the bot open — the store, with indexing and
search as methods, so that callers hold one object.

    idx = open_index("newsbot.db")
    idx.add_articles(articles) · idx.ask(question, k) · idx.quotes(speaker)

Each method is one call into the part that owns it (`index.indexing`, `index.search`); the
store underneath knows none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from index import indexing
from index.indexing import AddResult
from index.search.quotes import quotes_of
from index.search.answers import ask
from index.store.index import Store
from index.store.models import Answer, Article, Hit


class Index(Store):
    """A newsbot index in one SQLite file. Safe to share between threads.

    Open with `open_index()`. Reading methods never create the file; `add_articles()` does.
    `extract_quotes` and `queue_digest` say what indexing does besides search (see
    `index.indexing.add_articles`).
    """

    def __init__(self, path: str | Path, create: bool = True, extract_quotes: bool = True) -> None:
        super().__init__(path, create=create)
        self.extract_quotes = extract_quotes
        self.queue_digest = True
        if self.path.exists():
            indexing.ensure_ready(self, extract_quotes)

    def add_article(self, article: Article) -> AddResult:
        """Index one article in its own transaction. See `add_articles`."""
        return self.add_articles([article])[0]

    def add_articles(self, articles: Iterable[Article], batch_size: int = indexing.BATCH_SIZE,
                     on_result: Callable[[Article, AddResult], None] | None = None,
                     workers: int = 1) -> list[AddResult]:
        """Index articles (see `index.indexing.add_articles`); what happened to each."""
        return indexing.add_articles(self, articles, batch_size=batch_size, on_result=on_result, workers=workers,
                                     with_quotes=self.extract_quotes, queue_digest=self.queue_digest)

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and everything derived from it; False if it was not there."""
        return indexing.delete_article(self, article_id)

    def reanalyze(self) -> int:
        """Rebuild every article's passages from its stored text (after an analyzer change)."""
        return indexing.reanalyze(self, self.extract_quotes)

    def ask(self, question: str, k: int = 5) -> Answer:
        """Answer a question with the `k` best passages (see `index.search.ranking.ask`)."""
        return ask(self, question, k)

    def quotes(self, speaker: str | None = None, limit: int = 50) -> list[Hit]:
        """Quotations, newest first, optionally of one speaker (see `index.search.quotes`)."""
        return quotes_of(self, speaker, limit)


def open_index(path: str | Path, create: bool = True, extract_quotes: bool = True) -> Index:
    """Open (by default creating) the newsbot index at `path`.

    Raises NotADatabaseError for a file that is not a newsbot database (left untouched) and, with
    `create=False`, IndexMissingError when there is no file. `extract_quotes=False` indexes
    without looking for quotations (faster; "qui a dit" questions then answer with passages only).
    """
    return Index(path, create=create, extract_quotes=extract_quotes)
