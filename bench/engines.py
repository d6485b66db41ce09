"""The search engines under test, behind one small interface, all fed the same passages.

Every engine returns document numbers (0-based, in corpus order) of its top-k, so results can
be compared and scored against the same gold. BM25 parameters are the same everywhere:
k1 = 1.2, b = 0.75 (FTS5's and tantivy's fixed values; rank-bm25 and bm25s are set to them).

Tokenizers (`tokenizer=`):
- "newsbot": the terms newsbot's analyzer made, as the store indexes them (context + body for
  engines with one field); questions as `parse_question` analyzes them. The speed benchmarks
  use this for every engine.
- a name of `variants.FRENCH_VARIANTS`: newsbot's analyzer with stemming/stopwords switched.
- "own": the engine's own default tokenizer on the raw text (title + passage), and the raw question.
- "own-fr" (tantivy, bm25s): the engine's French setup (stopwords + French Snowball stemmer).

Engines: newsbot (the real index, through its public API), fts5 (a bench-local FTS5 table for
analyzer variants), tantivy, bm25s, rank-bm25.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.corpus import Corpus
from bench.variants import FRENCH_VARIANTS, french_analyzer, words

K1, B = 1.2, 0.75
_INTERN: dict[str, str] = {}


def _interned(tokens: list[str]) -> list[str]:
    """Share one string object per distinct term, as an engine holding token lists would."""
    get = _INTERN.setdefault
    return [get(t, t) for t in tokens]


def dir_bytes(path: Path) -> int:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class Tokens:
    """How one tokenizer turns a corpus passage and a question into terms (for one-field engines)."""

    def __init__(self, tokenizer: str) -> None:
        self.name = tokenizer
        self.analyzer = None
        if tokenizer in FRENCH_VARIANTS:
            stemming, stopwords, _ = FRENCH_VARIANTS[tokenizer]
            self.analyzer = french_analyzer(stemming, stopwords)
        elif tokenizer != "newsbot":
            raise ValueError(f"no such tokenizer for pre-analyzed input: {tokenizer}")

    @property
    def needs_text(self) -> bool:
        return self.analyzer is not None

    def doc(self, row: tuple[str, ...]) -> list[str]:
        if self.analyzer is None:
            return row[0].split() + row[1].split()
        return self.analyzer(row[3]) + self.analyzer(row[2])

    def context_body(self, row: tuple[str, ...]) -> tuple[str, str]:
        if self.analyzer is None:
            return row[0], row[1]
        return " ".join(self.analyzer(row[3])), " ".join(self.analyzer(row[2]))

    def query(self, query: dict) -> list[str]:
        if self.analyzer is None:
            return query["terms"]
        return list(dict.fromkeys(self.analyzer(query["topic"])))


class Engine:
    """One engine's index in `workdir`: build it, open it in another process, search, add to it."""

    name = "engine"
    persistent = True  # a separate process can open what `build` made
    incremental = True  # can add documents to a built index

    def __init__(self, workdir: Path, tokenizer: str = "newsbot", **options: Any) -> None:
        self.workdir = Path(workdir)
        self.tokenizer = tokenizer
        self.options = options

    def build(self, corpus: Corpus, plan: list[tuple[int, int]]) -> dict:
        raise NotImplementedError

    def open(self) -> None:
        raise NotImplementedError

    def search(self, query: dict, k: int) -> list[int]:
        raise NotImplementedError

    def add(self, corpus: Corpus, extra: list[tuple[int, int]], first_doc: int) -> dict:
        raise NotImplementedError

    def disk(self) -> dict:
        return {"disk_bytes": dir_bytes(self.workdir)}

    def copy_to(self, target: Path) -> None:
        """Copy the built index elsewhere (incremental adds run on a copy; the build stays reusable)."""
        shutil.copytree(self.workdir, target, dirs_exist_ok=True)


# ---------------------------------------------------------------------------- newsbot


class NewsbotEngine(Engine):
    """newsbot's own index through its public API: `Index.add_articles`, `search_passages`, `ask`.

    modes: "search" (plan_terms + best_passages, the core search, top-k like the others: BM25
    with newsbot's k1 and b, the first 100 re-ranked, issue 13), "bm25" (plan_terms +
    search_passages with FTS5's constants, no re-ranking: newsbot before issue 13), "ask"
    (Index.ask: parsing, planning, 6k candidates, re-ranking, corroboration grouping,
    highlights), "fts5" (BM25 by FTS5's bm25() alone, as before the term postings).
    """

    name = "newsbot"

    @property
    def path(self) -> Path:
        return self.workdir / "newsbot.db"

    def build(self, corpus: Corpus, plan: list[tuple[int, int]]) -> dict:
        from index import open_index

        self.workdir.mkdir(parents=True, exist_ok=True)
        for leftover in (self.path, *(self.path.with_name(self.path.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)  # an earlier (interrupted) run's index: build anew
        expected = corpus.passage_count(plan)
        started = time.perf_counter()
        # Quote extraction (spaCy NER) is not search: off unless asked for (--quotes), see run.py.
        index = open_index(self.path, extract_quotes=bool(self.options.get("quotes")))
        results = index.add_articles(corpus.iter_articles(plan))
        seconds = time.perf_counter() - started
        index.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        statuses: dict[str, int] = {}
        for result in results:
            statuses[result.status] = statuses.get(result.status, 0) + 1
        count, first, last = index.db.execute("SELECT count(*), min(id), max(id) FROM passages").fetchone()
        if (count, first, last) != (expected, 1, expected):
            raise SystemExit(f"newsbot indexed {count} passages (ids {first}..{last}), expected {expected}: {statuses}")
        self._check_terms(index, corpus, plan)
        index.close()
        return {"build_seconds": seconds, "articles": len(results), "statuses": statuses, "passages": count}

    @staticmethod
    def _check_terms(index: Any, corpus: Corpus, plan: list[tuple[int, int]]) -> None:
        """The terms newsbot stored are the ones the other engines get (first 2,000 passages)."""
        rows = index.db.execute("SELECT rowid, context, body FROM passages_fts WHERE rowid <= 2000 ORDER BY rowid")
        for (rowid, context, body), (ctx, bod) in zip(rows, corpus.iter_passages(plan)):
            if (context, body) != (ctx, bod):
                raise SystemExit(f"passage {rowid}: newsbot's terms differ from the bench corpus's")

    def open(self) -> None:
        from index import open_index
        from index.search.ranking import best_passages, bm25_passages, fts5_passages, plan_terms

        self.index = open_index(self.path, create=False, extract_quotes=bool(self.options.get("quotes")))
        self._plan_terms = plan_terms
        mode = self.options.get("mode", "search")
        self._search = {"fts5": fts5_passages, "bm25": bm25_passages}.get(mode, best_passages)
        self.mode = mode
        self.context_weight = self.options.get("context_weight")

    def search(self, query: dict, k: int) -> list[int]:
        if self.mode == "ask":
            return [hit.passage_id - 1 for hit in self.index.ask(query["question"], k).hits]
        terms = self._plan_terms(self.index, query["terms"])
        if self.context_weight is not None:  # the context-weight variants: BM25 alone
            from index.search.ranking import search_passages

            found = search_passages(self.index, terms, query["phrases"], k, context_weight=self.context_weight,
                                    k1=1.2, b=0.75)
        elif self._search.__name__ == "best_passages":
            found = self._search(self.index, terms, query["phrases"], k, query["topic"])
        else:
            found = self._search(self.index, terms, query["phrases"], k)
        return [c.passage_id - 1 for c in found]

    def add(self, corpus: Corpus, extra: list[tuple[int, int]], first_doc: int) -> dict:
        started = time.perf_counter()
        results = self.index.add_articles(corpus.iter_articles(extra))
        seconds = time.perf_counter() - started
        return {"add_seconds": seconds, "added_articles": sum(r.status == "added" for r in results),
                "added_passages": sum(r.passages for r in results)}

    def disk(self) -> dict:
        out = {"disk_bytes": sum(p.stat().st_size for p in self.workdir.glob("newsbot.db*"))}
        try:
            with sqlite3.connect(self.path) as conn:
                rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
            out["fts_bytes"] = sum(size for name, size in rows if name.startswith("passages_fts"))
            out["tables_bytes"] = dict(rows)
        except sqlite3.Error:
            pass  # SQLite built without the dbstat table
        return out

    def copy_to(self, target: Path) -> None:
        target.mkdir(parents=True, exist_ok=True)
        for p in self.workdir.glob("newsbot.db*"):
            shutil.copy2(p, target / p.name)


# ---------------------------------------------------------------------------- bench-local FTS5


class Fts5Engine(Engine):
    """A bench-local FTS5 table (context, body) ranked like newsbot (bm25 0.5/1.0), for variants.

    With tokenizer "own", FTS5 analyzes the raw title and passage with its default tokenizer
    (unicode61, diacritics removed), and questions are its words, each quoted.
    """

    name = "fts5"

    @property
    def path(self) -> Path:
        return self.workdir / "fts5.db"

    def build(self, corpus: Corpus, plan: list[tuple[int, int]]) -> dict:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.path.unlink(missing_ok=True)
        own = self.tokenizer == "own"
        tokens = None if own else Tokens(self.tokenizer)
        conn = sqlite3.connect(self.path, isolation_level=None)
        conn.execute("CREATE VIRTUAL TABLE docs USING fts5 (context, body)")
        started = time.perf_counter()
        conn.execute("BEGIN")
        rows = corpus.iter_passages(plan, with_text=own or tokens.needs_text)
        for doc, row in enumerate(rows, start=1):
            ctx, body = (row[3], row[2]) if own else tokens.context_body(row)
            conn.execute("INSERT INTO docs (rowid, context, body) VALUES (?, ?, ?)", (doc, ctx, body))
        conn.execute("COMMIT")
        seconds = time.perf_counter() - started
        conn.close()
        return {"build_seconds": seconds}

    def open(self) -> None:
        self.conn = sqlite3.connect(self.path)
        self.tokens = None if self.tokenizer == "own" else Tokens(self.tokenizer)
        weight = self.options.get("context_weight", 0.5)
        self.sql = (f"SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, {weight:g}, 1.0) LIMIT ?")

    def search(self, query: dict, k: int) -> list[int]:
        terms = list(dict.fromkeys(words(query["topic"]))) if self.tokens is None else self.tokens.query(query)
        if not terms:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        return [row[0] - 1 for row in self.conn.execute(self.sql, (match, k))]


# ---------------------------------------------------------------------------- tantivy


class TantivyEngine(Engine):
    """tantivy (Rust, block-max WAND): one text field, a stored document number."""

    name = "tantivy"

    def _schema(self):
        import tantivy

        builder = tantivy.SchemaBuilder()
        tokenizer = {"own": "default", "own-fr": "fr"}.get(self.tokenizer, "whitespace")
        builder.add_text_field("text", stored=False, tokenizer_name=tokenizer)
        builder.add_integer_field("doc", stored=True, indexed=False, fast=True)
        return builder.build()

    def _register(self, index) -> None:
        import tantivy

        if self.tokenizer == "own-fr":
            analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                        .filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
                        .filter(tantivy.Filter.stopword("french")).filter(tantivy.Filter.stemmer("french")).build())
            index.register_tokenizer("fr", analyzer)

    def _documents(self, corpus: Corpus, plan: list[tuple[int, int]], first_doc: int) -> Iterator[Any]:
        import tantivy

        raw = self.tokenizer in ("own", "own-fr")
        tokens = None if raw else Tokens(self.tokenizer)
        rows = corpus.iter_passages(plan, with_text=raw or tokens.needs_text)
        for doc, row in enumerate(rows, start=first_doc):
            text = row[3] + "\n" + row[2] if raw else " ".join(tokens.doc(row))
            yield tantivy.Document(text=text, doc=doc)

    def build(self, corpus: Corpus, plan: list[tuple[int, int]]) -> dict:
        import tantivy

        if self.workdir.exists():
            shutil.rmtree(self.workdir)
        self.workdir.mkdir(parents=True)
        started = time.perf_counter()
        index = tantivy.Index(self._schema(), path=str(self.workdir))
        self._register(index)
        writer = index.writer(heap_size=256_000_000, num_threads=1)
        for document in self._documents(corpus, plan, 0):
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        return {"build_seconds": time.perf_counter() - started}

    def open(self) -> None:
        import tantivy

        self.tantivy = tantivy
        self.index = tantivy.Index.open(str(self.workdir))
        self._register(self.index)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self.tokens = None if self.tokenizer in ("own", "own-fr") else Tokens(self.tokenizer)

    def _query(self, query: dict):
        tantivy = self.tantivy
        if self.tokens is None:
            text = " ".join(words(query["topic"]))
            return self.index.parse_query(text, ["text"]) if text else None
        terms = self.tokens.query(query)
        if not terms:
            return None
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "text", t, index_option="freq")) for t in terms]
        )

    def search(self, query: dict, k: int) -> list[int]:
        q = self._query(query)
        if q is None:
            return []
        searcher = self.searcher
        return [searcher.doc(address)["doc"][0] for _score, address in searcher.search(q, k).hits]

    def add(self, corpus: Corpus, extra: list[tuple[int, int]], first_doc: int) -> dict:
        started = time.perf_counter()
        writer = self.index.writer(heap_size=256_000_000, num_threads=1)
        added = 0
        for document in self._documents(corpus, extra, first_doc):
            writer.add_document(document)
            added += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        return {"add_seconds": time.perf_counter() - started, "added_passages": added}


# ---------------------------------------------------------------------------- bm25s


class Bm25sEngine(Engine):
    """bm25s (sparse matrix of precomputed scores, numpy); no incremental add: a rebuild."""

    name = "bm25s"
    incremental = False

    def _corpus_tokens(self, corpus: Corpus, plan: list[tuple[int, int]]) -> list[list[str]]:
        if self.tokenizer in ("own", "own-fr"):
            import bm25s

            texts = [row[3] + "\n" + row[2] for row in corpus.iter_passages(plan, with_text=True)]
            return bm25s.tokenize(texts, return_ids=False, show_progress=False, **self._own_options())
        tokens = Tokens(self.tokenizer)
        return [_interned(tokens.doc(row)) for row in corpus.iter_passages(plan, with_text=tokens.needs_text)]

    def _own_options(self) -> dict:
        if self.tokenizer == "own-fr":
            import Stemmer

            return {"stopwords": "fr", "stemmer": Stemmer.Stemmer("french").stemWords}
        return {}  # bm25s's defaults: lowercase, \w\w+ words, English stopwords

    def build(self, corpus: Corpus, plan: list[tuple[int, int]]) -> dict:
        import bm25s

        started = time.perf_counter()
        corpus_tokens = self._corpus_tokens(corpus, plan)
        loaded = time.perf_counter()
        retriever = bm25s.BM25(k1=K1, b=B, method="lucene")
        retriever.index(corpus_tokens, show_progress=False)
        indexed = time.perf_counter()
        if self.workdir.exists():
            shutil.rmtree(self.workdir)
        retriever.save(str(self.workdir))
        return {"build_seconds": time.perf_counter() - loaded, "index_seconds": indexed - loaded,
                "read_seconds": loaded - started}

    def open(self) -> None:
        import bm25s

        self.retriever = bm25s.BM25.load(str(self.workdir), mmap=bool(self.options.get("mmap")))
        self.vocab = self.retriever.vocab_dict
        self.tokens = None if self.tokenizer in ("own", "own-fr") else Tokens(self.tokenizer)

    def search(self, query: dict, k: int) -> list[int]:
        if self.tokens is None:
            import bm25s

            terms = bm25s.tokenize([query["topic"]], return_ids=False, show_progress=False, **self._own_options())[0]
        else:
            terms = self.tokens.query(query)
        terms = [t for t in dict.fromkeys(terms) if t in self.vocab and t]
        if not terms:
            return []
        docs, scores = self.retriever.retrieve([terms], k=k, show_progress=False, n_threads=1)
        return [int(d) for d, s in zip(docs[0], scores[0]) if s > 0]


# ---------------------------------------------------------------------------- rank-bm25


class RankBm25Engine(Engine):
    """rank-bm25's BM25Okapi: the whole corpus in Python memory, every document scored per query.

    No persistence: it is built and queried in the same process.
    """

    name = "rank-bm25"
    persistent = False
    incremental = False

    def build(self, corpus: Corpus, plan: list[tuple[int, int]]) -> dict:
        from rank_bm25 import BM25Okapi

        started = time.perf_counter()
        if self.tokenizer == "own":  # its README: doc.split(" ")
            docs = [(row[3] + " " + row[2]).split(" ") for row in corpus.iter_passages(plan, with_text=True)]
            self.split = True
        else:
            tokens = Tokens(self.tokenizer)
            docs = [_interned(tokens.doc(row)) for row in corpus.iter_passages(plan, with_text=tokens.needs_text)]
            self.tokens, self.split = tokens, False
        loaded = time.perf_counter()
        self.bm25 = BM25Okapi(docs, k1=K1, b=B)
        del docs
        return {"build_seconds": time.perf_counter() - loaded, "read_seconds": loaded - started}

    def open(self) -> None:
        import numpy

        self.numpy = numpy

    def search(self, query: dict, k: int) -> list[int]:
        terms = query["topic"].split(" ") if self.split else self.tokens.query(query)
        if not terms:
            return []
        scores = self.bm25.get_scores(terms)
        np = self.numpy
        top = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [int(d) for d in top if scores[d] > 0]

    def disk(self) -> dict:
        return {"disk_bytes": None}


ENGINES: dict[str, type[Engine]] = {
    "newsbot": NewsbotEngine,
    "fts5": Fts5Engine,
    "tantivy": TantivyEngine,
    "bm25s": Bm25sEngine,
    "rank-bm25": RankBm25Engine,
}


def make_engine(name: str, workdir: Path, tokenizer: str = "newsbot", **options: Any) -> Engine:
    try:
        return ENGINES[name](workdir, tokenizer, **options)
    except KeyError:
        sys.exit(f"bench: unknown engine {name!r} (known: {', '.join(ENGINES)})")
