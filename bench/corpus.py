"""The benchmark corpus: OrangeSum news and PIAF paragraphs as newsbot's passages, at any size.

Built once into a cache (`bench/out/base-…/`), then streamed at the size a benchmark asks for:

- every article goes through newsbot's own reading path (`article_from_record` with
  text=heading+article, published=date; `split_passages`), duplicates are skipped exactly as
  `Index.add_articles` skips them (same `content_hash`), and every passage is analyzed as the
  store analyzes it (context = title + section heading terms, body = passage terms);
- the PIAF paragraphs (each an article titled with its Wikipedia article's title) come first,
  then OrangeSum articles in a fixed shuffled order, so that 10k ⊂ 100k ⊂ 1M;
- past OrangeSum's ~190k passages, the OrangeSum articles are repeated with distinct ids
  ("orangesum-123-copy2"); a copy's text ends with `copy` zero-width spaces (U+200B), invisible
  to the analyzer and to passage splitting but not to the duplicate check, so every engine
  indexes exactly the same terms and newsbot does not drop the copies as duplicates.

Queries: every PIAF question (with the passage that holds its answer), and "qui a dit que …"
questions made from quotations «…» of the OrangeSum articles that are in every size's corpus
(gold: every passage whose text holds that part of the quotation).

    python bench/corpus.py [--orangesum PATH] [--piaf PATH] [--out DIR]   # builds the cache
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index.text.analyze import ANALYZER_VERSION, analyze, fold  # noqa: E402
from index.store.errors import ReadError  # noqa: E402
from index.store.models import Article  # noqa: E402
from index.text.passages import split_passages  # noqa: E402
from index.text.question import parse_question  # noqa: E402
from index.sources.readers import article_from_record  # noqa: E402
from index.indexing import content_hash  # noqa: E402

SHARED = REPO.parent / "shared"
DEFAULT_ORANGESUM = SHARED / "corpus" / "orangesum.jsonl.gz"
DEFAULT_PIAF = SHARED / "eval" / "piaf-v1.1.json.gz"
OUT = REPO / "bench" / "out"

BASE_VERSION = 1  # bump when what the cache holds changes
FIELD_MAP = {"text": "heading+article", "published": "date"}
SEED = 6
COPY_MARK = "\u200b"  # zero-width space: makes a copy's text distinct, analyzes to nothing
WHO_SAID_PREFIX_DOCS = 10_000  # who-said questions come from articles inside the smallest corpus
LATENCY_PIAF = 500
LATENCY_WHO_SAID = 500
QUALITY_SUBSET = 1_000  # PIAF questions for engines too slow for all 7,569 (rank-bm25)

_QUOTE_RE = re.compile(r"«\s*([^«»]{20,600}?)\s*»|“([^“”]{20,600})”|\"([^\"]{20,600})\"")


def parse_size(text: str) -> int:
    """ "10k" → 10000, "1m" / "1M" → 1000000, "2500" → 2500."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    return int(float(number) * scale)


def size_label(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1_000 and size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def require_data(*paths: Path) -> None:
    """Exit with a message (status 2) when benchmark data is missing, instead of a traceback."""
    missing = [p for p in paths if not Path(p).is_file()]
    if missing:
        names = ", ".join(str(p) for p in missing)
        sys.exit(
            f"bench: data not found: {names}\n"
            "The benchmarks need OrangeSum (orangesum.jsonl.gz) and PIAF (piaf-v1.1.json.gz) from the "
            "project's shared/ folder; give their paths with --orangesum and --piaf."
        )


def base_dir(out: Path = OUT) -> Path:
    return Path(out) / f"base-a{ANALYZER_VERSION}-v{BASE_VERSION}"


# ---------------------------------------------------------------------------- building the cache


def _piaf_articles(piaf: Path) -> Iterator[tuple[Article, list[dict]]]:
    """One Article per PIAF paragraph, with its questions."""
    with gzip.open(piaf, "rt", encoding="utf-8") as handle:
        data = json.load(handle)["data"]
    for a_no, entry in enumerate(data):
        for p_no, paragraph in enumerate(entry["paragraphs"]):
            record = {"id": f"piaf-{a_no}-{p_no}", "title": entry["title"], "text": paragraph["context"],
                      "source": "PIAF (Wikipedia)"}
            article = article_from_record(record)
            yield article, [{**qa, "context": paragraph["context"]} for qa in paragraph["qas"]]


def _answer_positions(article: Article, qa: dict) -> list[int]:
    """Where each answer starts in the article's canonical text (it may differ from PIAF's context)."""
    positions = []
    for answer in qa["answers"]:
        text, start = answer["text"].strip(), answer["answer_start"]
        if article.text == qa["context"]:
            positions.append(start)
            continue
        found = [m.start() for m in re.finditer(re.escape(text), article.text)] if text else []
        if found:
            positions.append(min(found, key=lambda p: abs(p - start)))
    return positions


def build_base(orangesum: Path, piaf: Path, out: Path = OUT, log=print) -> Path:
    """Read, split, deduplicate and analyze both sources once; write the cache; return its folder."""
    require_data(orangesum, piaf)
    target = base_dir(out)
    if (target / "meta.json").is_file():
        build_queries(target, log)
        return target
    tmp = target.with_name(target.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    analysis_seconds = 0.0
    seen_hashes: set[str] = set()
    counts = Counter()
    article_passages: list[int] = []
    bodies: list[str] = []  # analyzed body of every base passage, for who-said gold
    texts: list[str] = []
    piaf_questions: list[dict] = []

    with open(tmp / "articles.jsonl", "w", encoding="utf-8") as articles_out, \
            open(tmp / "passages.jsonl", "w", encoding="utf-8") as passages_out:

        def add(article: Article, kind: str) -> list[tuple[int, int, int]] | None:
            """Write one article and its passages; None when newsbot would skip it as a duplicate."""
            nonlocal analysis_seconds
            digest = content_hash(article)
            if digest in seen_hashes:
                counts[f"{kind}_duplicates"] += 1
                return None
            seen_hashes.add(digest)
            t0 = time.perf_counter()
            passages = split_passages(article)
            title_terms = analyze(article.title)
            rows = []
            for passage in passages:
                context = title_terms + (analyze(passage.heading) if passage.heading else [])
                rows.append((" ".join(context), " ".join(analyze(passage.text)), passage.text))
            analysis_seconds += time.perf_counter() - t0
            a_idx = len(article_passages)
            first = len(bodies)
            for ctx, body, text in rows:
                passages_out.write(json.dumps([a_idx, ctx, body, text], ensure_ascii=False) + "\n")
                bodies.append(body)
                texts.append(text)
            articles_out.write(json.dumps({
                "id": article.id, "title": article.title, "text": article.text, "published": article.published,
                "source": article.source, "headings": article.headings, "kind": kind, "n": len(rows),
            }, ensure_ascii=False) + "\n")
            article_passages.append(len(rows))
            counts[f"{kind}_articles"] += 1
            counts[f"{kind}_passages"] += len(rows)
            return [(first + i, p.start, p.end) for i, p in enumerate(passages)]

        for article, qas in _piaf_articles(piaf):
            spans = add(article, "piaf")
            if spans is None:
                continue
            for qa in qas:
                positions = _answer_positions(article, qa)
                gold = sorted({b for b, s, e in spans for pos in positions if s <= pos < e}) or [b for b, _, _ in spans]
                piaf_questions.append({"id": qa["id"], "question": qa["question"], "gold": gold})
        n_piaf_articles = len(article_passages)
        log(f"  PIAF: {counts['piaf_articles']} paragraphs → {counts['piaf_passages']} passages, "
            f"{len(piaf_questions)} questions")

        with gzip.open(orangesum, "rt", encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        random.Random(SEED).shuffle(records)
        for number, record in enumerate(records, start=1):
            record = {**record, "id": f"orangesum-{record['id']}"}
            try:
                article = article_from_record(record, FIELD_MAP)
            except ReadError:
                counts["orangesum_unreadable"] += 1
                continue
            article.source = "OrangeSum"
            add(article, "orangesum")
            if number % 5000 == 0:
                log(f"  OrangeSum: {number:,}/{len(records):,} articles, {len(bodies):,} passages")

    with open(tmp / "piaf.json", "w", encoding="utf-8") as handle:
        json.dump(piaf_questions, handle, ensure_ascii=False)
    meta = {
        "base_version": BASE_VERSION, "analyzer_version": ANALYZER_VERSION,
        "orangesum": str(orangesum), "piaf": str(piaf), "seed": SEED,
        "counts": dict(counts), "passages": len(bodies), "articles": len(article_passages),
        "piaf_articles": n_piaf_articles, "article_passages": article_passages,
        "analysis_seconds": round(analysis_seconds, 1), "build_seconds": round(time.perf_counter() - started, 1),
    }
    (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    tmp.rename(target)
    build_queries(target, log)
    return target


def build_queries(folder: Path, log=print) -> None:
    """queries.json: PIAF questions, who-said questions, the latency sample and the quality subset."""
    if (folder / "queries.json").is_file():
        return
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    piaf_questions = json.loads((folder / "piaf.json").read_text(encoding="utf-8"))
    bodies, texts = [], []
    with open(folder / "passages.jsonl", encoding="utf-8") as handle:
        for line in handle:
            _a, _ctx, body, text = json.loads(line)
            bodies.append(body)
            texts.append(text)
    who_said = _who_said_questions(bodies, texts, meta["article_passages"], meta["piaf_articles"])
    log(f"  who-said questions: {len(who_said)}")
    rng = random.Random(SEED)
    for query in piaf_questions + who_said:
        parsed = parse_question(query["question"])
        query.update(intent=parsed.intent, topic=parsed.topic, terms=parsed.terms, phrases=parsed.phrases)
    latency = [("piaf", i) for i in sorted(rng.sample(range(len(piaf_questions)), LATENCY_PIAF))]
    latency += [("who_said", i) for i in range(min(LATENCY_WHO_SAID, len(who_said)))]
    rng.shuffle(latency)
    subset = sorted(rng.sample(range(len(piaf_questions)), QUALITY_SUBSET))
    with open(folder / "queries.json", "w", encoding="utf-8") as handle:
        json.dump({"piaf": piaf_questions, "who_said": who_said, "latency": latency, "quality_subset": subset},
                  handle, ensure_ascii=False)


def _normalized(text: str) -> str:
    return " ".join(fold(text).split())


def _who_said_questions(bodies: list[str], texts: list[str], article_passages: list[int],
                        n_piaf_articles: int) -> list[dict]:
    """ "qui a dit que <6–10 words of a quotation>" for quotations in the smallest corpus's articles.

    Gold: every base passage whose (folded) text holds those words: wire copy reprinted by
    several articles and, at 1M, the copies all count as right answers.
    """
    rng = random.Random(SEED + 1)
    first_orangesum = sum(article_passages[:n_piaf_articles])
    limit = min(WHO_SAID_PREFIX_DOCS, len(bodies))
    candidates = []
    for b in range(first_orangesum, limit):
        for match in _QUOTE_RE.finditer(texts[b]):
            words = next(g for g in match.groups() if g).split()
            if len(words) < 6:
                continue
            length = rng.randint(6, 10)
            start = rng.randint(0, max(0, len(words) - length))
            fragment = " ".join(words[start : start + length]).strip(" ,;:.!?…\"'")
            question = f"qui a dit que {fragment} ?"
            parsed = parse_question(question)
            if parsed.intent == "who_said" and len(parsed.terms) >= 2:
                candidates.append((b, fragment, parsed.terms))
                break  # one question per passage
    df = Counter()
    for body in bodies:
        df.update(set(body.split()))
    rarest = {b: min(terms, key=lambda t: df.get(t, 0)) for b, _, terms in candidates}
    postings: dict[str, list[int]] = {t: [] for t in rarest.values()}
    for b, body in enumerate(bodies):
        for term in set(body.split()) & postings.keys():
            postings[term].append(b)
    questions = []
    normalized: dict[int, str] = {}
    for b, fragment, _terms in candidates:
        needle = _normalized(fragment)
        gold = []
        for p in postings[rarest[b]]:
            if p not in normalized:
                normalized[p] = _normalized(texts[p])
            if needle in normalized[p]:
                gold.append(p)
        if b in gold:
            questions.append({"id": f"who-{b}", "question": f"qui a dit que {fragment} ?", "gold": gold})
    rng.shuffle(questions)
    return questions


# ---------------------------------------------------------------------------- reading a size


@dataclass
class Corpus:
    """The cached base corpus, streamed at a given size without holding it in memory."""

    dir: Path
    meta: dict

    @classmethod
    def open(cls, out: Path = OUT) -> Corpus:
        folder = base_dir(out)
        if not (folder / "meta.json").is_file():
            sys.exit(f"bench: no corpus cache in {folder}; build it with: python bench/corpus.py")
        return cls(folder, json.loads((folder / "meta.json").read_text(encoding="utf-8")))

    def queries(self) -> dict:
        return json.loads((self.dir / "queries.json").read_text(encoding="utf-8"))

    def _sequence(self) -> Iterator[tuple[int, int]]:
        """(base article, copy) in corpus order: PIAF, OrangeSum, then OrangeSum copies forever."""
        n_piaf = self.meta["piaf_articles"]
        total = self.meta["articles"]
        yield from ((a, 0) for a in range(total))
        copy = 1
        while True:
            yield from ((a, copy) for a in range(n_piaf, total))
            copy += 1

    def plan(self, size: int, extra_articles: int = 0) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The articles making a corpus of at most `size` passages, and the `extra_articles` after them."""
        counts = self.meta["article_passages"]
        plan: list[tuple[int, int]] = []
        extra: list[tuple[int, int]] = []
        passages = 0
        for item in self._sequence():
            n = counts[item[0]]
            if not extra and passages + n <= size:  # still filling: whole articles only
                plan.append(item)
                passages += n
                continue
            if len(extra) >= extra_articles:
                break
            extra.append(item)
        return plan, extra

    def passage_count(self, plan: list[tuple[int, int]]) -> int:
        counts = self.meta["article_passages"]
        return sum(counts[a] for a, _ in plan)

    def _segments(self, plan: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """The plan as runs (copy, first article, last article + 1) of consecutive base articles."""
        segments: list[list[int]] = []
        for a, c in plan:
            if segments and segments[-1][0] == c and segments[-1][2] == a:
                segments[-1][2] = a + 1
            else:
                segments.append([c, a, a + 1])
        return [tuple(s) for s in segments]  # type: ignore[misc]

    def iter_articles(self, plan: list[tuple[int, int]]) -> Iterator[Article]:
        """newsbot Articles of the plan, in order (copies with their own id and marked text)."""
        for copy, first, end in self._segments(plan):
            with open(self.dir / "articles.jsonl", encoding="utf-8") as handle:
                for a, line in enumerate(handle):
                    if a < first:
                        continue
                    if a >= end:
                        break
                    record = json.loads(line)
                    yield Article(
                        title=record["title"],
                        text=record["text"] + COPY_MARK * copy,
                        id=record["id"] + (f"-copy{copy}" if copy else ""),
                        source=record["source"],
                        published=record["published"],
                        headings=record["headings"],
                    )

    def iter_passages(self, plan: list[tuple[int, int]], with_text: bool = False) -> Iterator[tuple[str, ...]]:
        """(context terms, body terms) of every passage of the plan, in document order.

        With `with_text`: (context terms, body terms, passage text, article title), for engines
        that analyze the raw text themselves.
        """
        titles = self.titles() if with_text else []
        for _copy, first, end in self._segments(plan):
            with open(self.dir / "passages.jsonl", encoding="utf-8") as handle:
                for line in handle:
                    a, ctx, body, text = json.loads(line)
                    if a < first:
                        continue
                    if a >= end:
                        break
                    yield (ctx, body, text, titles[a]) if with_text else (ctx, body)

    def titles(self) -> list[str]:
        with open(self.dir / "articles.jsonl", encoding="utf-8") as handle:
            return [json.loads(line)["title"] for line in handle]

    def doc_base(self, plan: list[tuple[int, int]]) -> array:
        """For each document of the plan (0-based), the base passage it is a copy of."""
        counts = self.meta["article_passages"]
        offsets = [0]
        for n in counts:
            offsets.append(offsets[-1] + n)
        out = array("i")
        for a, _ in plan:
            out.extend(range(offsets[a], offsets[a] + counts[a]))
        return out

    def gold_docs(self, plan: list[tuple[int, int]], queries: list[dict]) -> list[set[int]]:
        """For each query, the documents of the plan that answer it (its gold passages and their copies)."""
        wanted: dict[int, list[int]] = {}
        for q_no, query in enumerate(queries):
            for b in query["gold"]:
                wanted.setdefault(b, []).append(q_no)
        gold: list[set[int]] = [set() for _ in queries]
        for doc, b in enumerate(self.doc_base(plan)):
            for q_no in wanted.get(b, ()):
                gold[q_no].add(doc)
        return gold


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orangesum", type=Path, default=DEFAULT_ORANGESUM)
    parser.add_argument("--piaf", type=Path, default=DEFAULT_PIAF)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    folder = build_base(args.orangesum, args.piaf, args.out)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    print(f"{folder}: {meta['articles']:,} articles, {meta['passages']:,} passages ({meta['counts']})")


if __name__ == "__main__":
    main()
