"""The article reader: reads one article sentence by sentence, collects its quotes (direct and
reported, from its two halves), and resolves each speaker to the article's canonical name.

Resolution: pronouns go to the latest compatible speaker or sentence subject before them, "M.
Poutine" to the longest full name seen ("Vladimir Poutine"), "le président russe" to the name it
introduced, an acronym to its long name; a descriptor with no name stays itself. A title opening
with a name and a verb names the article's main person, the last resort for a pronoun.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import Sequence

from index.quotes.attribution import Attr, Event
from index.quotes.direct import DirectSpeech, org_descriptor
from index.quotes.marks import MARKS, SPACES, Span, find_spans
from index.quotes.mentions import (
    Mention,
    first_verb_group,
    main_clause_start,
    make_mention,
    name_runs,
    not_a_name_part,
    np_end,
    span_text,
    subject_before,
)
from index.quotes.names import NameIndex, canonical, descriptor_head, rests_agree, role_as_written, strip_det
from index.quotes.reported import ReportedSpeech
from index.quotes.sentences import Sentence, split_sentences
from index.quotes.tokens import WORD_RE, Tok, tokenize, unglued_start, verb_at
from index.quotes.words import AUXILIARIES, CLITICS, HONORIFICS, ORG_NOUNS, ORG_WORDS, PP_PREPOSITIONS, PRE_ADJECTIVES, \
    RELATIONAL, alike_roles, common_words, first_names, is_person_noun, low, norm, unlike_roles, womans_name
from index.store.models import Article, Quote

def _bodies(text: str) -> bool:
    """A plural description of organisations: "les syndicats", "les deux mairies"."""
    words = [w for w in strip_det(text).split() if w not in PRE_ADJECTIVES]
    return bool(words) and words[0].endswith(("s", "x")) and (words[0][:-1] in ORG_NOUNS or words[0] in ORG_NOUNS)


# What a capital after which a word may have the capital of a sentence's start (_common_word)
_OPENERS = frozenset((".", "!", "?", "«", "“", '"', ":", "-", "–", "—", "(", "…", ";"))
# "selon les informations de la Voix du Nord", "d'après un communiqué de la préfecture": the
# source is the organisation or person after "de".
# The lower-case adjectives of institutions' names ("des Affaires étrangères", "de la Transition
# écologique", "des Comptes publics"): a list, not endings ("la préfecture du Doubs vient", "le
# ministère de l'Intérieur considère" are verbs).
_TRAILING_ADJ = re.compile(r"\s+(étrangères|étranger|écologique|écologiques|solidaire|solidaires|publics|public|publique"
                           r"|publiques|supérieur|supérieure|national|nationale|nationaux|social|sociale|sociaux|numérique"
                           r"|territoriale|territoriales|locales|rurale|rurales|maritime|maritimes|européennes|européen"
                           r"|européenne|internationale|international|internationaux|économique|financière|financières"
                           r"|sanitaire|sanitaires|alimentaire|agricole|industrielle|culturelle|sportive|spécialisée"
                           r"|régional|régionale|régionaux|départemental|départementale|municipal|municipale)\b")
_SOURCE_OF = re.compile(
    r"^(?:les|des|un|une|le|la|l['’])\s*(?:informations|révélations|chiffres|données|calculs|estimations|"
    r"communiqué|document|documents|sources|propos|déclarations|images|vidéo|sondage|enquête|étude|"
    r"dernier bilan|bilan)\s+(?:de|du|des|d['’])\s*((?:la|le|les|l['’])?\s*[A-ZÀ-Ý].*)$")
# "le communiqué de la préfecture", "le texte signé de la société des rédacteurs": a body's text
# speaks for the body, named by its noun
_TEXT_OF_A_BODY = re.compile(
    r"^(?:le|un|ce|la|une|cette)\s+(?:communiqué|texte|lettre|courrier|note|déclaration|tribune)"
    r"(?:\s+(?:signée?|publiée?|diffusée?|commune))?\s+(de\s+la\s+|de\s+l['’]|du\s+|des\s+)(\w+)(.*)$", re.I)
_OF_TO_THE = {"du": "le ", "des": "les ", "de la": "la "}  # "du ministère" → "le ministère"


# "chez Hermès", "salariés d'Hermès": a house that employs people, which the NER sometimes
# takes for a person.
_HOUSE = re.compile(r"\b(?:chez|(?:salariée?s?|employée?s?|ouvrière?s?|ouvriers?|patron|patronne|"
                    r"PDG|dirigeante?s?|actionnaires?|usines?|magasins?)\s+(?:de|d['’]))\s*"
                    r"([A-ZÀ-Ý][\w’'-]+)(?![\w’'-])(?!\s+[A-ZÀ-Ý])")
# "la commune de Mimet", "l'élu de Mimet": a town, whatever the NER says of its one word
_TOWN = re.compile(r"\b(?:commune|ville|village|bourg|maire|mairie|élue?|édile|habitants|municipalité)"
                   r"\s+(?:de|d['’])\s*([A-ZÀ-Ý][\w’'-]+)(?![\w’'-])(?!\s+[A-ZÀ-Ý])")


# Nouns that name a newsroom, and what cites one as the source of what is said.
_MEDIA_NOUNS = frozenset("station radio chaîne quotidien hebdomadaire journal magazine mensuel site "
                         "média titre".split())
# A medium cited as the source: "selon Le Parisien", "d'après les informations de la Dépêche du Midi"
_CITED_MEDIUM = re.compile(r"\b(?:[Ss]elon|[Dd]['’]après)\s+(?:les\s+informations\s+(?:de\s+|du\s+|d['’]))?"
                           r"(?P<name>(?P<det>[Ll]['’]|[Ll]es?\s+|[Ll]a\s+)?(?P<first>[A-ZÉÈÀ][\w'’-]*)"
                           r"(?P<rest>(?:\s+(?:du\s+|de\s+la\s+|de\s+|des\s+)?[A-ZÉÈÀ][\w'’-]*)*(?:\s+(?:info|\d{1,2})\b)?))")
_CITED = re.compile(r"(?:(?:\b|(?<=[a-zà-ÿ])(?=[SD]))(?:[Ss]elon|[Dd]['’]après|[Ss]ur|[Àà]|[Aa]u|[Dd]ans|"
                    r"micro\s+d['’]|micro\s+de|antenne\s+de|colonnes\s+du|colonnes\s+de|"
                    r"interrogée?\s+par|confié\s+à)\s*(?:[Ll]['’]|[Ll]e\s|[Ll]a\s|[Ll]es\s)?)$")


# Those who speak for someone else: "« … », a déclaré X. « … », a précisé le porte-parole" is
# another person.
_SPEAKS_FOR = frozenset(norm(w) for w in (
    "porte-parole avocat représentant conseiller proche collaborateur secrétaire assistant agent "
    "attaché chargé mandataire défenseur entourage médiateur négociateur interprète traducteur").split())
# What stands before a title's speaker ("…", estime X; Selon X; Pour X,) or a complement's name
_TITLE_SPEAKER = re.compile(r"(?:[,»”\"]\s*[a-zà-ÿ'’-]+(?:-t)?(?:-(?:il|elle))?\s+(?:[a-zà-ÿ'’-]+\s+)?"
                            r"|(?:^|[:,]\s*)(?:[Ss]elon|[Pp]our|[Dd]['’]après)\s+)$")
_TITLE_COMPLEMENT = re.compile(r"(?:\b(?:de|du|des|sur|contre|à|avec|par|chez|pour|envers|face\s+à)\s+|\b[dD]['’])$")
# "la jeune fille de 17 ans", "le jeune homme": someone's age, not their family
_YOUNG = re.compile(r"\b(?:jeunes?|petites?|petits?)\s+(?:filles?|femmes?|hommes?|garçons?)\b"
                    r"|\b(?:filles?|garçons?|femmes?|hommes?)\s+de\s+\d+\s+ans\b", re.I)
# Offices one person holds at a time, never a description varied for the latest speaker
_SINGLE_OFFICE = re.compile(r"(?i)premier\s+ministre|chef\s+de\s+l['’]\s*[ée]tat|président\s+de\s+la\s+république")
# Bodies an article's "le gouvernement", "le ministère" mean as such: never the latest other
# organisation the NER found ("la Commission de régulation de l'énergie", "l'AFP")
_ONE_OF_A_KIND = frozenset("gouvernement ministère préfecture mairie parquet élysée matignon justice tribunal "
                           "police gendarmerie juge exécutif".split())
_MEDIUM_BEFORE = re.compile(r"\b(?:quotidien|journal|hebdomadaire|magazine|radio|chaîne|site|média|agence)"
                            r"(?:\s+[a-zà-ÿ-]+){0,2}\s+$", re.I)  # ("le quotidien national transalpin La Stampa")
# A medium introduced by its kind and name: "le quotidien Midi Libre", "l'hebdomadaire Le Point",
# "la radio France Bleu Isère", "le magazine 20 Minutes", for "a ajouté le quotidien" further on
_MEDIUM_HEADS = "quotidien|hebdomadaire|journal|magazine|mensuel|radio|station|chaîne"  # a medium's kind
_MEDIUM_NAMED = re.compile(r"(?:\b[Ll]es?\s+|\b[Ll]a\s+|\b[Dd]u\s+|\b[Aa]u\s+|\b[Ll]['’])"
                           r"(?P<head>" + _MEDIUM_HEADS + ")"
                           r"(?:\s+(?:régional|national|britannique|américain|allemand|italien|espagnol|belge|suisse|"
                           r"local|gratuit|économique|sportif|satirique|people|spécialisé|en\s+ligne))?\s+"
                           r"(?P<name>(?:\d{1,3}\s+)?[A-ZÉÈÀ][\w'’-]*(?:\s+(?:(?:du|de\s+la|de|des|della|del|di|dello|of|the|y|el)\s+|d['’])?"
                           r"[A-ZÉÈÀ][\w'’-]*)*(?:\s+\d{1,2}\b)?)")
# What a medium's noun may take up: "le journal" the daily or the weekly named before, "la station"
# the radio; "l'hebdomadaire" is not "le journal Le Monde"
_TAKES_UP = {"journal": frozenset(("journal", "quotidien", "hebdomadaire", "magazine")),
             "quotidien": frozenset(("quotidien", "journal")),
             "hebdomadaire": frozenset(("hebdomadaire", "magazine")),
             "magazine": frozenset(("hebdomadaire", "magazine", "mensuel")),
             "station": frozenset(("station", "radio")), "radio": frozenset(("station", "radio"))}


def _same_medium(named: str, noun: str) -> bool:
    """True when `noun` ("le quotidien") may stand for a medium introduced as "le `named` X"."""
    named, noun = named.lower(), noun.lower()
    return named == noun or named in _TAKES_UP.get(noun, ())


_SITE_OF = re.compile(r"(?:site|site\s+internet|site\s+web|compte\s+twitter)\s+(?:du|de\s+la|de\s+l['’])\s*"
                      r"(" + _MEDIUM_HEADS + ")$", re.I)
_INLINE_HEADING = re.compile(r"[-–—][^.!?\n]{1,80}?[-–—][\s\u00a0\u202f]*")
# Nouns of bodies and media that take up the body that spoke just before ("précise le quotidien",
# "ajoute l'agence"), when no "le quotidien X" introduced one
# (not "le syndicat", "l'entreprise", "le groupe": a company and a union answer each other, "a annoncé
# Renault. « … », dénonce le syndicat")
_TAKEN_UP = _MEDIA_NOUNS | frozenset("agence association institut observatoire office laboratoire".split())
_RECENT_EVENTS = 300  # how far back a description looks among speakers and subjects


class Reader(DirectSpeech, ReportedSpeech):
    """Reads one article sentence by sentence and collects its quotes."""

    def __init__(self, article: Article, ents: Sequence[tuple[int, int, str]] = (),
                 built: Reader | None = None) -> None:
        """`built`: a reader of the same article, without entities, whose sentences and names
        this one takes over instead of tokenizing the article again (reading changes neither;
        issue 6). `built` must not be used afterwards."""
        self.text = article.text or ""
        self.title = article.title or ""
        self.title_needs_ner = False  # the title's names are wanted from the NER (see _unnamed)
        self._key_heads: dict[str, tuple[str, str]] = {}  # role key → (head noun, its words after)
        self.names = NameIndex()
        self.sentences: list[Sentence] = []
        self.events: list[Event] = []
        self.genders: dict[str, str] = {}
        self.quotes: list[Quote] = []
        self.ents = sorted(ents)
        self.idx = 0  # the sentence being read
        self.needs_ner: set[int] = set()  # sentences where the rules found no speaker
        self.title_people: set[str] = set()  # the name a title opens with, before its verb
        self._inner_capitals: set[str] | None = None  # capitalised words inside sentences (_common_word)
        self.spoke: tuple[int, str] | None = None  # the latest quote's position and speaker
        self._spans: list[Span] | None = None  # every quotation span, by start (see _quoted)
        self._sentence_starts: list[int] = []  # the sentences' offsets, for _glued_heading
        self._span_starts: list[int] = []
        if built is None:
            self._build(article)
        else:
            assert not built.ents, "a reader already given entities cannot be reused"
            self.names, self.sentences = built.names, built.sentences
        self._add_entities()
        if article.title:
            self._title_event(article.title)

    def _build(self, article: Article) -> None:
        """Paragraphs, spans, sentences, tokens and the article's names (title first)."""
        if article.title:
            # the title's offsets are negative: its names come before everything the text says
            self.names.add_text(article.title, -len(article.title) - 1)
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
                while a < b and text[a] in SPACES:
                    a += 1
                toks = tokenize(text[a:b], a)
                # the spans opening in this sentence: a bisect, not a scan (no quadratic blow-up
                # on a paragraph of thousands of quotes)
                sent_spans = spans[bisect.bisect_left(span_starts, a) : bisect.bisect_left(span_starts, b)]
                inline = not sent_spans and _INLINE_HEADING.fullmatch(text, a, b) is not None  # "- Proche
                # des Clinton -" between two sentences: a section's heading, no subject for pronouns
                self.sentences.append(Sentence(a, b, para_no, heading or inline, sent_spans, toks,
                                               [t.start for t in toks]))
                self.names.add_text(text[a:b], a, toks)

    def _add_entities(self) -> None:
        """The NER's PER names, and its multiword ORG names, complete the article's names."""
        if not self.ents:
            return
        self.ents = [(unglued_start(self._ent_text(s, e), s), e, label) for s, e, label in self.ents]
        # an ORG the complement made of a person ("de la Justice Eric Dupond-Moretti") is that person
        self.ents = [self._as_person(s, e) if label == "ORG" else (s, e, label) for s, e, label in self.ents]
        houses = {name for pattern in (_HOUSE, _TOWN) for part in (self.title, self.text)
                  for name in pattern.findall(part)}
        persons = [(s, self._ent_text(s, e)) for s, e, label in self.ents
                   if label == "PER" and self._ent_text(s, e) not in houses
                   and (s >= 0 or " " in self._ent_text(s, e).strip())]  # a title "Budget" is no one
        self.names.add_persons([self._without_complement(s, name) for s, name in persons])
        for s, e, label in self.ents:
            if label == "ORG" and len(self._ent_text(s, e).split()) >= 2:
                self.names.add_full(self._ent_text(s, e))

    def _as_person(self, start: int, end: int) -> tuple[int, int, str]:
        """An ORG entity, or the person it is once the complement before the name is left out."""
        person = self._without_complement(start, self._ent_text(start, end))[0]
        return (person, end, "PER") if person != start else (start, end, "ORG")

    def _without_complement(self, start: int, name: str) -> tuple[int, str]:
        """A PER entity without the complement the NER took into it ("de la Justice Eric
        Dupond-Moretti" → Eric Dupond-Moretti; `not_a_name_part`)."""
        words = name.split(" ")
        if len(words) < 3 or start < 0 or words[0].isupper():
            return start, name  # ("à RTL Thibaut Frank": a medium's acronym, which the reader parts itself)
        before = re.search(r"(\w+['’]?)\s*$", self.text[max(0, start - 30):start])
        if not_a_name_part(words[0], words[1], low(before.group(1)) if before else ""):
            return start + len(words[0]) + 1, " ".join(words[1:])
        return start, name

    def _ent_text(self, start: int, end: int) -> str:
        """The words of an entity: in the text, or in the title (negative offsets, as the
        title's names have)."""
        if start >= 0:
            return self.text[start:end]
        shift = len(self.title) + 1
        return self.title[start + shift:end + shift]

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
        self._headings_repeat()
        for q in self.quotes:
            q.role = self._role_of(q)
        return self.quotes

    def _headings_repeat(self) -> None:
        """'« D'autres cas vont apparaître »La progression …': a section heading in quotation
        marks repeats words quoted further on; given to nobody in particular (no verb, no
        mention), it is the speaker's of the quote that holds its words (a bounded look ahead)."""
        seen: dict[int, str] = {}

        def folded(k: int) -> str:  # each quote's words, once
            if k not in seen:
                seen[k] = " ".join(WORD_RE.findall(self.quotes[k].text.replace("’", "'").lower()))
            return seen[k]

        labels: set[int] = set()
        for k, q in enumerate(self.quotes):
            if not q.direct or q.verb is not None or q.mention is not None or not self._heading_like(q):
                continue
            words = folded(k)
            between = self._between_dashes(q) or self._glued_heading(q)
            if between:
                labels.add(k)  # '- "Garanties sécuritaires" -': a section's label, unless words
                # quoted further on hold it
            if words.count(" ") < 2 and not between:
                continue
            for n in range(k + 1, min(len(self.quotes), k + 40)):
                r = self.quotes[n]
                if r.speaker and (r.mention or r.verb) and words in folded(n):
                    if r.speaker != q.speaker:
                        q.speaker = r.speaker
                    labels.discard(k)
                    break
        if labels:
            self.quotes = [q for k, q in enumerate(self.quotes) if k not in labels]

    def _role_of(self, q: Quote) -> str | None:
        """The role the article gives a quote's named speaker, as written: an apposition
        ("X, député de la Somme"), else the descriptor that named them where they spoke ("a
        expliqué le député")."""
        if not q.speaker or not q.speaker[:1].isupper():
            return None
        role = self.names.role_text(q.speaker)
        if role is None and q.mention and q.mention[:1].lower() != q.speaker[:1].lower():
            head, _, _ = descriptor_head(q.mention)
            if head:
                role = role_as_written(q.mention)
        return role

    def roles(self) -> list[tuple[str, str]]:
        """(role as written, person's name) of every role the article gives a named person."""
        out = []
        for key, hits in self.names.descriptors.items():
            for _, name in hits:
                full = self.names.full_name(name)
                if self._is_person(full):
                    out.append((self.names.role_texts.get(key, key), full))
        return list(dict.fromkeys(out))

    def _resolve(self, attr: Attr, pos: int) -> None:
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
            attr.speaker = self._canonical(m, pos)
        if attr.speaker:
            gender = self._gender(m, attr.speaker) or self.genders.get(attr.speaker)
            if attr.how in ("selon", "comme") and not m.person and not self._is_person(attr.speaker):
                return  # "Comme le rapporte La Presse d'Armor, …": a source, not who "il" is next
                # (its grammatical gender is not a person's either)
            if gender and m.kind != "pronoun" and (m.kind != "descriptor" or m.person):
                self.genders.setdefault(attr.speaker, gender)  # not "le quotidien Midi Libre"'s:
                # a grammatical gender, which would make the newspaper a person
            self.events.append(Event(pos, attr.speaker, gender, m.plural, said=True))
            self.spoke = (pos, attr.speaker)

    def _gender(self, m: Mention, name: str) -> str | None:
        """The gender a mention gives `name`: a masculine role noun may stand for a woman
        ("L'eurodéputé Nadine Morano", "le ministre"), so a woman's first name wins over it."""
        return "f" if m.gender == "m" and m.kind != "pronoun" and womans_name(name) else m.gender

    def _canonical(self, m: Mention, pos: int) -> str | None:
        """The article's name for a name or descriptor mention: a descriptor the article did
        not pair with a name ("a expliqué le député", "confie l'animatrice") goes to the person
        who holds that role in the article, else to the latest person before it who can be it."""
        if self._common_word(m):
            return None  # "Interrogé sur …, l'avocat tranche : « … »", "Même au sein de la majorité"
        speaker = canonical(m, self.names)
        source = _SOURCE_OF.match(m.text)
        if m.kind == "descriptor" and source:
            return self.names.full_name(source.group(1))  # "les informations de la Voix du Nord"
        body = _TEXT_OF_A_BODY.match(m.text) if m.kind == "descriptor" else None
        if body and low(body.group(2)) in ORG_NOUNS:  # "le communiqué de la préfecture": la préfecture
            of = " ".join(body.group(1).lower().split())
            return (_OF_TO_THE.get(of) or body.group(1)[-2:]) + body.group(2) + body.group(3)
        if m.kind == "descriptor" and not m.name and not m.plural and not m.person:
            return self._organisation(m, pos) or speaker
        if m.kind != "descriptor" or m.name or m.plural or not m.person \
                or self.names.descriptor_name(m.text, m.start):
            return speaker
        first = m.text.split()[0].lower()
        if first in ("un", "une"):
            return speaker  # "un haut conseiller": someone new, not an earlier person
        if first in ("ce", "cet", "cette"):
            return self._demonstrative(m, pos) or self._role_antecedent(m, pos) or speaker
        return self._role_antecedent(m, pos) or self._later_holder(m) or speaker

    def _later_holder(self, m: Mention) -> str | None:
        """"« … », regrette le maire" in a title, "Le maire Didier Fouquet a regretté …" further
        on: the one person the article names with that role after it, when nobody before is."""
        head, _, rest = descriptor_head(m.text)
        if not head:
            return None
        after = max(m.start, 0)
        holders: set[str] = set()
        for key, hits in self.names.descriptors.items():
            key_head, other = self._key_heads.get(key) or self._key_heads.setdefault(key, descriptor_head(key)[::2])
            if key_head != head or rest and other and not rests_agree(rest, other) \
                    or re.match(r"(?:ancien|ancienne|ex-|futur|future)\b", key):
                continue
            lo = bisect.bisect_right(hits, (after, "\uffff"))
            for p, name in hits[lo:bisect.bisect_right(hits, (after + 1500, "\uffff"))]:  # a few paragraphs
                if not re.search(  # on at most; not "son prédécesseur, le maire X"
                        r"(?:prédécesseur|successeur|ancien|ancienne|ex-)\W{0,3}(?:\w+\W+){0,2}$",
                        self.text[max(0, p - 40):p].lower()):
                    holders.add(self.names.full_name(name))
        return holders.pop() if len(holders) == 1 else None

    def _demonstrative(self, m: Mention, pos: int) -> str | None:
        """"a ajouté ce porte-parole": the latest speaker or subject before `pos` described with
        the same person noun ("un porte-parole de la SNCF"), named or not."""
        head, _, _ = descriptor_head(m.text)
        for ev in reversed(self.events):
            if ev.pos <= pos and not ev.plural and not ev.speaker[:1].isupper() \
                    and descriptor_head(ev.speaker)[0] == head:
                return ev.speaker
        return None

    def _organisation(self, m: Mention, pos: int) -> str | None:
        """"a indiqué le groupe", "selon l'hebdomadaire": the latest organisation the NER found
        before `pos` (the sentences before are given to the NER when it has not run yet)."""
        site = _SITE_OF.match(strip_det(m.text))
        words = [site.group(1).lower()] if site else strip_det(m.text).split()
        if not 1 <= len(words) <= 4 or words[0].lower() not in ORG_NOUNS \
                or m.text.split()[0].lower() in ("un", "une") or not site and any(w[:1].isupper() for w in m.text.split()[1:]) \
                or "(" in m.text:
            return None  # "le groupe", "la radio locale", "le quotidien du soir"; not "un site", nor
            # "le parquet national antiterroriste (Pnat)", named by its own acronym
        head = words[0].lower()  # ("le site Internet du quotidien": the medium's own site speaks for it)
        other = None
        if head in _MEDIA_NOUNS and len(words) == 1:
            named = None
            for named in _MEDIUM_NAMED.finditer(self.text, max(0, pos - 3000), pos):
                pass  # the latest "le quotidien Midi Libre", "le magazine Que Choisir" before it
            if named is not None and _same_medium(named.group("head"), head):
                latest = self._latest_body_speaker(pos)
                name = self.names.full_name(named.group("name"))
                if latest is None or latest[0] <= named.end() or latest[1] == name:
                    return name  # ("le journal" is that quotidien; not when another medium spoke
                    # since: "…, écrit Libération. « … », ajoute le quotidien")
            if named is not None:
                other = named.group("name")  # "le journal Le Monde" is not "l'hebdomadaire" after it
            cited = None
            for cited in _CITED_MEDIUM.finditer(self.text, max(0, pos - 1500), pos):
                pass  # the latest, in a bounded look back
            first = cited.group("first") if cited is not None else ""
            if cited is not None and first not in first_names() and not {low(first), low(first) + "."} & HONORIFICS.keys() \
                    and (cited.group("det") or cited.group("rest") or first.isupper() and len(first) > 1):
                return cited.group("name")  # "selon les informations de la Dépêche du Midi. Le journal
                # précise que …" (the NER calls such titles MISC), "selon France info", "selon RTL";
                # not "selon Emmanuel Macron", "selon Mme Hidalgo", "selon Castaner"
        if len(words) == 1:  # "le ministère" after "par le ministère de la Justice": that one, as written
            # (not "premier syndicat de la SNCF", a description of another)
            named = None
            for named in re.finditer(rf"(?:\b(?i:le|la|du|au)\s+|\b(?i:l)['’])(?P<np>(?i:{re.escape(head)})s?\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|d['’])"
                                     r"[A-ZÉÈÀ][\w'’-]*(?:\s+(?:et\s+)?(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|d['’])?"
                                     r"[A-ZÉÈÀ][\w'’-]*)*)", self.text[max(0, pos - 3000):pos]):
                pass  # the latest, in a bounded look back
            if named is not None:
                det = re.match(r"(?i)l['’]|\w+\s", m.text)
                np = named.group("np")
                start = max(0, pos - 3000) + named.end("np")
                for adj in _TRAILING_ADJ.finditer(self.text, start, min(pos, start + 40)):
                    if adj.start() != start:
                        break
                    np, start = np + adj.group(0), adj.end()  # "des Affaires étrangères", "de la
                    # Transition écologique": the name's adjectives are its own
                return (det.group(0).lower() if det else "") + np  # "l'agence …", "le ministère …"
        if head in _TAKEN_UP and len(words) <= 2 and " de " not in f" {strip_det(m.text)} ":
            latest = self._latest_body_speaker(pos)
            source = latest[1] if latest is not None else None
            first_word = norm(source.split()[0]) if source else ""
            if source is not None and source != other and (
                    head in _MEDIA_NOUNS and not any(norm(w) in ORG_WORDS for w in source.split())
                    or head not in _MEDIA_NOUNS and (first_word not in ORG_WORDS or first_word == norm(head))
                    and (" " in source or source.isupper() or any(c.isdigit() for c in source))):
                # (not "l'Association nationale pour la protection du ciel" for "la radio", nor an
                # "Organisation …" for "l'association", nor "Dupont", a surname, for "l'agence";
                # "l'agence régionale de santé" is another agency than the one named before)
                return source  # "…, révèle ce lundi La Provence. « … », précise le quotidien régional";
                # "a indiqué Santé publique France. …, ajoute l'agence"
        if not self.ents:
            self.needs_ner.update(range(max(0, self.idx - 4), self.idx + 1))
            return None
        orgs = [(s, self.text[s:e]) for s, e, label in self.ents if label == "ORG" and 0 <= s and e <= pos]
        found = [name for _, name in orgs]
        same = [name for name in found if strip_det(name).split()[:1] and strip_det(name).split()[0].lower() == head]
        if same:  # "le ministère" is "le ministère de l'Agriculture", not the DRAAF named after it
            return self.names.full_name(same[-1])
        if head in _MEDIA_NOUNS:  # "Selon RTL, le Front national mise … », assure la station":
            cited = [name for s, name in orgs if _CITED.search(self.text, max(0, s - 24), s)]
            if cited:  # the newsroom cited as a source, not the party it writes about
                return self.names.full_name(cited[-1])
        if head in _ONE_OF_A_KIND:
            return None  # "le gouvernement", "le ministère": that body, not the latest one named
        found = [name for s, name in orgs if not _MEDIUM_BEFORE.search(self.text, max(0, s - 40), s)]
        return self.names.full_name(found[-1]) if found else None  # not a newspaper that told it
        # ("L'entreprise a assuré …" after "le quotidien La Stampa")

    def _role_antecedent(self, m: Mention, pos: int, strict: bool = False) -> str | None:
        """A named person for an unpaired descriptor: the holder of a role with its head noun
        ("le ministre" → "Gérard Collomb, ministre de l'Intérieur"), else the latest speaker or
        subject before `pos` that agrees in gender and whose roles, if the article gives any,
        are alike ("l'élue" for "X, députée LREM"; not "le maire" for "X, ministre"). `strict`:
        only a person with such a role, not the latest one whose roles are unknown."""
        head, gender, rest = descriptor_head(m.text)
        if not head:
            return None
        holders = self.names.role_holders(head, rest, pos)
        if holders:
            return holders[0]
        gender = gender or m.gender
        if strict:
            return self._alike_holder(head, gender, rest, pos)
        former = bool(re.search(r"\b(?:ancien|ancienne|ex-)", m.text.lower()))
        unknown = None
        people = self._people_before(pos)
        latest = people[0] if people else None
        if latest is not None:  # the article's protagonist, when far more present than the latest
            spoke = Counter(ev.speaker for ev in self.events[-_RECENT_EVENTS:] if ev.pos <= pos)
            main = max(people, key=lambda n: spoke[n])
            here = self.sentences[self.idx - 1].start if 0 < self.idx < len(self.sentences) else pos
            named = self.sentences[max(0, self.idx - 2)].start if self.idx < len(self.sentences) else pos
            opens = {sent.start for sent in self.sentences[max(0, self.idx - 2):self.idx + 1]}
            if spoke[main] >= 2 * max(1, spoke[latest]) and not any(
                    ev.speaker == latest and here <= ev.pos <= pos for ev in self.events[-_RECENT_EVENTS:]) \
                    and not any(p in opens and self.names.full_name(n) == latest for p, n in self.names.mentions[
                        bisect.bisect_left(self.names.mentions, (named, "")):bisect.bisect_left(self.names.mentions, (pos, ""))]):
                # not over someone who spoke in this sentence or the one before, nor over someone
                # whose name opened one of the two sentences before ("Imen, 26 ans, … évoque « … ».
                # Elle voulait … « … », explique cette employée")
                latest = main  # "le chercheur marseillais" is Didier Raoult, not the MP who questioned him
                people = [main] + [n for n in people if n != main]
        # "sa mère", "le prévenu", "la mère de Matthew": not the person quoted just before
        related = head in RELATIONAL and not _YOUNG.search(m.text) or bool(latest and latest.split()[-1] in m.text)
        for name in people:
            g = self.genders.get(name) or self.names.gender(name)
            if g and gender and g != gender or re.search(rf"\b(?:de|du|des|d['’])\s*{re.escape(name)}\b", m.text):
                continue  # (nor is "la mère de Matthew" Matthew, nor "le frère de Nordahl Lelandais" him)
            roles = [descriptor_head(role) for role in self.names.roles_before(name, pos)]  # not a role
            # the article gives them only further on ("son directeur de la publication Edwy Plenel"
            # is not "l'ex-chef de l'État" before it)
            if former and not unknown:
                unknown = name  # "l'ancienne présidente d'Actes Sud" may be "X, ministre" now
            if any(alike_roles(head, h) and (h != head or not rest or not r or rests_agree(r, rest))
                   for h, _, r in roles):
                return name  # "l'élu des Alpes-Maritimes" is "X, député LR"; "la ministre de la
                # Culture" is not "X, ministre du Travail"
            heads = [h for h, _, _ in roles]
            if not heads and any(unlike_roles(head, descriptor_head(role)[0]) for role in self.names.roles_of(name)):
                continue  # a role given further on still rules them out as a fallback ("le Premier
                # ministre" is not "Le président des Républicains Laurent Wauquiez" named after)
            if unknown is None and (not heads or name == latest and not related and not any(
                    unlike_roles(head, h) or alike_roles(head, h) and r and rest and not rests_agree(r, rest)
                    for h, _, r in roles)):
                unknown = name  # the latest speaker, "le pilote X", may be "le lieutenant" next
        if unknown is None and gender and not related and not former and self.spoke is not None \
                and head not in _SPEAKS_FOR and not _SINGLE_OFFICE.search(m.text):
            at, last = self.spoke  # "a déclaré l'ancienne finaliste …. « … », a ajouté la députée du
            # Pas-de-Calais": one speaker's descriptions vary from quote to quote, whatever
            # other office the article gave her
            before = self.sentences[self.idx - 1].start if 0 < self.idx < len(self.sentences) else pos
            if before <= at <= pos and last in people and (self.genders.get(last) or self.names.gender(last)) == gender \
                    and not self.names.role_holders(head, "", pos) \
                    and sum(ev.speaker == last for ev in self.events[-_RECENT_EVENTS:]) >= 3:
                return last  # the article's protagonist, who spoke before (not "« … », a dit la
                # ministre X. « … », a ajouté la maire de Paris")
        if unknown is None:
            self._unnamed(pos)
        return unknown

    def _latest_body_speaker(self, pos: int) -> tuple[int, str] | None:
        """(position, name) of the latest speaker before `pos`, in this sentence or the two before,
        when it is a name and no person's (a medium, an agency: "La Provence", "Santé publique
        France")."""
        start = self.sentences[max(0, self.idx - 2)].start if self.idx < len(self.sentences) else pos
        for ev in reversed(self.events[-_RECENT_EVENTS:]):
            if ev.pos > pos:
                continue
            if ev.pos < start:
                return None
            if not ev.said or ev.plural:
                continue
            if ev.speaker[:1].isupper() and not self._is_person(ev.speaker) and not ev.speaker.isupper() or \
                    ev.speaker[:1].isupper() and ev.speaker.isupper() and len(ev.speaker) <= 6:
                return ev.pos, ev.speaker  # (an acronym, "AFP", "RTL", may be one too; not a
                # heading in capitals)
            return None  # the latest speaker is a person or a description: not what the noun takes up
        return None

    def _alike_holder(self, head: str, gender: str | None, rest: str, pos: int) -> str | None:
        """The latest person before `pos` the article gives a role alike to `head` ("l'édile" for
        "X, maire de Langouët"), of a compatible gender; without looking at anyone else."""
        best: tuple[int, str] | None = None
        for key, hits in self.names.descriptors.items():
            h, r = self._key_heads.get(key) or self._key_heads.setdefault(key, descriptor_head(key)[::2])
            if not h or not alike_roles(head, h) or h == head and rest and r and not rests_agree(r, rest):
                continue
            for p, name in reversed(hits[:bisect.bisect_right(hits, (pos, "\uffff"))]):  # latest first
                if best is not None and p <= best[0]:
                    break
                full = self.names.full_name(name)
                g = self.genders.get(full) or self.names.gender(full)
                if not (g and gender and g != gender):
                    best = (p, full)
                    break
        return best[1] if best else None

    def _unnamed(self, pos: int) -> None:
        """A description nobody before it fits ("explique la chanteuse de 34 ans" in an article
        titled "The Voice : Nolwenn Leroy met fin au suspense", a first name the list does not
        know): the NER is asked which of the title's names are people's. (Asking it about every
        sentence before was measured: it finds more people, but not the one who speaks.)"""
        if self.ents:
            return
        self._title_people_wanted()
        starts = self._starts()
        for ev in self.events[-_RECENT_EVENTS:]:  # and whether the latest subjects and speakers are people
            if 0 <= ev.pos <= pos and ev.speaker[:1].isupper() and " " in ev.speaker \
                    and not self._is_person(ev.speaker):
                self.needs_ner.add(max(0, bisect.bisect_right(starts, ev.pos) - 1))

    def _starts(self) -> list[int]:
        """The sentences' start offsets (made once per article, for bisection)."""
        if len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [sent.start for sent in self.sentences]
        return self._sentence_starts

    def _title_rank(self, p: int) -> int:
        """How a title's name at offset `p` ranks among the title's people: 0 for whoever the
        title quotes (« … », estime X; Selon X; Pour X,), 2 for a name in a complement or in the
        title's quotation ("Mort de Charles Aznavour", "les groupes d'Eric Drouet"), else 1."""
        before = self.title[:max(0, p + len(self.title) + 1)]
        if _TITLE_SPEAKER.search(before):
            return 0
        if before.count("«") > before.count("»") or before.count('"') % 2 or _TITLE_COMPLEMENT.search(before):
            return 2
        return 1

    def _title_people_wanted(self) -> None:
        """Ask the NER which of the title's names are people's, when one is not known to be (a
        first name the lists do not know)."""
        title = self.names.mentions[:bisect.bisect_left(self.names.mentions, (0, ""))]  # the title's, first:
        # not a scan of every mention of the text per description
        if not self.title_needs_ner and any(not self._is_person(self.names.full_name(n)) for _, n in title):
            self.title_needs_ner = True

    def _people_before(self, pos: int) -> list[str]:
        """Named people before `pos`: speakers and sentence subjects first, latest first; then
        every other mention of a person's name in the title and text, latest first."""
        recent = self.events[-_RECENT_EVENTS:]  # the latest speakers and subjects: bounded work per description
        actors = [ev.speaker for ev in sorted((ev for ev in recent if ev.pos <= pos and not ev.plural),
                                              key=lambda ev: -ev.pos)]
        mentions = self.names.mentions  # in text order, the title's first
        k = bisect.bisect_right(mentions, (pos, "\uffff"))
        near = mentions[:min(k, bisect.bisect_left(mentions, (0, "")))] + mentions[max(0, k - _RECENT_EVENTS):k]
        before = [(p, self.names.full_name(n)) for p, n in sorted(
                      set(near), key=lambda h: (h[0] < 0, self._title_rank(h[0]) if h[0] < 0 else 0, -abs(h[0])))
                  if not self._quoted(p)]  # "…, Madame Taubira !": spoken to, not speaking; the title's
        # names and the latest ones: bounded work per description
        mentioned = [name for _, name in before]
        # of the names only mentioned, the most mentioned first ("Nolwenn Leroy" of the title
        # and heading before "Marin" of "la jeune maman de Marin"), a name of the title counting
        # twice ("François Molins sur le terrorisme" before "le procès de Jawad Bendaoud"), then
        # the latest
        counts = Counter(mentioned) + Counter(name for p, name in before if p < 0)
        mentioned = sorted(dict.fromkeys(mentioned), key=lambda n: -counts[n])
        return [name for name in dict.fromkeys(actors + mentioned) if self._is_person(name)]

    def _quoted(self, pos: int) -> bool:
        """True when `pos` lies inside a quotation of the article."""
        if self._spans is None:
            self._spans = sorted((span for sent in self.sentences for span in sent.spans), key=lambda sp: sp.start)
            self._span_starts = [span.start for span in self._spans]
        k = bisect.bisect_right(self._span_starts, pos) - 1
        return k >= 0 and self._spans[k].istart <= pos < self._spans[k].iend

    def _is_person(self, name: str) -> bool:
        """A name known to be a person's: by the NER, by a role or a gender the article gives
        it, or by a known first name ("Marine Le Pen"); "Corée du Sud" is not one."""
        if not name[:1].isupper():
            return False
        if name in self.genders or name in self.title_people or self.names.roles_of(name) or name in self.names.aged:
            return True
        if any(n == name for _, n in self.names.persons):
            return True
        words = name.split()
        return len(words) >= 2 and words[0] in first_names()

    def _pronoun(self, m: Mention, pos: int) -> str | None:
        """The latest speaker or sentence subject before `pos` agreeing in gender and number;
        without any, the latest person the NER found before `pos`. A name opening the sentence
        before a comma and a quote comes first ("Latif Faramarz, « fiancé depuis deux ans »,
        raconte-t-il"): the pronoun of the incise takes it up."""
        if m.text.lower().startswith(("ce ", "cette ")):  # "ce dernier": the person named last
            latter = self._named_last(m, pos)
            if latter is not None:
                return latter
        sent = self.sentences[self.idx] if self.idx < len(self.sentences) else None
        if not m.plural and sent is not None and sent.start <= pos < sent.end and sent.spans:
            toks = sent.toks
            runs = name_runs(toks, 0, min(len(toks), 6))
            if runs and runs[0][0] == 0 and runs[0][1] - runs[0][0] >= 2 and runs[0][1] + 1 < len(toks) \
                    and toks[runs[0][1]].low == "," and sent.tok_index(sent.spans[0].start) == runs[0][1] + 1:
                name = self.names.full_name(span_text(self.text, toks, 0, runs[0][1], 0))
                g = self.genders.get(name) or self.names.gender(name)
                before = self.sentences[self.idx - 1].start if self.idx > 0 else sent.start
                recent = any(before <= ev.pos <= pos and not ev.plural and not (
                    m.gender and (ev.gender or self.genders.get(ev.speaker)) not in (None, m.gender))
                    for ev in self.events[-_RECENT_EVENTS:])  # "Le syndicaliste Paul Roux … Jean Castex, « … »,
                # a-t-il salué": the latest speakers only (bounded work)
                if not (g and m.gender and g != m.gender) and not recent \
                        and not any(norm(w) in ORG_WORDS for w in name.split()):  # not "Air France"
                    if m.gender:
                        self.genders.setdefault(name, m.gender)  # "raconte-t-il": a man's name
                    return name
            own = self._subject_before_quote(sent, m)
            if own is not None:
                return own
        for ev in reversed(self.events):
            if ev.pos > pos:
                continue
            if ev.plural != m.plural or ev.speaker.isupper() and len(ev.speaker.split()) >= 3:
                continue  # ("PLANÈTE VIT EMMANUEL MACRON": a section heading in capitals, nobody)
            g = ev.gender or self.genders.get(ev.speaker) or self.names.gender(ev.speaker)
            if g and m.gender and g != m.gender:
                continue
            return ev.speaker
        if m.plural:
            return None
        mentions = self.names.mentions  # in text order (the title's first)
        k = bisect.bisect_left(mentions, (pos, ""))
        tried: set[str] = set()
        for p, name in reversed(mentions[max(0, k - 200):k]):
            # no speaker or subject before: the latest person the article names ("grâce au
            # témoignage de Nicolas Demajean, président du Ranch de l'espoir. […] il assure");
            # a bounded look back, each name judged once
            if name in tried or self._quoted(p):
                continue
            tried.add(name)
            full = self.names.full_name(name)
            if full in self.genders or self.names.roles_of(full) or len(full.split()) >= 2 and self._is_person(full):
                g = self.genders.get(full) or self.names.gender(full)
                if not (g and m.gender and g != m.gender):
                    return full
        self.needs_ner.update(range(max(0, self.idx - 3), self.idx + 1))
        self._title_people_wanted()  # "Jacline Mouraud règle ses comptes …" over "Pour elle, …"
        for p, name in reversed([hit for hit in self.names.persons if hit[0] < pos][-50:]):
            if " " not in name and is_person_noun(name):
                continue  # "Président", capitalised: a title the NER took for a name
            g = self.genders.get(self.names.full_name(name)) or self.names.gender(self.names.full_name(name))
            if not (g and m.gender and g != m.gender):
                return self.names.full_name(name)  # the latest person the NER found, of the pronoun's gender
        return None

    def _named_last(self, m: Mention, pos: int) -> str | None:
        """"Ce dernier", "cette dernière": the person the text named last before `pos`, of that
        gender (a bounded look back; not a name inside a quotation)."""
        mentions = self.names.mentions
        k = bisect.bisect_left(mentions, (m.start if m.start >= 0 else pos, ""))
        for p, name in reversed(mentions[max(0, k - 50):k]):
            full = self.names.full_name(name)
            if p < 0 or self._quoted(p) or not self._is_person(full):
                continue
            g = self.genders.get(full) or self.names.gender(full)
            if not (g and m.gender and g != m.gender):
                return full
        return None

    def _glued_heading(self, q: Quote) -> bool:
        """True when the quote, four words at most, is a whole sentence glued to the capital of the
        next one, without a full stop: '… avenue."Une incertitude insupportable"Selon le Parisien, …'
        (a section's label)."""
        text = self.text
        if not text[q.end:q.end + 1].isupper() or q.text.rstrip().endswith((".", "!", "?", "…")) \
                or len(q.text.split()) > 4:
            return False  # (a longer one, "Nous avons tous une dette à l'égard de ces éveilleurs", is
            # mostly someone's words set as a heading)
        k = bisect.bisect_right(self._starts(), q.start) - 1
        if k < 0:
            return False
        sent = self.sentences[k]
        return not text[sent.start:q.start].strip(" «\"“\u00a0\u202f-–—") \
            and not text[q.end:sent.end].strip(" »\"”\u00a0\u202f")

    def _between_dashes(self, q: Quote) -> bool:
        """True when the quote stands alone between two dashes: '.- "Garanties sécuritaires" -Le'."""
        text = self.text
        return text[max(0, q.start - 4):q.start].rstrip(" «\"“\u00a0\u202f")[-1:] in ("-", "–", "—") \
            and text[q.end:q.end + 4].lstrip(" »\"”\u00a0\u202f")[:1] in ("-", "–", "—")

    def _heading_like(self, q: Quote) -> bool:
        """A quote glued to the capital that opens the next sentence ('apparaître »La
        progression'), or alone on its line: set as a section heading."""
        text = self.text
        if q.end < len(text) and text[q.end:q.end + 1].isupper():
            return True
        if self._between_dashes(q):
            return True  # '- "Coup de poignard" -': an inline section heading
        before = text[max(0, q.start - 3):q.start].strip(" \u00a0\u202f")
        if text[q.end:q.end + 3].lstrip(" \u00a0\u202f")[:1].isupper() and not before[-1:].isalnum() \
                and not q.text.rstrip().endswith((".", "!", "?", "…")):
            return True  # '… de 2006. "L'un des types de crime les plus sérieux" Le procureur …'

        a = text.rfind("\n", 0, q.start) + 1
        b = text.find("\n", q.end)
        line = text[a:b if b >= 0 else len(text)]
        return len(line.strip(" «»\"“”.!?\u00a0\u202f")) <= len(q.text) + 2

    def _subject_before_quote(self, sent: Sentence, m: Mention) -> str | None:
        """"Le Conseil départemental de l'Aisne a acheté « plus de 4 000 maroilles » …, a-t-il
        annoncé": the pronoun of an incise after the sentence's quote is the subject of the verb
        before it, a person or an organisation of its gender and number."""
        q = sent.tok_index(sent.spans[0].start)
        if m.start < sent.spans[0].end or q < 2:
            return None
        g = first_verb_group(sent.toks, 0, q)
        subject = subject_before(sent.toks, g, 0, self.text) if g else None
        if subject is None or subject.kind == "pronoun" or subject.plural != m.plural \
                or subject.gender and m.gender and subject.gender != m.gender \
                or sent.toks[g].low in ("est", "sont", "était", "étaient", "sera", "serait"):
            return None  # "Le suspect est « connu des services », a-t-il ajouté": not who spoke
        if subject.kind == "descriptor" and not (subject.name or org_descriptor(subject.text)):
            return None  # "Le récit commence par …": a thing; a person's description goes the usual way
        name = self._canonical(subject, subject.start)
        return name if name and (subject.kind != "descriptor" or name[:1].isupper() or org_descriptor(subject.text)) else None

    def _last_speaker_attr(self, lemma: str, how: str, pos: int) -> Attr | None:
        """"Et de préciser : « … »": the speaker is the latest one."""
        ev = next((e for e in reversed(self.events) if e.pos <= pos), None)
        if ev is None:
            return None
        return Attr(None, lemma, how, speaker=ev.speaker)

    def _title_event(self, title: str) -> None:
        """A title opening with a name and a verb ("Adjani se livre sur sa rupture") names the
        article's main person: the last resort for a pronoun."""
        toks = tokenize(title, 0)
        self._title_speaker(title, toks)
        runs = name_runs(toks, 0, min(len(toks), 6))
        if not runs or runs[0][0] != 0 or runs[0][1] >= len(toks):
            return
        nxt = toks[runs[0][1]]
        if not (nxt.word and nxt.text.islower()) or nxt.low in PP_PREPOSITIONS \
                or nxt.low in ("de", "du", "des", "d'", "et", "ou"):
            return
        name = self.names.full_name(title[toks[0].start:toks[runs[0][1] - 1].end])
        if " " not in name and re.search(rf"\b{re.escape(name.lower())}\b", self.text):
            return  # "Otages libérés au Burkina": a common noun the text writes in lower case
        if " " not in name and name not in first_names() and verb_at(toks, runs[0][1]) is None \
                and nxt.low not in CLITICS and nxt.low not in AUXILIARIES and nxt.low not in ("ne", "n'") \
                and not re.search(rf"(?<![.!?»]\s)(?<!^)\b{re.escape(name)}\b", self.text):
            return  # "Faux sacs Hermès : …": one capitalised word, no verb after it, and the
            # text never names it: the title's first word, not someone
        self.title_people.add(name)  # the subject of the title's verb: a person or an organisation
        self.events.insert(0, Event(-len(title) - 1, name, None, False))

    def _title_speaker(self, title: str, toks: list[Tok]) -> None:
        """"François Hollande applaudi à Notre-Dame : Florian Philippot regrette": the person a title
        gives the last word to, after its colon, with a verb of saying, is the article's speaker,
        whom a description like "le vice-président du FN" means before the title's subject."""
        colon = next((k for k in range(len(toks) - 2, 0, -1) if toks[k].low == ":"), None)
        if colon is None:
            return
        runs = name_runs(toks, colon + 1, min(len(toks), colon + 6))
        if not runs or runs[0][0] != colon + 1 or runs[0][1] >= len(toks) or runs[0][1] - runs[0][0] < 2:
            return
        vb = verb_at(toks, runs[0][1])
        if vb is None or "fin" not in vb[1] or toks[runs[0][1]].cap:
            return
        name = self.names.full_name(title[toks[runs[0][0]].start:toks[runs[0][1] - 1].end])
        self.title_people.add(name)
        self.events.append(Event(toks[runs[0][0]].start - len(title) - 1, name, None, False, said=True))

    def _subject_event(self, sent: Sentence) -> None:
        """Remember a person or organisation subject opening the sentence, for pronouns."""
        toks = sent.toks
        d = 0
        while d < len(toks) and toks[d].low in ("-", "–", "—"):
            d += 1  # '- « Coup de poignard » - M. Trump a …': a section heading between dashes
        if toks and sent.spans and (sent.spans[0].start == sent.start or d and toks[d - 1].end <= sent.spans[0].start
                                    and not self.text[toks[d - 1].end:sent.spans[0].start].strip()):
            # '"Nous demandons 24 mois" Invité mercredi sur Europe 1, l'avocat … a révélé':
            # a heading in quotation marks glued to the sentence after it
            after = sent.tok_index(sent.spans[0].end)
            while d and after < len(toks) and toks[after].low in ("-", "–", "—"):
                after += 1
            if after >= len(toks) or not (toks[after].word and toks[after].cap):
                return
            toks = toks[after:]
        if not toks:
            return
        if len(toks) > 3 and toks[0].low == "c'" and toks[1].low == "est":
            e = np_end(toks, 2)  # "C'est le ministre de l'Intérieur, Gérard Collomb qui …"
            if e < len(toks) and toks[e].low == "," and e + 1 < len(toks):
                e = np_end(toks, e + 1)
            m = make_mention(toks, 2, e, self.text) if e > 2 else None
            if m is not None and m.kind == "descriptor" and "," in m.text:
                m.name = m.text.split(",")[-1].strip()
        elif toks[0].low in ("pour", "selon") and (m := self._opinion_of(toks)) is not None:
            pass  # "Pour Rich Hanley, qui enseigne …, Donald Trump joue sur …": the one whose
            # view the sentence gives is who its pronouns after mean
        else:
            lo = main_clause_start(toks, min(len(toks), 30))  # "Au moment où le tweet était envoyé, X …"
            g = first_verb_group(toks, lo, min(len(toks), 30))
            if g is None:
                m = self._name_opening(toks[lo:])  # a verb the lexicon does not know
            elif g == lo:
                return
            else:
                m = subject_before(toks, g, lo, self.text)
        if m is not None and m.kind == "descriptor" and m.plural and not m.person and not m.name \
                and _bodies(m.text):
            # "Les deux mairies ont salué le verdict. « … », estiment-elles": a group of bodies is
            # whom a plural pronoun after it means
            self.events.append(Event(m.start, canonical(m, self.names) or m.text, m.gender, True))
            return
        if m is None or m.kind == "pronoun" or not (m.person or m.kind == "name" and m.name in self.names.aged) \
                or self._common_word(m):
            return  # (a first name no list knows is someone's when given an age: "Azer, 36 ans, est …")
        if not m.name and not self.names.descriptor_name(m.text, m.start):
            # "Pourtant, l'édile n'a pas l'intention de reculer. « … », a-t-il expliqué": a
            # description of a person the article names gives the pronouns after it that
            # person; "le journaliste de 88 ans" nobody names is not a name to give them
            if m.kind == "descriptor" and not m.plural \
                    and re.match(r"(?:le|la|ce|cet|cette)\s|l['’]", m.text.lower()):  # not "un",
                # nor "son médecin"
                named = self._role_antecedent(m, m.start, strict=True)
                if not named and descriptor_head(m.text)[0] not in RELATIONAL:
                    named = self._role_antecedent(m, m.start)  # "l'édile" after "Daniel Cueff décide …"
                if named and named[:1].isupper():
                    self.events.append(Event(m.start, named, m.gender or self.genders.get(named), False))
            return
        speaker = canonical(m, self.names)
        if speaker:
            gender = self._gender(m, speaker) or self.genders.get(speaker) or self.names.aged.get(speaker)
            self.events.append(Event(m.start, speaker, gender, m.plural))

    def _common_word(self, m: Mention) -> bool:
        """True when a one-word name mention is a word with the capital of a sentence's start
        ("Interrogé", "Même", "Néanmoins", "Réponse"): the article never writes it with a capital
        inside a sentence, and no list or NER knows it as a person's name."""
        word = m.name or ""
        if m.kind != "name" or not word or " " in word or word.isupper() or word in first_names():
            return False
        sent = self.sentences[self.idx] if self.idx < len(self.sentences) else None
        if sent is not None and sent.start <= m.start < sent.end \
                and low(word) not in ("quelqu'un", "chacun", "chacune", "personne", "aucun", "aucune", "certains"):
            k = bisect.bisect_left(sent.starts, m.end)
            if k < len(sent.toks) and (sent.toks[k].low in AUXILIARIES or verb_at(sent.toks, k)):
                return False  # "Reconquête a dénoncé", "Total annonce": the subject of its verb
        if self._inner_capitals is None:
            self._inner_capitals = {t.text for other in self.sentences for k, t in enumerate(other.toks)
                                    if k and t.cap and other.toks[k - 1].low not in _OPENERS}
        return low(word) in common_words() and word not in self._inner_capitals and word not in self.title_people \
            and not any(n.split()[0] in first_names() for n in self.names.by_last.get(norm(word), ())) \
            and not any(n == word or n.endswith(" " + word) for _, n in self.names.persons)

    def _opinion_of(self, toks: list[Tok]) -> Mention | None:
        """The person opening a sentence with "Pour X," or "Selon X,", or None."""
        if len(toks) < 4 or toks[0].low not in ("pour", "selon"):
            return None
        m = self._opener(toks)
        if m is None or m.kind == "pronoun" or not (m.person or m.kind == "name" and self._is_person(m.name or "")):
            return None
        return m

    def _name_opening(self, toks: list[Tok]) -> Mention | None:
        """"Depuis son bureau, Abid Omar contemple …": a person's name opening the sentence, or
        its clause after a fronted phrase, followed by a word in lower case (its verb)."""
        for ra, rb in name_runs(toks, 0, min(len(toks), 24)):
            if ra > 0 and toks[ra - 1].low != "," or rb >= len(toks) or rb - ra < 2:
                continue
            nxt = toks[rb]
            if not (nxt.word and nxt.text.islower()) or nxt.low in PP_PREPOSITIONS \
                    or nxt.low in ("de", "du", "des", "d'", "et", "ou", "qui", "que"):
                return None
            m = make_mention(toks, ra, rb, self.text)
            return m if m is not None and m.person else None
        return None

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
