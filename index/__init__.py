"""newsbot's index: articles, French BM25 search, quotes and digests — a library with no Slack.

The public API, used by the `newsbot` CLI and the bot:

    from index import open_index, ingest
    idx = open_index("newsbot.db")
    report = ingest(idx, ["seeds/"])
    answer = idx.ask("qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?", k=3)
    answer.to_dict()   # the `newsbot ask --json` contract
"""

from index.store.errors import IndexMissingError, NewsbotError, NotADatabaseError, ReadError
from index.sources.ingest import IngestReport, ingest
from index.store.models import Answer, Article, ArticleRef, Hit, Passage, Quote
from index.sources.readers import read_path
from index.archive import Index, open_index
from index.indexing import AddResult

__all__ = [
    "AddResult", "Answer", "Article", "ArticleRef", "Hit", "Index", "IndexMissingError", "IngestReport",
    "NewsbotError", "NotADatabaseError", "Passage", "Quote", "ReadError", "ingest", "open_index", "read_path",
]
