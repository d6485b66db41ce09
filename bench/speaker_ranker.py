"""The learned speaker choice tried in session 6 for issue 15 (not in the product): fit and
cross-validate a ranker of speaker candidates on the hand-annotated OrangeSum quotes.

Four blind rounds showed that each new rule of `index.quotes.reader` fixed the failures that
were read, not the next articles' ones; the issue's fallback is a small model trained on the
annotations. Here, for each quote the rules resolved from a pronoun, a description or no
mention at all (a continuation), the rules' answer is one *candidate* among the people named
before the quote (at most CANDIDATES), each with generic clues: how the rules ranked it, where it
was last named or spoke (sentence, paragraph, distance), whether it spoke the quote before or
the one after, how present it is (mentions, the title), whether its gender and roles agree with
the pronoun or description, what kind of name it is (first name known, found by the NER, an
organisation's word, an acronym). A logistic regression (scikit-learn, the `bench` extra) scores
the candidates; the best one is the speaker when its probability reaches --min-probability,
else the rules' answer stays.

Data: the rules run with spaCy's NER as ingest does (`index.quotes.extract.read_many`); each
found quote that matches an annotated one (tests/quote_scoring.py's rule) gives one group of
candidates, labelled by whether each is an acceptable speaker. Cross-validation: 5 folds by
article. What it measured (docs/who-said.md, session 6): the right speaker is among the
candidates for 0.77–0.92 of those quotes, the rules already choose it for 0.65–0.85, and the
ranker adds 9 quotes of 833 (none for descriptions); the gain shrinks to 2 once a wrong name
must be rarer than a right one. It did not earn a place in the extractor.

    python bench/speaker_ranker.py cv [--sets SETS] [--kinds none,pronoun,descriptor] [--c C…] [--min-probability P…]

SETS is a comma list of sample:split ("4:dev", "2:*"); default: every sample read so far
(1, 2, 3 and 4, all splits) and sample 5's dev split. A held-out split is never in it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import bisect
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index.quotes.extract import read_many  # noqa: E402
from index.quotes.names import descriptor_head, strip_det  # noqa: E402
from index.quotes.reader import Reader  # noqa: E402
from index.quotes.words import ORG_WORDS, RELATIONAL, alike_roles, first_names, norm, unlike_roles  # noqa: E402
from index.store.models import Quote  # noqa: E402
from tests.quote_scoring import corpus_articles, speaker_ok, texts_match  # noqa: E402

DATA = REPO / "tests" / "data"
CORPUS = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared")) / "corpus" / "orangesum.jsonl.gz"
FILES = {"1": "orangesum_quotes.json", "2": "orangesum_quotes_2.json", "3": "orangesum_quotes_3.json",
         "4": "orangesum_quotes_4.json", "5": "orangesum_quotes_5.json"}
DEFAULT_SETS = "1:*,2:*,3:*,4:*,5:dev"
CANDIDATES = 6  # people before the quote considered, besides the rules' answer
MAX_PARAGRAPHS = 1  # a candidate named or speaking in the quote's paragraph or the one before
_PRONOUNS = {"il": ("m", False), "elle": ("f", False), "ils": ("m", True), "elles": ("f", True),
             "ce dernier": ("m", False), "cette dernière": ("f", False), "celui-ci": ("m", False),
             "celle-ci": ("f", False)}
_INDEFINITE = ("un ", "une ", "des ", "d'autres", "certains", "certaines", "plusieurs")



def mention_kind(q: Quote) -> str | None:
    """"pronoun", "descriptor" or "none" for a quote the ranker may re-attribute; None when its
    mention names someone (or is "on")."""
    m = (q.mention or "").strip()
    if not m:
        return "none"
    low = m.lower().lstrip("-").removeprefix("t-")
    if low in _PRONOUNS:
        return "pronoun"
    words = m.split()
    if words[0][:1].isupper() and strip_det(m) == m:
        return None  # a name: "Jean Dupont", "Météo-France"
    if any(w[:1].isupper() for w in words[1:]):
        return None  # "le ministre Jean Dupont", "la préfecture du Nord"
    return "descriptor"


def _gender_number(q: Quote, kind: str) -> tuple[str | None, bool, str, str]:
    """(gender, plural, role head, words after the head) of the quote's mention."""
    m = (q.mention or "").strip()
    if kind == "pronoun":
        g, plural = _PRONOUNS[m.lower().lstrip("-").removeprefix("t-")]
        return g, plural, "", ""
    if kind == "descriptor":
        head, g, rest = descriptor_head(m)
        first = m.lower().split()[0]
        plural = first in ("les", "des", "ces", "leurs", "ses") or first.endswith("s") and first != "ses"
        return g, plural, head, rest
    return None, False, "", ""


class _Article:
    """What every quote's clues read of one article, computed once."""

    def __init__(self, reader: Reader) -> None:
        full = reader.names.full_name
        self.mentions = [(p, full(n)) for p, n in reader.names.mentions]  # in text order, title first
        self.counts = Counter(n for _, n in self.mentions)
        self.title = {n for p, n in self.mentions if p < 0}
        self.sent_starts = [s.start for s in reader.sentences]
        self.sent_paras = [s.para for s in reader.sentences]

    def para_at(self, pos: int) -> int:
        """The number of the paragraph holding offset `pos` (0 for the title)."""
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        return self.sent_paras[k] if k >= 0 and pos >= 0 else 0


def candidates(reader: Reader, quotes: list[Quote], k: int, kind: str,
               article: _Article | None = None) -> list[tuple[str | None, dict[str, float]]]:
    """The candidates for quote `quotes[k]` with their clues: the rules' answer first (unless it
    is one of the people), then the people named before it (at most CANDIDATES)."""
    art = article or _Article(reader)
    full_name = reader.names.full_name
    q = quotes[k]
    pos = q.start
    rule = q.speaker
    gender, plural, head, rest = _gender_number(q, kind)
    people = reader._people_before(pos)[:CANDIDATES]
    out: list[tuple[str | None, dict[str, float]]] = []
    rule_is_person = bool(rule) and reader._is_person(rule)
    mtext = (q.mention or "").lower()
    indefinite = mtext.startswith(_INDEFINITE)
    relational = bool(head) and norm(head) in RELATIONAL
    kinds = {"pronoun": kind == "pronoun", "descriptor": kind == "descriptor", "none": kind == "none"}

    # the rules' answer, as it is (a person, a description, an organisation, or nobody)
    if not rule_is_person:
        f = {"rule": 1.0, "rule_none": float(rule is None), "rule_lower": float(bool(rule) and not rule[:1].isupper()),
             "rule_org": float(bool(rule) and rule[:1].isupper()),
             "rule_indefinite": float(indefinite), "rule_relational": float(relational),
             "rule_plural": float(plural), "rule_no_people": float(not people)}
        for name, on in kinds.items():
            f[f"rule_{name}"] = float(on)
        out.append((rule, f))

    here = max(0, bisect.bisect_right(art.sent_starts, pos) - 1)
    here_para = art.para_at(pos)
    sent_lo = reader.sentences[here].start if reader.sentences else 0
    prev_lo = reader.sentences[here - 1].start if here > 0 else sent_lo
    earlier = quotes[max(0, k - 50):k]
    last_speaker = earlier[-1].speaker if earlier else None
    events = [ev for ev in reader.events[-300:] if ev.pos <= pos]
    latest_actor = max(events, key=lambda ev: ev.pos).speaker if events else None
    cut = bisect.bisect_right(art.mentions, (pos, "\uffff"))
    seen_names = art.mentions[max(0, cut - 300):cut]  # the latest names before it: bounded work
    pool = ([rule] if rule_is_person and rule not in people else []) + people
    later = quotes[k + 1:k + 4]
    next_speaker = later[0].speaker if later else None
    next_para = bool(later) and reader.text.find("\n\n", q.end, later[0].start) < 0
    actors_here = {ev.speaker for ev in events if ev.pos >= sent_lo}
    actors_prev = {ev.speaker for ev in events if prev_lo <= ev.pos < sent_lo}
    ner_people = {full_name(n) for _, n in reader.names.persons}
    for name in pool:
        last = max([p for p, n in seen_names if n == name]
                   + [ev.pos for ev in events if ev.speaker == name] + [-10 ** 6])
        g = reader.genders.get(name) or reader.names.gender(name)
        roles = [descriptor_head(r) for r in reader.names.roles_of(name)]
        alike = any(alike_roles(head, h) for h, _, _ in roles) if head else False
        unlike = bool(head) and bool(roles) and all(unlike_roles(head, h) for h, _, _ in roles)
        dist = pos - last if last > -10 ** 6 else 100_000
        paragraphs = here_para - art.para_at(last) if last >= 0 else 9
        if paragraphs > MAX_PARAGRAPHS and name != rule:
            continue  # a quote far from anyone's words goes on nobody's (as the rules decide)
        f = {
            "person_rule": float(name == rule),
            "order": 1.0 / (1 + (people.index(name) if name in people else CANDIDATES)),
            "latest_actor": float(name == latest_actor),
            "last_speaker": float(name == last_speaker),
            "spoke": math.log1p(sum(1 for e in earlier if e.speaker == name)),
            "mentions": math.log1p(art.counts[name]),
            "title": float(name in art.title),
            "dist": math.log1p(max(0, dist) / 100),
            "paragraphs": min(paragraphs, 9) / 3,
            "same_paragraph": float(paragraphs == 0),
            "same_sentence": float(last >= sent_lo),
            "prev_sentence": float(prev_lo <= last < sent_lo),
            "gender_agree": float(bool(g and gender and g == gender)),
            "gender_conflict": float(bool(g and gender and g != gender)),
            "role_alike": float(alike),
            "role_unlike": float(unlike),
            "has_roles": float(bool(roles)),
            "full_name": float(" " in name),
            "first_name": float(len(name.split()) >= 2 and name.split()[0] in first_names()),
            "ner_person": float(name in ner_people),
            "org_word": float(any(norm(w) in ORG_WORDS for w in name.split())),
            "acronym": float(name.isupper()),
            "one_word": float(" " not in name),
            "next_speaker": float(name == next_speaker),
            "next_speaker_para": float(name == next_speaker and next_para),
            "actor_here": float(name in actors_here),
            "actor_prev": float(name in actors_prev),
            "plural_mention": float(plural),
            "indefinite": float(indefinite),
            "relational": float(relational),
        }
        out.append((name, f))
    return out




def gold_articles(sets: str) -> list[dict]:
    """The annotated articles of SETS ("4:dev,2:*"), each once."""
    out: dict[int, dict] = {}
    for item in sets.split(","):
        sample, _, split = item.partition(":")
        path = DATA / FILES[sample]
        if not path.exists():
            continue
        for a in json.loads(path.read_text(encoding="utf-8"))["articles"]:
            if split in ("*", "") or a.get("split") == split:
                out[a["id"]] = a
    return list(out.values())


def groups(sets: str, kinds: frozenset[str], only_unattributed: bool = False) -> list[dict]:
    """One group per matched quote whose mention kind is in `kinds` (and, with
    `only_unattributed`, that the rules gave to nobody): article id, kind, candidates' names,
    clues, labels, and whether the rules were right."""
    gold = gold_articles(sets)
    arts = corpus_articles(CORPUS, {g["id"] for g in gold})
    readers: list[Reader] = read_many([arts[g["id"]] for g in gold], use_nlp=True)
    out = []
    for g, reader in zip(gold, readers, strict=True):
        found = reader.quotes
        used: set[int] = set()
        for want in g["quotes"]:
            k = next((i for i, q in enumerate(found) if i not in used and texts_match(q.text, want["quote"])), None)
            if k is None:
                continue
            used.add(k)
            kind = mention_kind(found[k])
            if kind not in kinds or only_unattributed and found[k].speaker is not None:
                continue
            cands = candidates(reader, found, k, kind)
            out.append({"article": g["id"], "kind": kind,
                        "names": [c for c, _ in cands], "clues": [f for _, f in cands],
                        "labels": [speaker_ok(c, want["speaker"]) for c, _ in cands],
                        "rule_ok": speaker_ok(found[k].speaker, want["speaker"])})
    return out


def _matrix(rows: list[dict], names: list[str]):  # noqa: ANN202 — (X, y, group index)
    import numpy as np
    x, y, gi = [], [], []
    for n, row in enumerate(rows):
        for clues, label in zip(row["clues"], row["labels"], strict=True):
            x.append([clues.get(f, 0.0) for f in names])
            y.append(label)
            gi.append(n)
    return np.array(x), np.array(y), np.array(gi)


def fit(rows: list[dict], c: float):  # noqa: ANN202 — (feature names, weights, bias)
    from sklearn.linear_model import LogisticRegression
    names = sorted({f for row in rows for clues in row["clues"] for f in clues})
    x, y, _ = _matrix(rows, names)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, y)
    return names, model.coef_[0], float(model.intercept_[0])


def choose(row: dict, names: list[str], weights, bias: float, min_probability: float) -> int:
    """The candidate kept: the best-scoring one when it is the rules' answer or scores at least
    `min_probability`, else the rules' answer."""
    scores = [bias + sum(w * clues.get(f, 0.0) for f, w in zip(names, weights)) for clues in row["clues"]]
    best = max(range(len(scores)), key=scores.__getitem__)
    rule = next(i for i, clues in enumerate(row["clues"]) if clues.get("rule") or clues.get("person_rule"))
    return best if 1 / (1 + math.exp(-scores[best])) >= min_probability else rule


def cv(rows: list[dict], c: float, min_probability: float, folds: int = 5) -> None:
    articles = sorted({r["article"] for r in rows})
    import random
    random.Random(6).shuffle(articles)
    fold_of = {a: i % folds for i, a in enumerate(articles)}
    right_rule = right_model = 0
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for f in range(folds):
        train = [r for r in rows if fold_of[r["article"]] != f]
        names, weights, bias = fit(train, c)
        for r in rows:
            if fold_of[r["article"]] != f:
                continue
            pick = choose(r, names, weights, bias, min_probability)
            ok = r["labels"][pick]
            right_rule += r["rule_ok"]
            right_model += ok
            k = by_kind[r["kind"]]
            k[0] += 1
            k[1] += r["rule_ok"]
            k[2] += ok
            k[3] += any(r["labels"])
    n = len(rows)
    print(f"C={c}, min probability {min_probability}: {n} quotes re-ranked, rules right {right_rule} ({right_rule / n:.3f}), "
          f"ranker right {right_model} ({right_model / n:.3f})")
    for kind, (m, rr, mr, reach) in sorted(by_kind.items()):
        print(f"  {kind:10} {m:4} quotes: rules {rr / m:.3f}  ranker {mr / m:.3f}  (a right candidate among them: {reach / m:.3f})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("cv",))
    parser.add_argument("--sets", default=DEFAULT_SETS)
    parser.add_argument("--kinds", default="none", help="mention kinds re-ranked: none, pronoun, descriptor")
    parser.add_argument("--only-unattributed", action="store_true", help="only quotes the rules gave to nobody")
    parser.add_argument("--c", type=float, nargs="+", default=[1.0])
    parser.add_argument("--min-probability", type=float, nargs="+", default=[0.0, 0.4])
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        raise SystemExit(f"corpus not found: {CORPUS} (set NEWSBOT_SHARED; see ../shared/corpus/README.md)")
    rows = groups(args.sets, frozenset(args.kinds.split(",")), args.only_unattributed)
    for c in args.c:
        for p in args.min_probability:
            cv(rows, c, p)


if __name__ == "__main__":
    main()
