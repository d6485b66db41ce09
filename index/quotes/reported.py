"""Reported speech: "X a affirmé que …" (also "…, affirmant que …"), "selon X, …", "d'après X,
…", "…, selon X.", and a sentence ended by an incise "…, a déclaré X." — the reported clause is the
quote (`direct=False`). A que-clause that holds a kept direct quote is not repeated.
"""

from __future__ import annotations

import bisect
import re

from index.quotes.attribution import (
    NOT_SOURCES,
    Attr,
    Event,
    inside_any,
    negated,
    parse_incise,
    speech_verb_before,
    verb_group_start,
)
from index.quotes.marks import SPACES
from index.quotes.mentions import (
    Mention,
    first_verb_group,
    make_mention,
    name_runs,
    np_end,
    subject_before,
)
from index.quotes.names import descriptor_head, strip_det
from index.quotes.sentences import Sentence
from index.quotes.tokens import WORD_RE, is_adverbial, verb_at
from index.quotes.words import (
    AUXILIARIES,
    DETERMINERS,
    INSTITUTION_NOUNS,
    ORG_NOUNS,
    PRE_ADJECTIVES,
    SOURCE_NOUNS,
    is_person_tok,
)
from index.store.models import Quote
from index.text.speech_verbs import SPEECH_FORMS

_FRONTED = frozenset("dans en pour sur à avec depuis après avant lors pendant selon d'après".split())
_MULTIWORD_ENDS = frozenset(("savoir", "valoir", "garde"))  # "a fait savoir", "a mis en garde"
_RELATIVES = frozenset("qui dont lequel laquelle lesquels lesquelles".split())
_APPOSITION_OPENERS = _RELATIVES | {"de", "d'", "d’"}
_PARTICIPLE_OPENERS = frozenset("interrogé interrogée interrogés interrogées invité invitée invités invitées "
                               "joint jointe contacté contactée âgé âgée originaire ancien ancienne ex "
                               "elle-même lui-même".split())
_CLAUSE_OPENERS = frozenset("il elle ils elles on c' ce cela ça ceci rien tout".split())
_SPEECH_HINT_RE = re.compile(r"\b(?:selon|d['’]après|que|qu['’]|appris)\b|-t-|-il\b|-elle\b|^\W*Pour\s", re.I)


def _can_report(attr: Attr) -> bool:
    """Reported speech needs someone who reports: a person, a name, an organisation, a source
    ("selon un sondage"), not "selon son mouvement" or "laissant la parole à"."""
    m = attr.mention
    if m is None or m.kind != "descriptor" or m.name or m.person:
        return True
    if any(w[:1].isupper() for w in m.text.split()[1:]):
        return True  # "le palais de Kensington", "la Maison royale espagnole"
    words = [w for w in strip_det(m.text).split() if w not in PRE_ADJECTIVES]
    return bool(words) and (words[0] in ORG_NOUNS or words[0] in SOURCE_NOUNS or words[0] in INSTITUTION_NOUNS)


class ReportedSpeech:
    """The reported-speech half of the article reader (`index.quotes.reader.Reader`)."""

    def _indirect(self, sent: Sentence, direct: list[Quote]) -> list[Quote]:
        """Reported speech of a sentence: que-clauses, selon/d'après, a final incise."""
        toks = sent.toks
        if not toks:
            return []
        sentence = self.text[sent.start:sent.end]
        if not _SPEECH_HINT_RE.search(sentence) and not any(
                t.low in SPEECH_FORMS or t.low in _MULTIWORD_ENDS for t in toks):
            return []
        out = self._que_clauses(sent)
        if out:
            self._source_at_end(sent, out)
        if not out:
            out = self._selon(sent)
        if not out:
            out = self._for_someone(sent)
        if not out:
            out = self._comme(sent)
        if not out and not direct:
            out = self._learnt_from(sent)
        if not out and not direct:
            attr = self._final_incise(sent, 0)
            if attr is not None and attr.mention is not None and attr.mention.text != "on":
                seen = len(self.events)
                self._resolve(attr, toks[0].start)
                q = self._reported(sent, sent.start, self._clause_end(sent, 0), attr)
                if q:
                    out = [q]
                else:  # "…, Benoît Hamon, critique ouvertement le chef de l'État.": no words
                    del self.events[seen:]  # reported, so nobody spoke there
        starts = [d.start for d in direct]  # in text order: each clause's quotes by bisection
        kept = []
        for q in out:
            inside = direct[bisect.bisect_left(starts, q.start):bisect.bisect_left(starts, q.end)]
            for d in inside:  # "Le JDD informe que la liste se « négocie encore âprement »": the
                if d.speaker is None and q.speaker is not None:  # words in marks are the clause's
                    d.speaker, d.mention, d.verb = q.speaker, q.mention, q.verb  # speaker's
            if inside:  # a reported clause holding words in marks: up to them, if it says enough
                cut = inside[0].start
                opening = self.text.rfind("«", q.start, cut + 1)
                cut = opening if opening >= q.start else cut  # before the mark, not after it
                if not self.text[q.start:cut].rstrip(SPACES).endswith((",", ":")):
                    continue  # "la liste se « négocie encore âprement »": the words in marks say it
                head = self._reported(sent, q.start, cut, Attr(None, q.verb, "cut", speaker=q.speaker))
                if head is None or head.start > q.start or head.text.split()[0].lower() in _FRONTED:
                    continue  # "que dans les pays où …, « … »": a fronted phrase, not what was said
                q.text, q.end = head.text, head.end  # "Selon le magistrat, deux personnes sont
                # décédées, « une troisième … »": the clause, then the quote in marks
            kept.append(q)
        return kept

    def _learnt_from(self, sent: Sentence) -> list[Quote]:
        """"Un homme a été interpellé lundi, a-t-on appris de source proche du dossier" (or
        "auprès de la préfecture"): the sentence is what that source said."""
        found = _LEARNT.search(self.text, sent.start, sent.end)
        if found is None:
            return []
        if found.group("source"):
            words = found.group("source").strip()
            who = ("des " if words.lower().startswith("sources") else "une ") + words
        else:
            who = found.group("place").strip()
            who = re.sub(r"^(?:du)\b", "le", re.sub(r"^(?:des)\b", "les", who))
            who = re.sub(r"^(?:de\s+l['’]|d['’])", lambda m: "l’" if "’" in m.group(0) else "l'", who)
            who = re.sub(r"^de\s+", "", who)
        q = self._reported(sent, sent.start, found.start(), Attr(None, "apprendre", "learnt", speaker=who))
        return [q] if q else []

    def _source_at_end(self, sent: Sentence, found: list[Quote]) -> None:
        """"L'autopsie a conclu que c'était un serpent, selon Le Parisien.": what a thing (not a
        person) concluded, the source at the end of the sentence reports it."""
        if not any(q.speaker is None or _a_thing(q.mention) for q in found):
            return
        attr = self._final_incise(sent, 0, selon=True)
        if attr is None or attr.verb is not None or attr.mention is None \
                or attr.mention.kind == "pronoun":
            return
        attr.how = "selon"  # a source: not who the pronouns after it mean, unless a person
        self._resolve(attr, sent.toks[0].start)
        if not attr.speaker:
            return
        for q in found:
            if q.speaker is None or _a_thing(q.mention):
                if q.speaker is not None:  # "l'autopsie" spoke nowhere: not who "il" is next
                    self.events = [ev for ev in self.events if ev.pos < sent.start or ev.speaker != q.speaker]
                q.speaker, q.mention, q.verb = attr.speaker, attr.mention.text, None

    def _que_clauses(self, sent: Sentence) -> list[Quote]:
        """"X a affirmé que …", "X, qui a estimé que …", "…, affirmant que …"."""
        toks = sent.toks
        spans = [(s.start, s.end) for s in sent.spans]
        found: list[tuple[int, int, Attr]] = []
        for q, t in enumerate(toks):
            if t.low not in ("que", "qu'") or inside_any(t.start, spans):
                continue
            v = speech_verb_before(toks, q)
            if v is None:
                continue
            lemma, kind, vidx = v
            if negated(toks, vidx, max(0, vidx - 6)) or inside_any(toks[vidx].start, spans):
                continue
            mention = self._subject_of(sent, vidx, kind, max(0, vidx - 40), [])
            attr = Attr(mention, lemma, "que")
            if mention is None and kind in ("ppr", "inf"):
                attr = self._last_speaker_attr(lemma, "que", toks[vidx].start) or attr
            found.append((q, verb_group_start(toks, vidx), attr))
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
                if quote.speaker and quote.speaker[:1].isupper() and not self._is_person(quote.speaker) \
                        and attr.verb in _REPORTING_VERBS:
                    self._clause_subject_event(toks, q + 1, cut)  # (a medium reports; not "Matignon a
                    # confirmé que Jean Castex était positif. « Il va bien », a-t-il ajouté")
        return out

    def _clause_subject_event(self, toks: list, a: int, cut: int) -> None:
        """"Paris Match explique que Stéphanie de Monaco suivait … Elle …, déclarait-elle": the person
        a medium's or a body's report is about is whom the pronouns after it mean, not the medium."""
        hi = next((j for j in range(a, len(toks)) if toks[j].start >= cut), len(toks))
        g = first_verb_group(toks, a, min(hi, a + 12))
        m = subject_before(toks, g, a, self.text) if g is not None and g > a else None
        if m is not None and m.kind == "name" and m.name:
            name, at = self.names.full_name(m.name), m.start
        else:  # a verb the lexicon does not know: "que Stéphanie de Monaco suivait …"
            runs = name_runs(toks, a, min(hi, a + 6))
            if not runs or runs[0][0] != a or runs[0][1] >= hi or not toks[runs[0][1]].word or toks[runs[0][1]].cap:
                return
            name, at = self.names.full_name(self.text[toks[a].start:toks[runs[0][1] - 1].end]), toks[a].start
        if self._is_person(name):
            self.events.append(Event(at, name, self.genders.get(name) or self.names.gender(name), False))

    def _for_someone(self, sent: Sentence) -> list[Quote]:
        """"Pour l'historien Ryan K. Smith, le mouvement semble s'étendre": a sentence opening
        with "Pour" and a person (a name known to be a person's, or a person's description) gives
        that person's view; not "Pour l'instant, …", "Pour Noël, …", "Pour la CGT, …"."""
        toks = sent.toks
        if len(toks) < 6 or toks[0].low != "pour" or sent.spans and sent.spans[0].start < toks[1].start:
            return []
        e = np_end(toks, 1)
        if e >= len(toks) - 3 or toks[e].low != ",":
            return []
        mention = make_mention(toks, 1, e, self.text)
        if mention is None or mention.kind == "pronoun" or not mention.person:
            return []
        if mention.kind == "descriptor" and not mention.name and e - 1 <= 2 and toks[e - 1].cap:
            return []  # "Pour le Beaujolais, …", "Pour l'Américain, c'est une première victoire": a
            # capitalised noun alone says too little of a person to make what follows their view
        runs = name_runs(toks, e + 1, min(len(toks), e + 6))
        if runs and runs[0][0] == e + 1 and runs[0][1] < len(toks) - 3 and toks[runs[0][1]].low == ",":
            # ("Pour la ministre, Thomas Pesquet, qui accompagnait …, a le profil idéal": the name is
            # the subject of what follows, which the apposition rule below tells by the verb after
            # the relative clause; "Pour le ministre, Gérald Darmanin, qui était à Lyon, la sécurité
            # est une priorité" is his view)
            named = make_mention(toks, e + 1, runs[0][1], self.text)  # "Pour le procureur, Etienne
            if named is not None and named.kind == "name":  # Manteaux, c'en est trop": his view
                mention, e = named, runs[0][1]
        if mention.kind == "descriptor" and not mention.name and mention.plural:
            return []  # "Pour les professionnels, le gouvernement recommande …": for whom, not who
        nxt = toks[e + 1]
        if nxt.low in DETERMINERS:  # "Pour Flavia Coelho, la plus parisienne des Brésiliennes, …"
            comma = next((c for c in range(e + 2, min(len(toks) - 3, e + 12)) if toks[c].low in (",", ".", ";", ":")), None)
            if comma is not None and toks[comma].low == "," and first_verb_group(toks, e + 1, comma) is None:
                e = comma  # an apposition: the view is told after it
        elif nxt.low in _APPOSITION_OPENERS or nxt.low in _PARTICIPLE_OPENERS or nxt.text[:1].isdigit() \
                or is_person_tok(nxt.low, nxt.cap):
            # "Pour Tom Hanks, qui a aussi écrit le scénario, …", "Pour Jean Jalbert, directeur de
            # la Tour du Valat, …", "Pour José, 71 ans, …", "Pour Patrick Poivre d'Arvor, interrogé
            # par BFM TV, …": an apposition, the view (if any) is told after it
            comma = next((c for c in range(e + 2, min(len(toks) - 3, e + 30)) if toks[c].low in (",", ".", ";", ":")), None)
            if comma is None or toks[comma].low != ",":
                return []
            e = comma
            if toks[e + 1].low in AUXILIARIES or verb_at(toks, e + 1):
                return []  # "…, qui accompagnait Emmanuel Macron, a le profil idéal": its subject
        end = self._clause_end(sent, e + 1)
        hi = next((j for j in range(e + 1, len(toks)) if toks[j].start >= end), len(toks))
        if not (toks[e + 1].low in _CLAUSE_OPENERS or first_verb_group(toks, e + 1, min(hi, e + 12)) is not None):
            return []  # "Pour Flavia Coelho, la plus parisienne des Brésiliennes (…)": no clause told
        attr = Attr(mention, None, "selon")
        self._resolve(attr, toks[1].start)
        q = self._reported(sent, toks[e].end, end, attr)
        return [q] if q else []

    def _comme(self, sent: Sentence) -> list[Quote]:
        """"Comme le révèle La Voix du Nord, …" and "…, comme l'explique le JDD.": the clause
        is the source's report."""
        toks = sent.toks
        n = len(toks)
        for k, t in enumerate(toks):
            if t.low != "comme" or k and toks[k - 1].low != ",":
                continue
            v = k + 1 + (k + 1 < n and toks[k + 1].low in ("le", "l'"))
            vb = verb_at(toks, v)
            if vb is None or "fin" not in vb[1]:
                continue
            a = vb[2]
            e = np_end(toks, a) if a < n else a
            m = make_mention(toks, a, e, self.text) if e > a else None  # no apposition after it:
            if m is None or m.kind == "pronoun":  # "Comme le révèle X, Cassandra …" is X's report
                continue
            e = bisect.bisect_left(sent.starts, m.end)
            attr = Attr(m, vb[0], "comme")
            if k == 0 and e < n and toks[e].low == ",":
                start, end = toks[e].end, self._clause_end(sent, e + 1)
            elif k > 0 and (e >= n or toks[e].low in (".", "!", "?", ";")):
                start, end = sent.start, toks[k - 1].start
            else:
                continue
            return self._report(sent, start, end, attr, t.start)
        return []

    def _report(self, sent: Sentence, start: int, end: int, attr: Attr, pos: int) -> list[Quote]:
        """The one reported quote of a source pattern ("comme le révèle X", "selon X"), its
        speaker resolved at `pos`."""
        self._resolve(attr, pos)
        q = self._reported(sent, start, end, attr)
        return [q] if q else []

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
            if a >= n or inside_any(t.start, spans) or toks[a].low in NOT_SOURCES:
                continue
            mention: Mention | None
            if toks[a].low in ("lui", "elle", "eux", "elles"):
                e = a + 1
                mention = Mention(toks[a].text, toks[a].start, toks[a].end, "pronoun",
                                  gender="f" if toks[a].low.startswith("elle") else "m",
                                  plural=toks[a].low in ("eux", "elles"))
            else:
                e = np_end(toks, a)
                mention = make_mention(toks, a, e, self.text) if e > a else None
            if mention is None:
                continue
            if mention.kind == "pronoun":
                mention = self._own_subject(sent, k) or mention
            elif mention.kind == "descriptor" and not mention.name:
                e = self._source_by(toks, e, mention)
            attr = Attr(mention, None, "selon")
            lead = sent.lead_words(t.start)
            comma_before = k > 0 and toks[k - 1].low == ","
            if lead == 0 and e < n and (toks[e].low in ("pour", "de", "du", "des", "d'", "auprès", "(", "à", "sur")
                                        or is_adverbial(toks, e)
                                        or toks[e].text.islower() and re.search(r"(?:é|ée|és|ées|u|ue|us|ues)$",
                                                                                toks[e].low)):  # "Selon un
                comma = next((c for c in range(e, min(n, e + 12)) if toks[c].low in (",", ".", ";", ":")), None)
                if comma is not None and toks[comma].low == "," and not any(  # sondage Ifop pour le JDD, publié
                        verb_at(toks, c) and "fin" in verb_at(toks, c)[1] or toks[c].low in AUXILIARIES
                        for c in range(e, comma)):
                    e = comma  # le 24 mars, …": the source's complement runs to the comma
            if e < n and toks[e].low == "," and (lead <= 3 or comma_before):
                if e + 1 < n and (re.fullmatch(r"(?:publié|réalisé|paru|cité|relayé|diffusé)e?s?", toks[e + 1].low)
                                  or toks[e + 1].word and toks[e + 1].text.islower()
                                  and toks[e + 1].low not in DETERMINERS and not verb_at(toks, e + 1)
                                  and self._apposition_end(toks, e + 1) is not None):
                    comma = next((c for c in range(e + 2, min(n, e + 10)) if toks[c].low in (",", ".")), None)
                    if comma is not None and toks[comma].low == ",":
                        e = comma  # "Selon un sondage Ifop, publié le 24 mars, …", "Selon Logista,
                        # fournisseur des buralistes, …": the clause after it
                start, end = toks[e].end, self._clause_end(sent, e + 1)  # "Selon X, …"
            elif e + 12 >= n and "," not in [x.low for x in toks[e:]] and lead >= 3 and (
                    comma_before or mention.person or mention.name
                    or any(x.low.endswith(("rait", "raient")) for x in toks[max(0, k - 30):k])):
                start, end = sent.start, t.start  # "…, selon X." / "… serait …, d'après X."
            else:
                continue
            return self._report(sent, start, end, attr, t.start)
        return []

    @staticmethod
    def _apposition_end(toks: list, a: int) -> int | None:
        """The comma closing an apposition that starts at token a ("journal favorable à la
        couronne,"), when one comes within a few words and no verb does before it."""
        for c in range(a, min(len(toks), a + 10)):
            if toks[c].low == ",":
                return c
            if toks[c].low in (".", ";", ":", "«", "»") or verb_at(toks, c) and "fin" in verb_at(toks, c)[1] \
                    or toks[c].low in ("est", "sont", "a", "ont", "était", "avait"):
                return None
        return None

    def _source_by(self, toks: list, e: int, mention: Mention) -> int:
        """"Selon un sondage publié dimanche par ABC, …": the source is ABC's (a poll "pour Orange"
        is the pollster's, not its client's); returns the index after the name (or `e` unchanged)."""
        j = e
        if j < len(toks) and re.fullmatch(r"(?:publié|réalisé|paru|mené|commandé|diffusé)e?s?", toks[j].low):
            j += 1
            while j < len(toks) and is_adverbial(toks, j):
                j += is_adverbial(toks, j)
        if j + 1 < len(toks) and toks[j].low == "par" and j > e - 1:  # not "pour": a poll's client
            runs = name_runs(toks, j + 1, min(len(toks), j + 6))
            if runs and runs[0][0] == j + 1:
                ra, rb = runs[0]
                mention.name = self.text[toks[ra].start:toks[rb - 1].end]
                mention.text = self.text[mention.start:toks[rb - 1].end]
                mention.end = toks[rb - 1].end
                return rb
        return e

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

    def _reported(self, sent: Sentence, start: int, end: int, attr: Attr) -> Quote | None:
        """A Quote for reported speech between offsets, trimmed of spaces and end punctuation."""
        text = self.text
        while start < end and text[start] in SPACES + ",":
            start += 1
        while end > start and text[end - 1] in SPACES + ".;:,":
            end -= 1
        if len(WORD_RE.findall(text[start:end])) < 3 or not _can_report(attr):
            return None
        return Quote(text=text[start:end], speaker=attr.speaker, start=start, end=end,
                     mention=attr.mention.text if attr.mention else None, verb=attr.verb,
                     direct=False)


# Verbs by which a medium reports about someone ("Paris Match explique que X …")
_REPORTING_VERBS = frozenset("révéler rapporter relater raconter écrire expliquer dévoiler publier".split())
# ", a-t-on appris de source proche du dossier." / "…, a-t-on appris auprès de la préfecture."
_DAY = (r"(?:(?:ce\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd['’]hui)"
        r"(?:\s+\d{1,2}(?:er)?(?:\s+(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre))?)?"
        r"(?:\s+(?:matin|soir|midi|après-midi))?|ce\s+\w+|dans\s+la\s+(?:soirée|matinée|journée|nuit))")
# ", a-t-on appris samedi 23 mai de sources concordantes", ", a appris l'AFP auprès de la préfecture"
_LEARNT = re.compile(r",\s*(?:(?:a|avait)-t-on|(?:a|avait)\s+appris\s+(?:l['’]AFP|[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)"
                     r"(?=\s))\s+(?:appris\s+)?(?:" + _DAY + r"\s+)?(?:de\s+(?P<source>sources?\s[^,.;]{3,80})"
                     r"|auprès\s+(?P<place>(?:du|des|de\s+la|de\s+l['’]|d['’])\s*[^,.;]{2,80}))[.;]?\s*$")


def _a_thing(mention: str | None) -> bool:
    """"l'autopsie", "les chiffres": a definite description that names no person (nor an
    organisation: "le ministère" speaks for itself)."""
    mention = mention[:1].lower() + mention[1:] if mention else ""
    bare = strip_det(mention)
    if not bare or bare == mention or bare[:1].isupper():
        return False
    head = bare.split()[0].lower()
    return not descriptor_head(mention)[0] and head not in ORG_NOUNS
