"""Direct speech: the quotes between quotation marks of a sentence and who said each.

Patterns, in this order (surface patterns after the closing mark come first, as the parser is
unreliable on inverted incises): an incise right after the closing mark (", a déclaré M.
Poutine", ", a-t-il ajouté", ", s'est-il insurgé", ", selon elle"), an incise inside the marks,
a speech verb before the quote in its sentence ("X a déclaré : « … »", "X a déclaré que … « … »",
"…, ajoutant que … « … »", "Et de préciser : « … »"), an incise ending the sentence, a colon
ending the previous sentence; then, for a quote that goes on, the speaker of the quote or
reported speech just before it, or the subject of a speech verb in the previous sentence.
Terms, names and titles in quotation marks are not quotes (`_is_quote`).
"""

from __future__ import annotations

import bisect
import re

from index.quotes.attribution import Attr, negated, parse_incise, verb_group_start
from index.quotes.marks import CLOSERS, OPENERS, SPACES, Span
from index.quotes.names import strip_det
from index.quotes.mentions import (
    Mention,
    first_verb_group,
    has_title,
    main_clause_start,
    make_mention,
    noun_phrase_after,
    np_end,
    skip_pp,
    subject_before,
)
from index.quotes.sentences import Sentence
from index.quotes.tokens import WORD_RE, Tok, is_adverbial, verb_at
from index.quotes.words import AUXILIARIES, CLITICS, DETERMINERS, INSTITUTION_NOUNS, MONTHS, ORG_NOUNS, \
    PP_PREPOSITIONS, is_person_noun
from index.store.models import Quote
from index.text.speech_verbs import SPEECH_FORMS

# Nouns that announce a title or a name in quotation marks, not someone's words.
_CLAUSE_OPENING = re.compile(r"(?:car\b|parce\s+qu|puisqu|afin\s+de\b|afin\s+qu|alors\s+qu|même\s+si\b|si\s+bien\s+qu)",
                             re.IGNORECASE)
_WORK_NOUNS = frozenset((
    "film émission série livre album chanson roman spectacle pièce ouvrage magazine journal "
    "opération projet programme plan dispositif mouvement association slogan hashtag "
    "documentaire exposition festival collection tube single rubrique chronique "
    "campagne baptisé baptisée intitulé intitulée surnommé surnommée"
).split())


_RELATIVE_WHO = frozenset("qui lequel laquelle lesquels lesquelles".split())
# Words after which "des", "de", "du" is an article, not "de" + article after a noun: "critiqué par
# des médecins pour qui « … »" is the doctors' view ("certains élus du RN pour qui" is not the RN's).
_ARTICLE_AFTER = frozenset("par pour selon chez avec contre sans entre parmi dont et ou comme à envers vers sur".split())

# Words that bring someone new into a sentence ("mais sa rivale, elle aussi, y voit « … »").
_NEW_SUBJECT = frozenset("il elle ils elles lui eux on y".split())

# Participles of charges: what follows is what someone is charged with, not their words.
_CHARGED = frozenset((
    "soupçonné soupçonnée soupçonnés soupçonnées accusé accusée accusés accusées poursuivi "
    "poursuivie poursuivis poursuivies inculpé inculpée inculpés inculpées condamné condamnée "
    "condamnés condamnées"
).split())


def _incise_after_typo(toks: list[Tok], j: int, text: str):  # noqa: ANN202 — an Incise or None
    """"ce qu'à répondu X": the participle and its subject, the auxiliary written "à"."""
    vb = verb_at(toks, j)
    if vb is None or "pp" not in vb[1]:
        return None
    m = noun_phrase_after(toks, vb[2], text)
    return (m, vb[0], vb[2]) if m is not None else None


class DirectSpeech:
    """The direct-speech half of the article reader (`index.quotes.reader.Reader`)."""

    def _direct(self, idx: int, sent: Sentence, prev: list[Quote]) -> list[Quote]:
        """The direct quotes of a sentence, with their attribution."""
        out: list[Quote] = []
        last_end = sent.start
        for span in sent.spans:
            attr, text = self._attribute(idx, sent, span, last_end, out, prev)
            last_end = span.end
            if attr is None or attr.speaker is None and attr.mention is None:
                attr = (self._inherit(sent, span, prev, out, attr) or self._prev_speech(idx, sent, span)
                        or self._continuation(idx, sent, span, attr, out)
                        or self._next_subject(idx, sent, span, attr) or self._fragment_subject(sent, span)
                        or attr)
            if not self._is_quote(sent, span, attr, text):
                continue
            q = Quote(text=text, speaker=attr.speaker if attr else None, start=span.start,
                      end=span.end, mention=attr.mention.text if attr and attr.mention else None,
                      verb=attr.verb if attr else None, direct=True)
            out.append(q)
        return out

    def _attribute(self, idx: int, sent: Sentence, span: Span, last_end: int, done: list[Quote],
                   prev: list[Quote]) -> tuple[Attr | None, str]:
        """Find who said the quote in `span`; returns the attribution and the quote's text."""
        text = self.text[span.istart:span.iend]
        toks = sent.toks
        after = sent.tok_index(span.end)
        attr = None
        if span.closed and after < len(toks) and toks[after].low in (",", "-", "–", "—") \
                or after < len(toks) and (verb_at(toks, after) or toks[after].low in AUXILIARIES
                                          or toks[after].low in CLITICS):
            attr = self._incise(toks, after, "after")
        elif span.closed and after < len(toks) and toks[after].low in PP_PREPOSITIONS:
            e = skip_pp(toks, after)  # "« Le temps est venu de faire un choix franc » sur l'écologie,
            # a exhorté dimanche Nicolas Hulot": what the words are about, then the incise
            if e - after <= 5 and e + 1 < len(toks) and toks[e].low == "," and verb_at(toks, e + 1 + (toks[e + 1].low in AUXILIARIES)):
                attr = self._incise(toks, e, "after")
        if attr is None:
            attr, text = self._inside(sent, span, text)
        if attr is None:
            attr = self._opinion_opener(sent, span) or self._before(sent, span, last_end, done)
        if attr is None and span.closed:
            attr = self._final_incise(sent, sent.tok_index(span.end), selon=True)
        if attr is None:
            attr = self._colon_before(idx, sent, span)
        if attr is None:
            attr = self._voila_after(idx, sent, span)
        if attr is None and span.closed:
            attr = self._next_quote_incise(sent, span)
        if attr is not None:
            self._resolve(attr, span.start)
        return attr, text

    def _fragment_subject(self, sent: Sentence, span: Span) -> Attr | None:
        """"Theresa May a adressé ses « chaleureuses félicitations »", "Le ministre a appelé à
        « saisir la main tendue »": words cut from someone's sentence, of two words or more,
        after the verb of a clause whose subject is a person, whatever the verb. Not a charge
        or a name ("condamnée pour « avortement illégal »", "surnommés « les siamois »")."""
        text = self.text[span.istart:span.iend]
        if not span.closed or not text[:1].islower() or len(WORD_RE.findall(text)) < 2:
            return None
        toks = sent.toks
        q = sent.tok_index(span.start)
        k = bisect.bisect_left(sent.spans, span.start, key=lambda s: s.start)
        start = max(0, q - 40)  # the clause's verb is near: bounded work in any paragraph
        lo = max(start, sent.tok_index(sent.spans[k - 1].end) if k > 0 else 0)  # after the quote before
        g = first_verb_group(toks, lo, q)
        if g is None and lo > start and not any(t.low in _NEW_SUBJECT or is_person_noun(t.low) for t in toks[lo:q]):
            lo = start  # "les « deux défis » auquel il entend répondre : « … »"; not "…, mais sa
            g = first_verb_group(toks, lo, q)  # rivale y voit « … »"
        if g is None or g == lo or toks[q - 1].low in ("pour", "en") or any(
                t.low in (";", ":", "été") or t.low in _WORK_NOUNS or t.low in _CHARGED for t in toks[g:q]):
            return None  # "condamnée pour « … »", "placée en « garde à vue »", "soupçonné de « … »"
        if toks[g].low in ("est", "sont", "était", "étaient") and g + 1 < q and re.search(
                r"(?:é|ée|és|ées|is|ise|it|ite)$", toks[g + 1].low):
            return None  # "Marie Dupont est placée …", "est classé « fiché S »": said of them, not by them
        if toks[g].low in ("il", "y") or g > 0 and toks[g - 1].low == "il" and toks[g].low in ("y", "faut", "s'", "était"):
            return None  # "Il y a « un vrai malaise »", "il faut", "il s'agit": nobody
        words = len(WORD_RE.findall(text))
        if toks[q - 1].low in ("de", "des", "d'", "du") and words <= 3 \
                or toks[q - 1].low in ("un", "une", "le", "la", "les", "l'", "sa", "son", "ses") and (
                    words <= 2 and toks[q - 1].low not in ("sa", "son", "ses")
                    or words <= 6 and toks[q - 1].low not in ("un", "une")
                    and re.search(r"\b(?:de|des|du|d['’])\b", text.lower())):
            return None  # "les manifestations de « gilets jaunes »", "a réalisé un « appui patin »",
            # "a rejoint le « mouvement des gilets jaunes »": the name of a thing
        m = subject_before(toks, g, lo, self.text)
        org = m is not None and m.kind == "descriptor" and org_descriptor(m.text)
        if m is None or m.plural and not org or not (m.person or org or m.kind == "pronoun" and m.text.lower() in ("il", "elle")):
            return None
        attr = Attr(m, None, "fragment")
        events = len(self.events)
        self._resolve(attr, span.start)
        if attr.speaker and (org or self._is_person(attr.speaker)):
            return attr  # "Le ministère de l'Agriculture a fait part d'une « très forte suspicion »"
        del self.events[events:]  # "il" was not a person: nothing said, nothing remembered
        return None

    def _next_quote_incise(self, sent: Sentence, span: Span) -> Attr | None:
        """"Il s'agit d'examiner « … » en « janvier, février, mars », a estimé X": quotes a few
        words apart share the incise that follows the last of them."""
        toks = sent.toks
        k = bisect.bisect_left(sent.spans, span.end, key=lambda s: s.start)
        end = span.end
        for nxt in sent.spans[k:k + 3]:  # a few quotes apart at most: bounded work per quote
            gap = toks[sent.tok_index(end):sent.tok_index(nxt.start)]
            if len(gap) > 5 or any(t.low in (".", ";", ":", "!", "?") or verb_at(toks, sent.tok_index(t.start))
                                   for t in gap):
                return None
            after = sent.tok_index(nxt.end)
            if nxt.closed and after < len(toks) and toks[after].low in (",", "-", "–", "—"):
                attr = self._incise(toks, after, "after")
                if attr is not None and attr.verb is not None:
                    return Attr(attr.mention, attr.verb, "same", speaker=attr.speaker)
            if not nxt.closed:
                return None
            end = nxt.end
        return None

    def _voila_after(self, idx: int, sent: Sentence, span: Span) -> Attr | None:
        """"« Je pars », « J'ai froid » : voilà ce qu'a lâché X", "« … ». C'est ce qu'a déclaré
        X.": the words come first, who said them after, in the sentence or the next one."""
        places = [(sent, sent.tok_index(span.end))]
        if idx + 1 < len(self.sentences) and not self.sentences[idx + 1].heading:
            places.append((self.sentences[idx + 1], 0))
        for where, start in places:
            toks = where.toks
            for k in range(start, min(len(toks) - 3, start + 14)):
                w = toks[k].low
                if w in ("voilà", "voici") and toks[k + 1].low == "ce":
                    q = k + 2
                elif w == "c'" and toks[k + 1].low == "est" and toks[k + 2].low == "ce":
                    q = k + 3
                else:
                    continue
                if q >= len(toks) or toks[q].low not in ("que", "qu'"):
                    break
                if q + 1 < len(toks) and toks[q + 1].low == "à":  # "qu'à répondu": a typo for "a"
                    res = _incise_after_typo(toks, q + 2, self.text)
                else:
                    res = parse_incise(toks, q + 1, self.text)
                if res is not None and res[1] is not None:
                    return Attr(res[0], res[1], "voila")
                break
        return None

    def _is_quote(self, sent: Sentence, span: Span, attr: Attr | None, text: str) -> bool:
        """Terms, names and titles in quotation marks are not quotes (see the module doc)."""
        words = len(WORD_RE.findall(text))
        if words == 0:
            return False
        opens = sent.lead_words(span.start) == 0
        how = attr.how if attr else None
        before = sent.toks[max(0, sent.tok_index(span.start) - 3):sent.tok_index(span.start)]
        if text[:1].isupper() and any(t.low in _WORK_NOUNS for t in before) and how not in ("after", "inside"):
            return False  # "le film « Moi, moche et méchant »", "l'émission « On n'est pas couché »"
        if re.fullmatch(r"[A-ZÀ-Ý][\w'’-]*(?:\s*(?:,|et)\s*[A-ZÀ-Ý][\w'’-]*)+", text):
            return False  # "Tours, Strasbourg, Dijon et Clermont-Ferrand": a list of names
        k = sent.tok_index(span.end)
        q = sent.tok_index(span.start)
        if 2 <= words <= 4 and k < len(sent.toks) and (q == 0 or sent.toks[q - 1].low in DETERMINERS) \
                and (sent.toks[k].low in AUXILIARIES or "fin" in (verb_at(sent.toks, k) or ("", "", 0))[1]) \
                and re.fullmatch(r"[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*", text.strip(" .\u00a0\u202f")) \
                and (parse_incise(sent.toks, k, self.text) or (None,))[0] is None:  # (not « Bravo Paris »
            # lance le maire: an incise, its subject after the verb)
            return False  # '« Le Monde » révèle que …': a name in marks opening the sentence, the
            # verb's subject (not '« Jamais » répond le ministre', nor ': « Macron Démission » devant')
        if 2 <= words <= 4 and how in ("que", "before", "fragment", "same") \
                and re.fullmatch(r"[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*", text.strip(" .!?\u00a0\u202f")):
            return False  # 'des t-shirts « I Can't Breathe »' inside what was said: a slogan or a title
        if words == 1:
            return how in ("colon", "voila") or (opens and how == "after")
        if words <= 3 and how == "before" and text[:1].isupper():
            return False  # "dans l'émission « Le divan »": a capitalised title or name
        if words <= 3:
            q = sent.tok_index(span.start)
            if how == "selon" and q > 0 and sent.toks[q - 1].low in (",", ":"):
                return True  # "Selon Paul Roux, « il faut partir »": the words open the clause
            whole = opens and not any(t.word for t in sent.toks[sent.tok_index(span.end):][:3])
            return how in ("colon", "que", "before", "same", "voila", "fragment") or (opens and how == "after") \
                or (whole and how == "inherit")
        unattributed = attr is None or attr.speaker is None and attr.mention is None
        if unattributed and not re.search(r"[.!?…]", text) and (words <= 6 or not opens):
            return False  # a name, a title, a term, or a fragment nobody can be given
        return True

    def _incise(self, toks: list[Tok], i: int, how: str) -> Attr | None:
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
        return Attr(mention, verb, how)

    def _inside(self, sent: Sentence, span: Span, text: str) -> tuple[Attr | None, str]:
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
            if res is None:
                continue
            mention, verb, end = res
            while end < b - 1 and toks[end].low in PP_PREPOSITIONS:
                end = skip_pp(toks, end)  # "déplore-t-il auprès du média régional."
            if end >= b - 1 or toks[end].low not in (",", "."):
                continue
            if verb is None:
                continue
            part1 = self.text[span.istart:toks[k].start].strip(SPACES)
            part2 = self.text[toks[end].end:span.iend].strip(SPACES)
            if not part1 or not part2:
                continue
            return Attr(mention, verb, "inside"), part1 + " … " + part2
        return None, text

    def _before(self, sent: Sentence, span: Span, last_end: int, done: list[Quote]) -> Attr | None:
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
            if negated(toks, v, lo):
                return None
            if "pp" in kind and verb_group_start(toks, v) == v and v > lo and toks[v - 1].word \
                    and toks[v - 1].text.islower() and toks[v - 1].low not in AUXILIARIES \
                    and toks[v].low.endswith(("ée", "ées", "és")):
                continue  # "les mesures proposées par François Fillon": a participle as adjective,
                # not what "les mesures" said
            between = [t.low for t in toks[vend:hi]]
            if "qui" in between or "dont" in between:
                return None  # the quote sits in a relative clause the verb does not govern
            que = "que" in between or "qu'" in between
            if not (colon or que or kind != "inf"):
                continue
            how = "colon" if colon else "que" if que else "before"
            g = verb_group_start(toks, v)
            if g > lo and lo == 0 and toks[g - 1].low == "," and kind != "ppr":
                # "Au total, précisent les services d'urgence, le bilan est de « … »"
                res = parse_incise(toks, g, self.text)
                if res is not None and res[0] is not None and res[2] < hi \
                        and "," in [t.low for t in toks[res[2]:min(hi, res[2] + 5)]]:
                    m = res[0]
                    if subject_before(toks, g, max(lo, g - 40), self.text) is None \
                            or toks[res[2]].low == "," and m.kind != "pronoun" and (
                                m.name or m.kind != "descriptor" or m.person or org_descriptor(m.text)):
                        return Attr(m, lemma, "before")  # ("Un dispositif a été mis en place, ajoute
                        # la police, appelant la population à rester « calme »": the police's)
            fragment = self.text[span.istart:span.istart + 1].islower()  # words cut from a sentence
            if how == "before" and hi - vend > (14 if fragment else 6):
                return None  # "a annoncé l'annulation d'une projection du classique « … »"
            if how == "before" and fragment and any(t.low in _WORK_NOUNS for t in toks[vend:hi]) \
                    and not _CLAUSE_OPENING.match(self.text, span.istart):
                return None  # "a présenté son film « … »": a title, not words said (but "a affirmé
                # vouloir voter contre le plan « car ce n'est pas sérieux »": no title opens so)
            mention = self._subject_of(sent, v, kind, lo, done)
            g = verb_group_start(toks, v)
            named_before = g > 0 and toks[g - 1].cap and toks[g - 1].word and g - 1 > lo
            if mention is None and kind != "inf" and kind != "ppr" and not named_before:
                mention = noun_phrase_after(toks, vend, self.text)  # an inverted subject; not the
                # object of "Zarie Sibony décrit Amédy Coulibaly comme …", whose subject stands before
            attr = Attr(mention, lemma, how)
            if mention is None and kind == "inf" or mention is None and kind == "ppr":
                return self._last_speaker_attr(lemma, how, toks[v].start)
            return attr
        if colon and hi - lo >= 1:
            if hi - 2 >= lo and toks[hi - 2].text in ("R", "Q") and (hi - 2 == lo or toks[hi - 3].low in (".", "?", "!", "»", '"')):
                # an interview's "Q : … ? R : « … »": the answer is the interviewee's, who spoke
                # last; the question the interviewer's, nobody the article names
                attr = self._last_speaker_attr(None, "colon", toks[lo].start) if toks[hi - 2].text == "R" else None
                return attr if attr is not None and self._is_person(attr.speaker) else None  # a person only
            a = lo
            while a < hi - 1 and toks[a].low in ("pour", "et", "mais"):
                a += 1
            m = make_mention(toks, a, hi - 1, self.text) if hi - 1 - a <= 16 else None  # "X :", not a
            # whole clause ending with the name of whom it speaks ("…, et à son directeur Edwy Plenel :")
            if hi - 1 - a > 16:  # but its subject: "Jane Birkin, qui a mis du temps …, s'est perdue : « … »"
                g = first_verb_group(toks, a, hi - 1)
                subject = subject_before(toks, g, a, self.text) if g is not None and g > a else None
                if subject is not None and subject.kind != "pronoun" and (subject.kind == "name" or subject.name):
                    return Attr(subject, None, "colon")
            if m is None and a + 2 < hi - 1 and toks[a + 1].low in ("de", "d'") and toks[a].cap:
                m = make_mention(toks, a + 2, hi - 1, self.text)  # "Réponse de X, …, sur LCI : « … »"
            if m is not None and (m.kind == "name" or m.name):
                return Attr(m, None, "colon")
        return None

    def _opinion_opener(self, sent: Sentence, span: Span) -> Attr | None:
        """"Pour la parlementaire X, la révocation se justifiait car « … »", "Selon le ministre,
        en Île-de-France, « … »": whoever opens the sentence so speaks its quotes."""
        toks = sent.toks
        if len(toks) < 3 or sent.tok_index(span.start) < 2:
            return None
        q = sent.tok_index(span.start)
        if q >= 2 and toks[q - 2].low == "selon" and toks[q - 1].low in ("lui", "elle"):
            # "dont selon lui « nous pouvons être fiers »": the pronoun's person says it
            m = Mention(toks[q - 1].text, toks[q - 1].start, toks[q - 1].end, "pronoun",
                        gender="f" if toks[q - 1].low == "elle" else "m")
            return Attr(self._own_subject(sent, q - 2) or m, None, "selon")
        if q >= 4 and toks[q - 1].low in _RELATIVE_WHO and toks[q - 2].low in ("pour", "selon"):
            # "un avis du ministère de la Justice pour qui « aucun motif … »": the one before "pour qui"
            for k in range(max(0, q - 16), q - 2):
                if toks[k].low in ("du", "des", "de", "d'", "d’") and k > 0 and toks[k - 1].word \
                        and toks[k - 1].low not in _ARTICLE_AFTER:  # ("par des médecins pour qui": an article)
                    if np_end(toks, k) == q - 2:
                        break  # "certains élus du RN pour qui": the RN is not who thinks it
                    continue
                if (toks[k].low in DETERMINERS or toks[k].cap and toks[k].word) and np_end(toks, k) == q - 2:
                    m = make_mention(toks, k, q - 2, self.text)
                    if m is not None and m.kind != "pronoun" and (toks[q - 1].low == "qui" or m.person or m.kind == "name"):
                        return Attr(m, None, "selon")  # not "la rumeur selon laquelle « … »"
                    break
        if q < 3:
            return None
        m = self._opener(toks, before=span.start)
        if m is not None and m.kind == "pronoun" and m.text.lower() in ("lui", "elle", "eux", "elles"):
            return Attr(Mention(m.text, m.start, m.end, "pronoun", gender="f" if m.text.lower().startswith("elle") else "m",
                                plural=m.text.lower() in ("eux", "elles")), None, "selon")  # "Pour lui, « … »":
            # the person the pronoun takes up
        if m is None or m.kind == "pronoun" or toks[0].low == "pour" and not (m.person or m.kind == "name" or m.name):
            return None
        return Attr(m, None, "selon")

    def _opener(self, toks: list[Tok], before: int | None = None) -> Mention | None:
        """Who opens a sentence with "Pour X,", "Selon X," or "D'après X," (the comma before
        offset `before`, when given), whatever X is; the callers decide whom it may be."""
        if len(toks) < 3:
            return None
        if toks[0].low in ("pour", "selon"):
            a = 1
        elif toks[0].low == "d'" and toks[1].low == "après":
            a = 2
        else:
            return None
        if toks[a].low in ("lui", "elle", "eux", "elles") and a + 1 < len(toks) and toks[a + 1].low == "," \
                and (before is None or toks[a + 1].start <= before):
            return Mention(toks[a].text, toks[a].start, toks[a].end, "pronoun")  # "Pour lui, « … »"
        e = np_end(toks, a)
        if e >= len(toks) or toks[e].low != "," or before is not None and toks[e].start > before:
            return None
        return make_mention(toks, a, e, self.text)

    def _subject_of(self, sent: Sentence, v: int, kind: str, lo: int,
                    done: list[Quote]) -> Mention | None:
        """Subject of the speech verb at v (participles and "de + infinitive" take the main
        clause's speaker; "et a prédit" takes the previous verb's subject)."""
        toks = sent.toks
        if kind == "ppr":
            if v > 1 and toks[v - 1].low in ("se", "s'") and toks[v - 2].low == ",":
                v -= 1  # "…, a poursuivi l'actrice, se disant « … »": the speaker goes on
            if v > 0 and toks[v - 1].low not in (",", "en") and toks[v - 1].word:
                a = v - 1
                while a > max(0, v - 7) and toks[a].low not in ("le", "la", "les", "l'", "un",
                                                              "une", "des", "sa", "son", "ses"):
                    a -= 1
                if not is_adverbial(toks, a) and toks[v - 1].low not in MONTHS \
                        and toks[v - 1].low not in ("dernier", "dernière", "prochain", "prochaine"):
                    return make_mention(toks, a, v, self.text)  # (not "le 7 mars dernier précisant que")
            if v > 2 and toks[v - 1].low == ",":  # "…, ajoute la police, appelant la population à
                for c in range(v - 2, max(0, v - 16), -1):  # rester « calme »": the incise's subject
                    if toks[c].low == ",":
                        res = parse_incise(toks, c + 1, self.text)
                        m = res[0] if res is not None and res[1] is not None else None
                        g0 = first_verb_group(toks, 0, c)
                        own = subject_before(toks, g0, 0, self.text) if g0 else None
                        if own is not None and (own.person or own.kind in ("name", "pronoun")):
                            m = None  # "Jean Dupont a pris la parole, a salué Marie Durand, évoquant
                            # « … »": the sentence's own speaker goes on; Marie Durand is whom he saluted
                        if m is not None and res[2] <= v - 1 and m.kind != "pronoun" \
                                and (m.name or m.kind != "descriptor" or m.person or org_descriptor(m.text)) \
                                and v - 1 - res[2] <= 6 and not any(verb_at(toks, t) or toks[t].low in AUXILIARIES
                                                                    for t in range(res[2], v - 1)):
                            return m  # (", a jugé X après la réunion, estimant que …"; not "a balayé les
                            # inquiétudes de responsables, assurant : « … »", whose object that is)
                        break
            if done and done[-1].speaker:
                return Mention(done[-1].mention or done[-1].speaker, done[-1].start,
                               done[-1].start, "resolved", name=done[-1].speaker)
            lo = main_clause_start(toks, v)  # "Au moment où …, X faisait la même annonce, saluant « … »"
            g = first_verb_group(toks, lo, v)
            return subject_before(toks, g, lo, self.text) if g is not None else None
        if kind == "inf":
            # "Et le ministre de préciser : « … »"; "Et de préciser" takes the last speaker.
            if v >= 3 and toks[v - 1].low in ("de", "d'") and toks[0].low == "et":
                return make_mention(toks, 1, v - 1, self.text) if v - 1 > 1 else None
            if done and done[-1].speaker:  # "…, a-t-il déclaré avant de lâcher : « … »"
                return Mention(done[-1].mention or done[-1].speaker, done[-1].start,
                               done[-1].start, "resolved", name=done[-1].speaker)
            return None
        g = verb_group_start(toks, v)
        if g > 0 and toks[g - 1].low == "et":
            for w in range(g - 2, max(-1, g - 60), -1):
                vb = verb_at(toks, w)
                if vb and ("pp" in vb[1] or "fin" in vb[1]):
                    return subject_before(toks, verb_group_start(toks, w), max(0, w - 40),
                                          self.text)
            f = first_verb_group(toks, max(0, g - 40), g - 1)  # "X n'a pas tardé à réagir et
            return subject_before(toks, f, max(0, g - 40), self.text) if f else None  # dénonce"
        return subject_before(toks, g, max(0, g - 40), self.text)

    def _final_incise(self, sent: Sentence, from_tok: int, selon: bool = False) -> Attr | None:
        """An incise that ends the sentence: "« … » que …, a déclaré X." (or ", selon X.")."""
        toks = sent.toks
        n = len(toks)
        for c in range(n - 1, max(from_tok, n - 40) - 1, -1):
            if toks[c].low != ",":
                continue
            res = parse_incise(toks, c + 1, self.text)
            if res is None or res[1] is None and not selon:
                continue
            if res[1] is not None and _apposed_name_before(toks, c):
                continue  # "…, le candidat, Benoît Hamon, critique le chef de l'État": the verb's
                # subject is the name before it, not an incise
            rest = [t.low for t in toks[res[2]:]]
            lead = rest[1:2] if rest[:1] == [","] else rest[:1]  # ", qui avait dû …"
            relative = bool(lead) and lead[0] in ("qui", "dont")
            if not relative and (len(rest) > 14 or "que" in rest or "qu'" in rest):
                continue
            return Attr(res[0], res[1], "final")
        return None

    def _colon_before(self, idx: int, sent: Sentence, span: Span) -> Attr | None:
        """The previous sentence ends with a colon and holds a speech verb: "Il a déclaré :"."""
        if idx == 0 or sent.tok_index(span.start) > 0:
            return None
        prev = self.sentences[idx - 1]
        if prev.heading or not self.text[max(prev.start, prev.end - 8):prev.end].rstrip(
                SPACES).endswith(":"):
            return None
        fake = Span(prev.end, prev.end, prev.end, prev.end)
        return self._before(prev, fake, prev.start, [])

    def _inherit(self, sent: Sentence, span: Span, prev: list[Quote], done: list[Quote],
                 attr: Attr | None = None) -> Attr | None:
        """A quote with no attribution that opens its sentence (or nearly) goes on the speech
        of the previous quote in this sentence or in the sentence just before. So does a quote
        whose incise has a verb but no readable subject (", ajoute « BB »")."""
        if done and done[-1].speaker and attr is None:
            gap = self.text[done[-1].end:min(span.start, done[-1].end + 400)]  # 25 words at most: bounded
            if len(WORD_RE.findall(gap)) <= 6 and not any(
                    w.lower() in SPEECH_FORMS for w in WORD_RE.findall(gap)):
                return Attr(None, None, "same", speaker=done[-1].speaker)
            text = self.text[span.istart:span.iend]
            if text[:1].islower() and len(WORD_RE.findall(text)) >= 3 and len(WORD_RE.findall(gap)) <= 25 \
                    and not any(w.lower() in SPEECH_FORMS or w[:1].isupper() or w.lower() in _NEW_SUBJECT
                                or is_person_noun(w.lower()) for w in WORD_RE.findall(gap)):
                # "X estime qu'« … » devant la situation, mais a rejeté l'idée d'une dissolution,
                # qui « ne changera rien à rien »": words cut from the same speech, nobody new
                return Attr(None, None, "same", speaker=done[-1].speaker)
        lead = sent.lead_words(span.start)
        if lead > 4 and attr is None:
            return None
        source = done[-1] if done else prev[-1] if prev else None
        if source is None or source.speaker is None:
            return None
        return Attr(None, attr.verb if attr else None, "inherit", speaker=source.speaker)

    def _continuation(self, idx: int, sent: Sentence, span: Span, attr: Attr | None,
                      done: list[Quote]) -> Attr | None:
        """A quote that opens its sentence with nobody to say it, a few sentences after another
        quote of the same paragraph or the one before, goes on that quote's speech: journalists
        quote one speaker at length, with a sentence of narration between ("« … », a dit X. Il
        a rappelé son parcours. « … »"). Only a quoted sentence (a capital first), not a phrase
        in marks (the name of a plan, of a letter)."""
        if attr is None and done and done[-1].speaker and self.text[span.istart:span.istart + 1].isupper() \
                and re.search(r"[.!?]\s*$", self.text[max(done[-1].end, span.start - 20):span.start]):
            # "« … », a expliqué X, le Président de Bugatti Automobiles S.A.S. « … »": a new
            # quoted sentence after the incise of the one before, in one sentence for the splitter
            return Attr(None, None, "continuation", speaker=done[-1].speaker)
        if attr is not None or sent.lead_words(span.start) > 2 or not self.quotes \
                or not self.text[span.istart:span.istart + 1].isupper():
            return None
        last = self.quotes[-1]
        if last.speaker is None:
            return None
        back = idx - (max(0, idx - 4) + bisect.bisect_right(
            [s.start for s in self.sentences[max(0, idx - 4):idx]], last.start) - 1)
        if back > 3:
            return None
        first = self.sentences[idx - back]
        if first.para < sent.para - 1:
            return None
        return Attr(None, None, "continuation", speaker=last.speaker)

    def _next_subject(self, idx: int, sent: Sentence, span: Span, attr: Attr | None) -> Attr | None:
        """"« Le terrorisme a une nouvelle fois frappé notre territoire ». Le procureur de Paris
        Rémy Heitz a donné une conférence de presse …": a quoted sentence standing alone, then
        the person it is from, named as the next sentence's subject."""
        if attr is not None or sent.lead_words(span.start) > 0 or idx + 1 >= len(self.sentences) \
                or WORD_RE.search(self.text[span.end:sent.end]) \
                or not self.text[span.istart:span.istart + 1].isupper():
            return None
        nxt = self.sentences[idx + 1]
        if nxt.para != sent.para or nxt.heading or nxt.spans and nxt.spans[0].start == nxt.start:
            return None
        g = first_verb_group(nxt.toks, 0, min(len(nxt.toks), 30))
        m = subject_before(nxt.toks, g, 0, self.text) if g else None
        if m is None or m.kind == "pronoun" or not (m.kind == "name" and m.person or m.name and m.person):
            return None
        found = Attr(m, None, "next")
        self._resolve(found, nxt.start)
        return found if found.speaker else None

    def _prev_speech(self, idx: int, sent: Sentence, span: Span) -> Attr | None:
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
            if vb is not None and vb[1] == "inf" and not toks[v].cap and v > 0 and toks[v - 1].low in _TO_SPEAK:
                # "Emmanuel Macron n'a pas hésité à tacler la politique de François Hollande. « … »",
                # "Laurent Ruquier a décidé d'évoquer le sujet. « … »": the sentence's subject, by name
                g = first_verb_group(toks, 0, v)
                m = subject_before(toks, g, 0, self.text) if g else None
                if m is None or m.kind != "name" or not m.person:
                    return None
                attr = Attr(m, vb[0], "previous")
                self._resolve(attr, prev.start)
                return attr if attr.speaker else None
            if vb is None or vb[1] in ("inf", "ppr") or toks[v].cap or negated(toks, v, 0):
                continue
            m = subject_before(toks, verb_group_start(toks, v), 0, self.text)
            if m is None:
                return None
            if m.kind == "descriptor" and not (m.person or m.name) and not org_descriptor(m.text):
                return None  # "Le récit commence par la conférence. « … »": a thing does not speak
            attr = Attr(m, vb[0], "previous")
            self._resolve(attr, prev.start)
            return attr if attr.speaker else None
        return None


_TO_SPEAK = frozenset(("à", "d'", "de"))  # "hésité à tacler", "décidé d'évoquer", "tenu de rappeler"


def org_descriptor(text: str) -> bool:
    """True when a descriptor is headed by an organisation's noun ("le groupe", "les syndicats")."""
    words = strip_det(text).split()
    head = words[0] if words else ""
    return head in ORG_NOUNS or head in INSTITUTION_NOUNS or head.endswith("s") and head[:-1] in ORG_NOUNS


def _apposed_name_before(toks: list[Tok], c: int) -> bool:
    """True when the comma at toks[c] closes a name in apposition to a description of a person
    ("…, le nouveau candidat à la primaire, Benoît Hamon, critique …"); not a list of places
    ("trois villes, Lyon, Marseille, Paris, affirme …") nor someone spoken to."""
    k = c - 1
    while k >= 0 and toks[k].cap and toks[k].word:
        k -= 1
    if not (c - k >= 2 and k >= 1 and toks[k].low == ","):
        return False
    a = k - 1
    while a >= 0 and toks[a].low not in (",", ";", ":", "(", "«", "“", '"') and k - a <= 16:
        a -= 1
    a += 1
    return a < k and toks[a].low in DETERMINERS | {"l'"} and has_title(toks, a + 1, k)
