"""Answers: the passages of a question, with the quote that matches it and its speaker for a
"qui a dit" question, and the other articles that carry the same passage or quote.

    ask(index, question, k) -> Answer

`parse_question` (index.text.question) → `plan_terms` and `best_passages` (index.search.ranking:
BM25, then the first passages re-ranked by proximity and word vectors, index.search.rerank)
→ `attach_quotes` (who_said) → `group_corroborated` (the same passage in several articles becomes
one answer with `also_in`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.quotes.names import speaker_key
from index.quotes.words import ORG_WORDS, first_names, norm
from index.search import fts5, postings
from index.search.ranking import MAX_QUERY_TERMS, Candidate, best_passages, document_frequencies, plan_terms
from index.store.index import Store
from index.store.models import Answer, ArticleRef, Hit
from index.text.analyze import analyze, analyze_spans
from index.text.question import Query, parse_question
from index.text.vectors import load_vectors

CANDIDATES_PER_ANSWER = 6  # passages fetched per answer wanted, for corroboration grouping
MIN_CANDIDATES = 30
# Two passages of different articles are "the same" when most terms of the shorter one are in
# the longer one: wire copy reprinted with edits, the same quotation reported twice.
SAME_PASSAGE_CONTAINMENT = 0.6
SAME_PASSAGE_MIN_SHARED = 6
# The same quotation reported by two outlets ("Le Kremlin a pris la Biélorussie comme otage
# nucléaire" / "… le Belarus en otage nucléaire"): most terms of the shorter quote are shared.
SAME_QUOTE_CONTAINMENT = 0.6
SAME_QUOTE_MIN_SHARED = 3
QUOTE_WEIGHT = 3.0  # how much a quote's match with the question adds to its passage's BM25:
# the quote's own words count more than its context's (dev who-said questions: 1 → 0.66, 2 →
# 0.68, 3 and more → 0.71 fully right; bench/who_said_eval.py)
# A quote answers a "qui a dit" question when its passage holds this many of the question's
# terms (all of a shorter question's): measured on the dev questions over real news, where no
# question about words nobody said reached 4 (bench/who_said_eval.py, docs/who-said.md).
MIN_MATCHED = 4
# The passage's article (its title, headings and text) counts as the quote's context ("la
# directrice du Châtelet" of a quote that says "Ruth Mackenzie", "à Cherbourg" three paragraphs
# up) only when, with it, the passage holds this share of the question's terms: an article that
# names the question's people and nothing of what they said is not enough.
ARTICLE_SHARE = 0.6
ARTICLE_QUOTE_TERMS = 3  # …and the speaker's words hold this many of them ("fait le tour" of
# "Vivement dimanche" is not "avait fait le tour du monde")
# And whatever the count, a speaker is named only when the passage, the speaker's words and their
# article hold this share of the question's terms weighed by IDF: rare terms ("Karachi",
# "morosité") must be there, common ones ("déclaré", "France") do not make a match. Asked of an
# index without the article each question was written from (bench/who_said_eval.py
# --without-articles), the count alone named a wrong speaker for 91 of the 262 seen questions;
# with this share, 30, for 4 fewer right answers with the article (docs/who-said.md, session 8).
MIN_COVERAGE = 0.5
# An English question searches for each of its words' terms the index knows (the word as
# written and its translations, the commonest first), every word's first before any word's second,
# at most this many: a word's several translations are one word of the question.
ENGLISH_MAX_TERMS = 2 * MAX_QUERY_TERMS
# …or when the quote itself holds a phrase the question quotes: its words in any order from this
# many terms on, in a row below (« bonne nouvelle » in any order would be any quote's).
PHRASE_ANY_ORDER = 3
PHRASE_SHARE = 0.6  # a quoted phrase answers alone when it holds this share of the question's terms
# A quote's match beyond its words (quote_match, speaker_weight): tuned on the seen who-said
# splits (bench/who_said_eval.py, docs/who-said.md).
MEANING_WEIGHT = 10.0  # × (cosine of the quote's and the question's mean word vectors − MEANING_FLOOR)
MEANING_FLOOR = 0.5
DESCRIPTION_WEIGHT = 0.3  # a description ("des sources concordantes"), an organisation, a source
REPORTED_WEIGHT = 0.6  # reported speech ("X a affirmé que …"), not words in quotation marks
NAMES_WEIGHT = 6.0  # × the summed IDF of the question's proper names its article holds (_names_in_articles)
OWN_WORDS = 0.01  # among one speaker's quotes of a passage, the one holding most of the question is shown
SOURCE_MIN_QUOTES = 2  # a speaker the archive quotes at least this often,
SOURCE_DIRECT_SHARE = 0.5  # less than this share of them in quotation marks, is a source
SOURCE_SAMPLE = 200


@dataclass
class _Quote:
    """A quotation of a candidate passage, with what ranking it needs."""

    text: str
    speaker: str | None
    terms: frozenset[str]
    direct: bool
    role: str | None
    body: tuple[str, ...]  # its analyzed terms, in order


def attach_quotes(index: Store, candidates: list[Candidate], terms: list[str], question_terms: list[str],
                  query: Query | None = None, frequency: dict[str, int] | None = None) -> None:
    """Give each candidate the quotation of its passage that best matches the question, with
    its speaker when the quote answers the question (`quote_answers`).

    A quote's match (`quote_match`) is the summed IDF of the question terms its speaker's words
    in the passage hold (two quotes of one person, each saying half the question, say it all:
    "Je crois qu'il (le Rassemblement National) pourra survivre" … "nous sommes en sursis"), plus how
    close its words are to the question's in meaning (word vectors), weighed by how surely its
    speaker is someone who said it (`speaker_weight`); it is added to the passage's BM25 score
    (QUOTE_WEIGHT), so "qui a dit" answers rank passages whose quotation says what the question
    says, by someone.
    Candidates whose quote answers the question come first. `frequency`: the document
    frequencies of every term of the question's concepts, when `ask` has looked them up already.
    """
    if not candidates:
        return
    wanted = set(terms)
    total = (fts5.totals(index.db.conn) or (len(candidates), 0))[0]  # passages in the index
    # what the question is about: its terms, or an English question's words, each as the French
    # terms it may be written as (index.text.english); a quote answers by how many it holds
    concepts = (query.concepts if query is not None and query.concepts
                else [frozenset((t,)) for t in dict.fromkeys(question_terms)])
    if frequency is None:
        frequency = document_frequencies(index, list(dict.fromkeys([*terms, *(t for c in concepts for t in sorted(c))])))
    weights = {t: postings.idf(n, total) for t, n in frequency.items()}
    placeholders = ",".join("?" * len(candidates))
    # A quote belongs to every passage it overlaps, not only to the one it opens in: a quotation
    # that starts at the end of one window and goes on, with its incise, in the next is that
    # next passage's quote too ("… Un ami pour 3 et presque 4 générations", a réagi … Pierre Lescure).
    rows = index.db.execute(
        "SELECT p.id, q.text, q.speaker, q.direct, q.role FROM passages p JOIN quotes q"
        " ON q.article_id = p.article_id AND q.start_char < p.end_char AND q.end_char > p.start_char"
        f" WHERE p.id IN ({placeholders}) ORDER BY q.start_char",
        [c.passage_id for c in candidates],
    ).fetchall()
    by_passage: dict[int, list[_Quote]] = {}
    analyzed: dict[str, tuple[str, ...]] = {}  # a quote over two windows comes twice: analyzed once
    for passage_id, text, speaker, direct, role in rows:
        body = analyzed[text] if text in analyzed else analyzed.setdefault(text, tuple(analyze(text)))
        by_passage.setdefault(passage_id, []).append(_Quote(text, speaker, frozenset(body), bool(direct), role, body))
    # Only quotes that hold a question term can be chosen: their meaning and speakers are looked up.
    quotes = [q for c in candidates for q in by_passage.get(c.passage_id, []) if q.terms & wanted]
    meaning = _meaning(query, list({id(q): q for q in quotes}.values()))
    sources = _source_like(index, {q.speaker for q in quotes if q.speaker})
    phrases = [tuple(p) for p in (query.phrases if query is not None else []) if len(p) >= 2]
    asked = query is not None and asks_phrase(query.question)
    articles = _article_terms(index, candidates)
    named = _names_in_articles(query, articles, weights) if NAMES_WEIGHT else {}
    rarest = postings.idf(0, total)  # a question term no passage holds weighs as the rarest
    reported: dict[str, _Quote | None] = {}  # _person_quoted, once per article
    source_asked = query is not None and bool(_SOURCE_ASKED.search(query.question))
    for candidate in candidates:
        candidate.score += NAMES_WEIGHT * named.get(candidate.article.id, 0.0)
        best, best_score, best_said = None, 0.0, frozenset()
        passage_quotes = by_passage.get(candidate.passage_id, [])
        said: dict[str | None, frozenset[str]] = {}  # each speaker's words in the passage
        for quote in passage_quotes:
            said[quote.speaker] = said.get(quote.speaker, frozenset()) | quote.terms
        for quote in passage_quotes:
            own = sum(weights.get(t, 0.0) for t in quote.terms & wanted)
            if not own:
                continue
            terms_said = said[quote.speaker] if quote.speaker else quote.terms
            matched = sum(weights.get(t, 0.0) for t in terms_said & wanted)
            who = 1.0 if source_asked else speaker_weight(quote.speaker, quote.direct, sources)  # ("selon qui …
            # ?" asks for the source a report cites: a medium, reported speech are what it wants)
            score = quote_match(matched, meaning.get(id(quote), 0.0), who) + OWN_WORDS * own
            if score > best_score:
                best, best_score, best_said = quote, score, terms_said
        if best and not best.direct and _medium(best.speaker, sources) and _cited(best.speaker, candidate.text) \
                and not source_asked:
            if candidate.article.id not in reported:
                reported[candidate.article.id] = _person_quoted(index, candidate.article.id, wanted, weights, analyzed)
            person = reported[candidate.article.id]
            if person is not None:  # what the medium reports, the person said
                best, best_said = person, best_said | person.terms
        if best:
            candidate.quote, candidate.speaker, candidate.quote_terms = best.text, best.speaker, best.terms
            candidate.direct, candidate.speaker_role = best.direct, best.role
            candidate.score += QUOTE_WEIGHT * best_score
            held = [p for p in phrases if holds_phrase(best.body, p)]
            context = candidate.terms | articles.get(candidate.article.id, frozenset())
            candidate.answers = (
                (quote_answers(concepts, candidate.terms, best_said, held, asked)
                 or _article_completes(concepts, context, best_said, held, asked))
                and (bool(held) or coverage(concepts, context | best_said, weights, rarest) >= MIN_COVERAGE))
    candidates.sort(key=lambda c: (c.answers and c.speaker is not None, c.score), reverse=True)


def _medium(speaker: str | None, sources: set[str]) -> bool:
    """A name the archive cites mostly for reports ("rapporte La Montagne", "selon La Dépêche"),
    not a person's."""
    return bool(speaker) and speaker in sources and speaker[:1].isupper() and not _person_name(speaker)


# A question that asks for the source a report cites, not for who spoke ("qui affirme que …" asks who spoke)
_SOURCE_ASKED = re.compile(r"(?i)\b(?:selon qui|d['’]après qui)\b")


def _cited(speaker: str, passage: str) -> bool:
    """The passage cites `speaker` as a medium does: "selon La Montagne", "a rapporté La Montagne",
    "révèle La Dépêche", "comme le relaie 20 Minutes"; not "a affirmé Kim Jong-un", which a person
    quoted mostly in reported speech gets too."""
    return re.search(r"(?i)\b(?:selon|d['’]après|rapport\w*|révél\w*|révèl\w*|relai\w*|relay\w*|relat\w*)"
                     r"\s+(?:(?:le|la|les)\s+|l['’])?" + re.escape(speaker), passage) is not None


def _person_name(speaker: str) -> bool:
    """A first name and a surname ("Caroline Borrel"), not "La Montagne" nor "Washington"."""
    words = speaker.split()
    return len(words) >= 2 and words[0] in first_names() and not _org_name(speaker)


def _person_quoted(index: Store, article_id: str, wanted: set[str], weights: dict[str, float],
                   analyzed: dict[str, tuple[str, ...]]) -> _Quote | None:
    """The person whose own words, in quotation marks in the article, hold most of the question's
    terms (by IDF): the one a medium's report in that article is about ("Caroline Borrel, productrice
    …", rapporte La Montagne, and her « C'est comme si un cyclone était passé »). None when no
    person's words there hold a question term."""
    best, best_score = None, 0.0
    for text, speaker, role in index.db.execute(
            "SELECT text, speaker, role FROM quotes WHERE article_id = ? AND direct = 1 ORDER BY start_char",
            [article_id]):
        if not speaker or not _person_name(speaker):
            continue
        body = analyzed[text] if text in analyzed else analyzed.setdefault(text, tuple(analyze(text)))
        terms = frozenset(body)
        score = sum(weights.get(t, 0.0) for t in terms & wanted)
        if score > best_score:
            best, best_score = _Quote(text, speaker, terms, True, role, body), score
    return best


def _concept_terms(concepts: list[frozenset[str]], frequency: dict[str, int]) -> list[str]:
    """The terms an English question searches for: each word's terms the index knows, most used
    first, taken a layer at a time (every word's first, then every word's second, …; within a
    layer the rarest first, as `plan_terms` keeps the rarest) up to ENGLISH_MAX_TERMS, so that no
    word is left unsearched for another's fourth translation. `frequency`: the terms' document
    frequencies."""
    ranked = [sorted((t for t in c if frequency.get(t)), key=lambda t: (-frequency[t], t)) for c in concepts]
    chosen: dict[str, None] = {}
    for rank in range(max((len(r) for r in ranked), default=0)):
        for term in sorted((r[rank] for r in ranked if len(r) > rank), key=lambda t: frequency[t]):
            if len(chosen) >= ENGLISH_MAX_TERMS:
                return list(chosen)
            chosen[term] = None
    return list(chosen)


def held_concepts(concepts: list[frozenset[str]], terms: frozenset[str]) -> int:
    """How many of the question's concepts `terms` hold (any of each concept's terms)."""
    return sum(1 for concept in concepts if concept & terms)


def _article_completes(concepts: list[frozenset[str]], context: frozenset[str], said: frozenset[str],
                       held: list[frozenset[str]], asked: bool) -> bool:
    """True when the passage's article, as the quote's `context` (the passage's terms and its
    article's), makes the quote answer (`quote_answers`): the speaker's words hold
    ARTICLE_QUOTE_TERMS of the question's concepts and, with the article, ARTICLE_SHARE of them."""
    return (held_concepts(concepts, said) >= ARTICLE_QUOTE_TERMS
            and quote_answers(concepts, context, said, held, asked)
            and held_concepts(concepts, context | said) >= ARTICLE_SHARE * len(concepts))


def coverage(concepts: list[frozenset[str]], held: frozenset[str], weights: dict[str, float],
             rarest: float) -> float:
    """The share of the question's concepts `held` holds, each weighed by the IDF of its most
    used term the index knows (`weights`; a term's own IDF for a French question; for an English
    word, its commonest translation, not a rare wrong one; a concept none of whose terms the
    index knows weighs `rarest`): 1.0 when all are held, 0.0 for an empty question."""
    def weight(concept: frozenset[str]) -> float:
        return min((weights[t] for t in concept if t in weights), default=rarest)

    total = sum(weight(c) for c in concepts)
    return sum(weight(c) for c in concepts if c & held) / total if total else 0.0


def quote_match(matched: float, meaning: float, speaker: float) -> float:
    """How well a quote answers the question: `matched` the summed IDF of the question terms it
    holds, `meaning` the cosine of its words' mean vector with the question's (what it says in
    other words: "la plus grande menace est désormais le laisser-aller" for "le principal danger
    est désormais le relâchement"), weighed by `speaker` (`speaker_weight`)."""
    return speaker * (matched + MEANING_WEIGHT * max(0.0, meaning - MEANING_FLOOR))


def speaker_weight(speaker: str | None, direct: bool, sources: set[str]) -> float:
    """How surely a quote's speaker is someone who said it, as "qui" asks: 1 for a name,
    DESCRIPTION_WEIGHT for a description ("des sources concordantes", "le ministère de la
    Santé"), an organisation's name ("Grande loge mixte de France") or a speaker the archive
    cites mostly for reports, a medium ("La Dépêche", `_source_like`); times REPORTED_WEIGHT for
    reported speech ("X a affirmé que …") rather than words in quotation marks."""
    weight = 1.0
    if speaker and (not (speaker[:1].isupper() or _PARTICLE_NAME.match(speaker)) or _org_name(speaker)
                    or speaker in sources):
        weight = DESCRIPTION_WEIGHT
    return weight if direct else weight * REPORTED_WEIGHT


_PARTICLE_NAME = re.compile(r"(?:de |d['’]|du |von |van |al-|el-)[A-ZÀ-Ý]")  # "de Rugy", "d'Ornano": a surname


def _org_name(speaker: str) -> bool:
    """True when a word of the name makes it an organisation's ("Banque de France", "Air France");
    not a person's name that holds one ("Anatole France", "France Gall")."""
    words = speaker.split()
    if not words or words[0] in first_names():
        return False
    if len(words) == 2 and words[1][:1].isupper() and norm(words[1]) not in ORG_WORDS:
        return False  # "France Gall", "Post Malone": a first name and a surname
    return any(norm(w) in ORG_WORDS for w in words)


def _source_like(index: Store, speakers: set[str]) -> set[str]:
    """The speakers the archive quotes mostly in reported speech ("selon La Dépêche, …", "rapporte
    Le Parisien"): media and reports, seldom a person, whose own words come in quotation marks.
    Looked up by speaker key (indexed), at most 500 speakers, SOURCE_SAMPLE quotes each."""
    keys: dict[str, str] = {}
    for name in sorted(speakers)[:500]:
        key = speaker_key(name)
        if key:
            keys[name] = key
    if not keys:
        return set()
    sources = set()
    for key in set(keys.values()):  # the first SOURCE_SAMPLE quotes of each: bounded whatever the archive's size
        n, direct = index.db.execute(
            "SELECT COUNT(*), SUM(direct) FROM (SELECT direct FROM quotes WHERE speaker_key = ? LIMIT ?)",
            [key, SOURCE_SAMPLE]).fetchone()
        if n >= SOURCE_MIN_QUOTES and direct < SOURCE_DIRECT_SHARE * n:
            sources.add(key)
    return {name for name, key in keys.items() if key in sources and not _looks_like_a_person(name)}



def _looks_like_a_person(name: str) -> bool:
    """Two or three capitalised words with no article nor organisation word: "Kim Jong-un",
    "Narendra Modi" (first names no list knows), not "La Montagne", "France Bleu Isère"."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words) \
        and words[0].lower() not in ("le", "la", "les", "l'", "l’") and not _org_name(name) \
        and not any(norm(w) in ORG_WORDS or norm(w) in _MEDIA_WORDS for w in words)


# Words of media names without an article ("Midi Libre", "Paris Match", "Sud Ouest", "Radio Classique")
_MEDIA_WORDS = frozenset("radio tele tv sud ouest nord est midi match matin soir presse libre info inter bleu "
                         "journal dimanche nouvelles republicain progres depeche courrier voix magazine times post "
                         "news observer herald tribune gazette daily express actu hebdo loisirs star".split())


_NAME_RE = re.compile(r"(?<![\w’'])[A-ZÀ-Ý][\w’'-]*")


def _article_terms(index: Store, candidates: list[Candidate]) -> dict[str, frozenset[str]]:
    """The analyzed terms of each candidate's article: its title, headings and every passage."""
    articles = list({c.article.id for c in candidates})
    found: dict[str, set[str]] = {}
    for article_id, context, body in index.db.execute(
            "SELECT p.article_id, f.context, f.body FROM passages p JOIN passages_fts f ON f.rowid = p.id"
            f" WHERE p.article_id IN ({','.join('?' * len(articles))})", articles):
        found.setdefault(article_id, set()).update(context.split(), body.split())
    return {a: frozenset(terms) for a, terms in found.items()}


def _names_in_articles(query: Query | None, articles: dict[str, frozenset[str]],
                       weights: dict[str, float]) -> dict[str, float]:
    """For each candidate's article (`articles`: its terms), the summed IDF of the question's
    proper names (its capitalised words: "François de Rugy", "Strasbourg") that the article holds
    anywhere, in its title or any passage: the people and places of the question are the article's."""
    if query is None:
        return {}
    names = {t for m in _NAME_RE.finditer(query.french) for t in analyze(m.group())} & set(weights)
    if not names:
        return {}
    return {a: sum(weights[t] for t in names & terms) for a, terms in articles.items() if names & terms}


def _meaning(query: Query | None, quotes: list[_Quote]) -> dict[int, float]:
    """Cosine of each quote's mean word vector with the question topic's (id(quote) → cosine);
    empty without word vectors."""
    vectors = load_vectors() if query is not None and quotes else None
    question = vectors.mean(query.french) if vectors is not None else None
    if question is None:
        return {}
    texts = list(dict.fromkeys(q.text for q in quotes))  # each quotation's words once
    cosine = {t: float(question @ v) for t, v in zip(texts, vectors.means(texts)) if v is not None}
    return {id(q): cosine[q.text] for q in quotes if q.text in cosine}


def holds_phrase(body: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """True when a quote's analyzed terms `body` hold a phrase the question quotes: every word of
    it in any order ("je suis un homme de données, pas de réunion" in « Je ne suis pas un homme de
    réunion, je suis un homme de données ») from PHRASE_ANY_ORDER distinct terms on, else the
    words in a row (« on avait fait le tour » → fait tour)."""
    n = len(phrase)
    if len(set(phrase)) >= PHRASE_ANY_ORDER:  # in any order, but close together: not words strewn
        wanted, span = set(phrase), 2 * n + 2  # over a forty-word quote
        return wanted <= set(body) and any(wanted <= set(body[i:i + span]) for i in range(max(1, len(body) - span + 1)))
    return any(body[i:i + n] == phrase for i in range(len(body) - n + 1))


_ASKS_PHRASE = re.compile(
    r"(?:\b(?:phrase|mots|formule|citation|propos|expression|slogan)\b[^«“\"]{0,12}"
    r"|\bqui\s+(?:a|avait)\s+(?:dit|déclaré|lancé|lâché|écrit|affirmé|tweeté|prononcé|répondu)\s*:?\s*"
    r"|^\s*«)[«“\"]", re.IGNORECASE)


def asks_phrase(question: str) -> bool:
    """True when the question asks who said the words it quotes ("qui est l'auteur de la phrase
    « … »", "qui a dit « … » ?"), not when it puts a term in marks ("les « gilets jaunes »")."""
    return bool(_ASKS_PHRASE.search(question))


def quote_answers(concepts: list[frozenset[str]], passage_terms: frozenset[str], quote_terms: frozenset[str],
                  phrases_held: list[frozenset[str]] = (), phrase_asked: bool = True) -> bool:
    """True when a passage's quote answers a "qui a dit" question: the passage and the speaker's
    words in it (`quote_terms`) hold at least MIN_MATCHED of the question's concepts (its terms,
    or an English word's translations; all of them for a shorter question; terms the archive does
    not know count too, so "qui a dit que les pingouins …" matches nothing), the quote at least
    one; or the quote holds every word of a phrase the question quotes (`phrases_held`: "qui est
    l'auteur de la phrase « je suis un homme de données, pas de réunion »"). Below that, the passage may be the closest there is, but
    naming its speaker would answer a question nobody asked."""
    if phrases_held and (phrase_asked or len({t for p in phrases_held for t in p}) >= PHRASE_SHARE * len(concepts)):
        return True  # the question asks about the phrase it quotes, or is mostly that phrase; a term
        # in marks ("qualifié les « gilets jaunes » de foule haineuse") is one more word, no more
    return (held_concepts(concepts, passage_terms | quote_terms) >= min(MIN_MATCHED, len(concepts))
            and held_concepts(concepts, quote_terms) > 0)


def same_quote(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two quotations are the same words, give or take a translation or a spelling."""
    shared = len(a & b)
    return shared >= SAME_QUOTE_MIN_SHARED and shared >= SAME_QUOTE_CONTAINMENT * min(len(a), len(b))


def same_passage(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two passages say the same thing: most terms of the shorter are in the longer."""
    shared = len(a & b)
    return shared >= SAME_PASSAGE_MIN_SHARED and shared >= SAME_PASSAGE_CONTAINMENT * min(len(a), len(b))


def group_corroborated(candidates: list[Candidate], k: int) -> list[tuple[Candidate, list[ArticleRef]]]:
    """The `k` best distinct passages, each with the other articles that carry the same passage.

    A candidate that repeats a better one from another article joins that one's `also_in`
    instead of taking a place of its own, so the answers show k different things.
    """
    kept: list[tuple[Candidate, list[ArticleRef]]] = []
    for candidate in candidates:
        twin = next(
            (
                (best, others)
                for best, others in kept
                if best.article.id != candidate.article.id
                and (same_passage(best.terms, candidate.terms) or same_quote(best.quote_terms, candidate.quote_terms))
            ),
            None,
        )
        if twin:
            best, others = twin
            if all(ref.id != candidate.article.id for ref in others):
                others.append(candidate.article)
        elif len(kept) < k:
            kept.append((candidate, []))
    return kept


def highlight_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of `text` whose analyzed term is one of `terms` (for bold in renderers)."""
    return list(dict.fromkeys((t.start, t.end) for t in analyze_spans(text) if t.term in terms))


def ask(index: Store, question: str, k: int = 5,
        rank: Callable[[Store, list[str], list[list[str]], int, str], list[Candidate]] = best_passages) -> Answer:
    """Answer a question with the `k` best passages, each with its source and corroborations.

    `rank` finds the candidates (benchmarks pass `ranking.bm25_passages` to compare).
    Never raises on the question's content: an empty answer carries a `notice` saying why.
    """
    query: Query = parse_question(question)
    answer = Answer(question=question, intent=query.intent)
    if not question.strip():
        answer.notice = "empty_question"
        return answer
    if not query.terms:
        answer.notice = "only_common_words"
        return answer
    if index.is_empty():
        answer.notice = "empty_index"
        return answer
    frequency = document_frequencies(index, query.terms)  # every concept's terms, looked up once
    terms = (_concept_terms(query.concepts, frequency) if query.english
             else plan_terms(index, query.terms, frequency=frequency))
    answer.terms = terms
    candidates = rank(index, terms, query.phrases, max(MIN_CANDIDATES, k * CANDIDATES_PER_ANSWER), query.french)
    if query.intent == "who_said":
        attach_quotes(index, candidates, terms, query.terms, query, frequency)
    wanted = set(terms)
    for candidate, others in group_corroborated(candidates, k):
        answer.hits.append(
            Hit(
                passage=candidate.text,
                score=candidate.score,
                article=candidate.article,
                speaker=candidate.speaker if candidate.answers else None,
                speaker_role=candidate.speaker_role if candidate.answers else None,
                quote=candidate.quote if candidate.answers else None,
                direct=candidate.direct,
                also_in=others,
                highlights=highlight_spans(candidate.text, wanted),
                passage_id=candidate.passage_id,
            )
        )
    if not answer.hits:
        answer.notice = "no_match"
    elif query.intent == "who_said" and answer.hits[0].speaker is None:
        answer.notice = "no_quote"  # the best passages, but no quote of the archive says it
    return answer
