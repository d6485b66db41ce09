"""The names of an article's people and organisations, and one canonical name per speaker:
"M. Poutine" → "Vladimir Poutine", "le président russe" → the name it introduced, "l'ISW" → its
long name; and `speaker_key`, the folded form speakers are matched under across the archive.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Iterable

from index.quotes.mentions import (
    Mention,
    has_title,
    make_mention,
    name_runs,
    np_end,
    place_then_name,
    span_text,
)
from index.quotes.tokens import Tok, tokenize
from index.quotes.words import (
    AUXILIARIES,
    DETERMINERS,
    HONORIFICS,
    NOT_NAMES,
    PRE_ADJECTIVES,
    ROLE_PERIPHRASES,
    demonym_gender,
    is_demonym,
    first_names,
    is_person_noun,
    is_person_tok,
    low,
    name_gender,
    norm,
    role_head,
    womans_name,
)

_PRE_ADJ = frozenset(low(w) for w in PRE_ADJECTIVES)
_ADJ_GENDER = {"ancien": "m", "ancienne": "f", "nouveau": "m", "nouvelle": "f", "premier": "m",
               "première": "f", "futur": "m", "future": "f", "actuel": "m", "actuelle": "f",
               "vieux": "m", "vieille": "f", "grand": "m", "grande": "f", "petit": "m", "petite": "f"}
# Words before a name that make it a complement ("sur France Info", "par l'AFP"), not the person
# an apposition after it ("…, une employée,") describes.
_GOVERNS_A_NAME = frozenset("de du des d' sur par à au aux en dans via auprès "
                            "l' le la les".split())
_CLAUSE_WORDS = frozenset("et ou qui que qu' dont où mais car pour avec sans par".split())
from index.text.analyze import fold


def role_as_written(descriptor: str) -> str:
    """A role as an answer shows it after a name: the descriptor without its article ("la
    ministre de la Culture" → "ministre de la Culture"), its case and accents kept."""
    return re.sub(r"^(?:[Ll]['’]|(?:[Ll]es|[Ll]e|[Ll]a|[Uu]ne|[Uu]n)\s+)", "", descriptor.strip())


_LEADING_DET = re.compile(r"^(?:(?:les|le|la|une|un|des|du|ces|cet|cette|ce|son|sa|ses|leurs|leur)\s+|l['’])",
                          re.IGNORECASE)


def strip_det(text: str) -> str:
    """Lower-case text (accents kept) without a leading determiner: the key for descriptors."""
    return re.sub(r"\s+", " ", _LEADING_DET.sub("", low(text).strip()))


@dataclass
class NameIndex:
    """What an article calls its people and organisations: full names (for "M. Poutine" →
    "Vladimir Poutine"), descriptors followed by a name (for "le président russe" → the name),
    and acronyms (for "l'ISW" → "Institut … (ISW)")."""

    full: list[str] = field(default_factory=list)
    by_last: dict[str, dict[str, None]] = field(default_factory=dict)  # last word → full names
    descriptors: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    persons: list[tuple[int, str]] = field(default_factory=list)  # (offset, name) of PER names
    role_texts: dict[str, str] = field(default_factory=dict)  # descriptor key → role as written
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (offset, name) of every name run
    _full: dict[str, str] = field(default_factory=dict)  # full_name's answers, until a name is added
    newcomers: set[str] = field(default_factory=set)  # first names introduced as someone new ("Marie, une étudiante")
    aged: dict[str, str | None] = field(default_factory=dict)  # names given an age ("Imen, 26 ans,"
    # is someone), with the gender of the participle after it ("retournée": a woman)

    def add_text(self, text: str, base: int, toks: list[Tok] | None = None) -> None:
        """Collect names, descriptor→name pairs and acronyms from one paragraph or title."""
        toks = toks if toks is not None else tokenize(text, base)
        for ra, rb in name_runs(toks):
            while rb - ra >= 2 and toks[ra].low in HONORIFICS:
                ra += 1  # "Pr Raoult", "Dr Collins": the name is "Raoult", "Collins"
            if toks[ra].low in _FEASTS and ra > 0 and toks[ra - 1].low in _BEFORE_FEAST:
                continue  # "le marché de Noël de Strasbourg", "avant Pâques": a feast, nobody
            ra = place_then_name(toks, ra, rb)
            if rb - ra >= 3:  # "auprès de Franceinfo Zarie Sibony" after "Zarie Sibony"
                ra += self.glued_before_known([t.text for t in toks[ra:rb]], first_name_ok=True)
            name = span_text(text, toks, ra, rb, base)
            if rb - ra >= 2 and len(name) > 3:
                self.add_full(name)
            self.mentions.append((toks[ra].start, name))
            if rb + 2 < len(toks) and len(name) > 2 and toks[rb].low == "," and toks[rb + 1].text.isdigit() \
                    and toks[rb + 2].low in ("ans", "an"):
                k = rb + 4 if rb + 3 < len(toks) and toks[rb + 3].low == "," else rb + 3
                while k < len(toks) and toks[k].low in ("est", "était", "s'", "se"):
                    k += 1  # "est retourné" agrees; "a cessé" does not
                word = toks[k].low if k < len(toks) and toks[k].word else ""
                self.aged.setdefault(name, "f" if word.endswith(("ée", "ées")) else "m" if word.endswith(("é", "és"))
                                     and len(word) > 3 else first_names().get(name))  # "Zahra, 24 ans"
                # "Imen, 26 ans, retournée chez ses parents": a woman; "Azer, 36 ans, est retourné": a man
            self._descriptor_before(toks, ra, rb, text, base, name)
            self._acronym(toks, ra, rb, text, base)

    def _descriptor_before(self, toks: list[Tok], ra: int, rb: int, text: str, base: int,
                           name: str) -> None:
        """Record "le président russe Vladimir Poutine", "le ministre de l'Intérieur, Gérard
        Collomb" and "Gérard Collomb, ministre de l'Intérieur," as descriptor → name."""
        pos = toks[ra].start
        end = ra - 1 if ra > 0 and toks[ra - 1].low == "," else ra
        if end == ra and ra > 0 and toks[ra - 1].low in _PLACE_PREPOSITIONS:
            end = 0  # "un tatoueur de Carling en Moselle": a place, not the tattooist's name
        if end >= 4 and toks[end - 1].low == ")" and toks[end - 3].low == "(" and toks[end - 2].text.isupper():
            end -= 3  # "le maire (SE) Freddy Riffaud": the party between the role and the name
        noun = rb + 1
        if noun < len(toks) and toks[noun].low in ("un", "une"):
            if ra > 0 and toks[ra - 1].low in _GOVERNS_A_NAME \
                    and not any(t.text.split("-")[0] in first_names() for t in toks[ra:rb]):
                noun = len(toks)  # "Interrogé sur France Info, une porte-parole …", "par l'AFP,
                # une employée …": not whose role it is (but "la pétition de Nicolas Hulot, un
                # ancien ministre," is his)
            else:
                noun += 1  # "Rick, un chef de chantier de 58 ans, dit …"
                while noun < len(toks) and toks[noun].low in _PRE_ADJ:
                    noun += 1
        after = noun < len(toks) and toks[rb].low == "," and is_person_tok(toks[noun].low, toks[noun].cap)
        if after and noun > rb + 1 and rb - ra == 1 and name not in self.newcomers:
            self.newcomers.add(name)  # "dit Emmanuel, un ouvrier de 45 ans": someone new, not the
            self._full.clear()  # article's Emmanuel Macron
        if not after and not any(is_person_tok(t.low, t.cap) for t in toks[max(0, end - 10):end] if t.word):
            return  # no person noun near the name: nothing to record (the common case)
        for a in range(end - 1, max(-1, end - 10), -1):
            t = toks[a]
            if not t.word and t.low != "'" or t.low in AUXILIARIES or t.low in _CLAUSE_WORDS:
                break  # "… Marie Martin a visité Lyon": Lyon's noun phrase starts after "visité"
            if a > 0 and toks[a - 1].low in ("de", "d'"):
                continue  # "la" of "de la Culture": the role's complement, not its determiner
            if t.low in DETERMINERS and t.low not in ("du", "des") or t.low == "l'":
                m = make_mention(toks, a, rb, text, base) if end == ra else \
                    make_mention(toks, a, end, text, base)
                if m and m.kind == "descriptor" and (end != ra or m.name == name) \
                        and has_title(toks, a + 1, end):
                    self._role(span_text(text, toks, a + 1, end, base), pos, name)
                break
        if after:
            e = np_end(toks, rb + 1)
            while e + 1 < len(toks) and toks[e].low == "et" and is_person_tok(toks[e + 1].low, toks[e + 1].cap):
                e = np_end(toks, e + 1)  # "X, auteure et spécialiste du sujet,": both are X's
            if e < len(toks) and toks[e].low in (",", ".", ";") and not (
                    toks[e].low == "." and e + 1 < len(toks) and toks[e + 1].start == toks[e].end
                    and toks[e + 1].text[:1].isdigit() and toks[e - 1].text[-1:].isdigit()
                    and toks[e - 1].end == toks[e].start):  # not the dot of "2.500 habitants"
                self._role(span_text(text, toks, rb + 1, e, base), pos, name)

    def _role(self, written: str, pos: int, name: str) -> None:
        """Remember that `name` holds the role `written` ("ministre de l'Intérieur")."""
        written = written.strip(" ,")
        key = strip_det(written)
        self.descriptors.setdefault(key, []).append((pos, name))
        self.role_texts.setdefault(key, role_as_written(written))

    def roles_of(self, name: str) -> list[str]:
        """The roles the article gives `name` (keys of `descriptors`), in the order seen."""
        return self.roles_before(name, sys.maxsize)

    def roles_before(self, name: str, pos: int) -> list[str]:
        """The roles the article gives `name` before `pos` (the title's included)."""
        full = self.full_name(name)
        return [key for key, hits in self.descriptors.items()
                if any(p < pos and self.full_name(n) == full for p, n in hits)]

    def glued_before_known(self, words: list[str], first_name_ok: bool = False) -> int:
        """How many words open a name before a name the article already gave: "Franceinfo Zarie
        Sibony" after "Zarie Sibony" (a medium glued before it); not a first name unless
        `first_name_ok` (a run of the text is cut so, an NER's name is not)."""
        if words and (first_name_ok or words[0] not in first_names()):
            last = self.by_last.get(norm(words[-1]), ())
            for cut in range(max(1, len(words) - 8), len(words) - 1):  # a known name has few words
                if " ".join(words[cut:]) in last:
                    return cut
        return 0

    def role_text(self, name: str) -> str | None:
        """The first role the article gives `name`, as written ("député de la Somme"), or None."""
        roles = self.roles_of(name)
        return self.role_texts.get(roles[0]) if roles else None

    def role_holders(self, head: str, rest: str, pos: int) -> list[str]:
        """Names the article gave a role with this head noun ("ministre"), latest before `pos`
        first; `rest` (the words after the head, normalised) must agree when both have some."""
        found: list[tuple[int, str]] = []
        for key, hits in self.descriptors.items():
            key_head, _, other = descriptor_head(key)
            if not key_head or key_head != head:
                continue
            if rest and other and not rests_agree(rest, other):
                continue
            found += [(p, n) for p, n in hits if p <= pos]
        found.sort(key=lambda h: -h[0])
        return list(dict.fromkeys(self.full_name(n) for _, n in found))

    def gender(self, name: str) -> str | None:
        """The gender of `name`: from the roles the article gives it ("la ministre X" → "f"),
        if they agree, else from its first name ("Marine Le Pen" → "f")."""
        genders = {descriptor_head(key)[1] for key in self.roles_of(name) if key}
        genders.discard(None)
        full = self.full_name(name)
        if len(genders) == 1 and not ("m" in genders and womans_name(full)):
            return genders.pop()  # but "l'eurodéputé Nadine Morano": a masculine role noun may
            # name a woman, the reverse is rare
        return name_gender(full) or self.aged.get(name)

    def _acronym(self, toks: list[Tok], ra: int, rb: int, text: str, base: int) -> None:
        """"Institut pour l'étude de la guerre (ISW)": remember ISW → the long name."""
        if rb + 2 < len(toks) and toks[rb].low == "(" and toks[rb + 2].low == ")" \
                and toks[rb + 1].text.isupper() and len(toks[rb + 1].text) >= 2:
            return
        if not (ra >= 1 and toks[ra - 1].low == "(" and rb < len(toks) and toks[rb].low == ")"):
            return
        acro = toks[ra].text
        if not acro.isupper() or rb - ra != 1:
            return
        # Walk back over the long name: capitalised words and the small words inside it.
        k = ra - 2
        first = None
        while k >= 0 and ra - 2 - k < 12:
            t = toks[k]
            if not t.word and t.low != "'":
                break
            if t.cap and t.low not in NOT_NAMES:
                first = k
            elif t.low in DETERMINERS or t.low in ("l'", "d'", "de", "du", "des", "pour", "et",
                                                    "en", "sur") or not t.cap:
                pass
            k -= 1
            if first is not None and k >= 0 and (toks[k].low in DETERMINERS or
                                                  toks[k].low in ("l'", "de", "d'", "du")) \
                    and (k == 0 or not toks[k - 1].cap):
                break
        spelt = _spelt_by(toks, ra - 1, acro)
        if spelt is not None:
            first = spelt  # "la Direction générale de la Santé (DGS)": D, G, S
        if first is None:
            return
        long_name = span_text(text, toks, first, ra - 1, base).strip()
        old = self.acronyms.get(acro)
        if old is None or len(long_name) > len(old):
            self.acronyms[acro] = long_name
            self._full.clear()

    def add_full(self, name: str) -> None:
        """Record a multiword name, indexed by its last word (each name once)."""
        self._full.clear()
        words = norm(name).split()
        if words and name not in self.by_last.get(words[-1], ()):
            self.full.append(name)
            self.by_last.setdefault(words[-1], {})[name] = None

    def add_persons(self, ents: Iterable[tuple[int, str]]) -> None:
        """Add PER names found by the NER (offset, text)."""
        for pos, name in ents:
            words = without_honorific(name.split())  # "Me Elie Korchia": Elie Korchia
            pos += len(name) - len(" ".join(words))
            cut = self.glued_before_known(words)
            if cut:
                pos, words = pos + len(" ".join(words[:cut])) + 1, words[cut:]
            name = " ".join(words)
            self.persons.append((pos, name))
            if len(words) >= 2:
                self.add_full(name)

    def full_name(self, name: str) -> str:
        """The longest name of the article that contains all of `name`'s words and ends with
        its last word: "Poutine" → "Vladimir Poutine"; an acronym → its long name."""
        found = self._full.get(name)
        if found is None:
            found = self._full[name] = self._longest_name(name)
        return found

    def _longest_name(self, name: str) -> str:
        name = name.strip()
        acro = re.fullmatch(r"(.*?)\s*\((\w+)\)", name)
        if acro and acro.group(2) in self.acronyms:
            return self.acronyms[acro.group(2)]
        if name in self.acronyms:
            return self.acronyms[name]
        words = norm(name).split()
        if not words:
            return name
        best = name
        if len(words) == 1 and words[-1] not in self.by_last and name not in self.newcomers:
            opening = [c for c in self.full if norm(c).split()[0] == words[0]]
            if len(opening) == 1 and (len(opening[0].split()) >= 3 or name in first_names()):
                return opening[0]  # "Tedros" for "Tedros Adhanom Ghebreyesus", "Jay" for "Jay
                # Lambert": named by the first name
        for cand in self.by_last.get(words[-1], ()):
            cw = norm(cand).split()
            if len(cw) > len(norm(best).split()) and cw[-1] == words[-1] \
                    and all(w in cw for w in words):
                best = cand
        return best

    def descriptor_name(self, mention_text: str, pos: int) -> str | None:
        """The name a descriptor stands for, as introduced before `pos` (or in the title)."""
        hits = self.descriptors.get(strip_det(mention_text))
        if not hits:
            return None
        before = [name for p, name in hits if p <= pos]
        return before[-1] if before else None


_FEASTS = frozenset("noël pâques toussaint pentecôte".split())
_PLACE_PREPOSITIONS = frozenset("en à au aux dans sur sous vers chez pour par avec contre depuis".split())
_BEFORE_FEAST = frozenset("de du à avant après pour depuis le ce la jusqu'à dès".split())
_REST_STOP = frozenset("de des du la le les l d a au aux en et pour".split()
                       # a party's acronym says whose side, not which office: "le maire LR" is
                       # "le maire de Nice"
                       + "lr ps lrem rn fn eelv lfi modem udi pcf npa dlf ump ex-lr ex-ps".split())


_SMALL_WORDS = frozenset("de du des d' la le les l' et en sur pour à au aux".split())


def _spelt_by(toks: list[Tok], end: int, acro: str) -> int | None:
    """The start of the words before toks[end] whose initials spell `acro` ("Direction générale
    de la Santé" for DGS, the small words left out), or None."""
    initials = ""
    for k in range(end - 1, max(-1, end - 3 * len(acro) - 4), -1):
        t = toks[k]
        if not t.word:
            return None
        if t.low in _SMALL_WORDS:
            continue
        initials = t.text[0].upper() + initials
        if initials == acro.upper():
            return k
        if not acro.upper().endswith(initials):
            return None
    return None


def rests_agree(a: str, b: str) -> bool:
    """True when the words after two roles' head noun can name the same role: one's words hold
    the other's ("des sapeurs-pompiers de Paris" and "des pompiers"; "de la République de
    Paris" and "de Paris"); "de la Culture" and "du Travail" cannot."""
    words_a = set(re.split(r"[\s\-'’]+", norm(a))) - _REST_STOP - {""}
    words_b = set(re.split(r"[\s\-'’]+", norm(b))) - _REST_STOP - {""}
    return not words_a or not words_b or words_a <= words_b or words_b <= words_a


def descriptor_head(text: str) -> tuple[str, str | None, str]:
    """(head noun's masculine form, the gender it marks, the words after it), normalised:
    "la nouvelle ministre du Travail" → ("ministre", None, "du travail"); ("", None, "") when
    the descriptor is not headed by a person noun."""
    words = strip_det(text).split()
    k = 0
    marked = None
    while k < len(words) and words[k] in _PRE_ADJ:
        marked = marked or _ADJ_GENDER.get(words[k])  # "l'ancienne ministre" is a woman
        k += 1
    folded = norm(" ".join(words[k:]))
    if folded.startswith("ex-"):
        folded = folded[3:]  # "l'ex-locataire de l'Élysée": a former president is a president
    for periphrasis, role in ROLE_PERIPHRASES.items():  # "le chef de la diplomatie" is a minister
        if folded == periphrasis or folded.startswith(periphrasis + " "):
            # a role without its own complement keeps the words after it: "le numéro un de la CFDT" is
            # "secrétaire général de la cfdt"
            words, k = role.split() + (folded[len(periphrasis):].split() if " de " not in f" {role} " else []), 0
            break
    if k >= len(words):
        return "", None, ""
    if not is_person_noun(words[k]):
        # "le jeune Français", "l'Américaine de 25 ans": an inhabitant's noun, as written
        raw = _LEADING_DET.sub("", text.strip()).split()  # strip_det's words, as written
        word = raw[k] if len(raw) == len(words) else ""
        if not is_demonym(word):
            return "", None, ""
        return norm(words[k]), demonym_gender(word) or marked, " ".join(words[k + 1:])
    head, gender = role_head(words[k])
    return head, gender or marked, " ".join(words[k + 1:])


def without_honorific(words: list[str]) -> list[str]:
    """A name's words without the honorifics before it ("Me", "Dr", "M.")."""
    while len(words) >= 2 and words[0].lower() in HONORIFICS and words[1][:1].isupper():
        words = words[1:]
    return words


def canonical(m: Mention, names: NameIndex) -> str | None:
    """The article's canonical name for a non-pronoun mention; a descriptor without a name
    stays itself (with a lower-case determiner)."""
    if m.kind == "pronoun":
        return None
    if m.name:
        # "un avocat de parties civiles, Me Elie Korchia": Elie Korchia
        return names.full_name(" ".join(without_honorific(m.name.split())))
    found = names.descriptor_name(m.text, m.start)
    if found:
        return names.full_name(found)
    text = m.text.strip()
    return text[0].lower() + text[1:] if text[:1].isupper() and m.kind == "descriptor" else text


def speaker_key(name: str | None) -> str | None:
    """A speaker's name folded for matching: "M. Vladimir Poutine" → "vladimir poutine"."""
    if not name:
        return None
    words = fold(name).replace("-", " ").split()
    titles = {"m.", "mme", "mlle", "mr", "mrs", "ms", "dr", "pr", "me", "m", "mgr"}
    return " ".join(w.strip(".,") for w in words if w not in titles) or None


_TRANSLITERATION = str.maketrans({"y": "i", "j": "i", "w": "v", "k": "c", "q": "c"})


def person_key(name: str | None) -> str | None:
    """The key under which the archive holds one person whatever the spelling: honorifics
    dropped, case, accents, hyphens and transliteration variants folded ("Oleksiï Danilov",
    "Oleksiy Danilov" → one key; "Zelensky", "Zelenski" → one key)."""
    key = speaker_key(name)
    if not key:
        return None
    key = key.replace("'", "").translate(_TRANSLITERATION)
    key = re.sub(r"(?<=\w)(?:ie?|e)\b", "i", key)  # final -i/-ie/-e: "Zelenskyi", "Zelenski"
    return re.sub(r"(\w)\1+", r"\1", key)  # then doubled letters: "Oleksii", "Mohammed" (after:
    # "Renée" and "René" stay two people)


def role_key(role: str | None) -> str | None:
    """The key of a role for the archive's memory ("la nouvelle ministre de la Culture" →
    "ministre de la culture"); None for a role too vague to be held by one person at a time
    (no complement: "le ministre") or for a former holder ("l'ancien ministre de …")."""
    if not role:
        return None
    words = strip_det(role).split()
    if not words or words[0] in ("ancien", "ancienne", "ex") or words[0].startswith("ex-"):
        return None
    if norm(" ".join(words)) == "premier ministre":
        return "premier ministre"
    while words and words[0] in _PRE_ADJ:
        words = words[1:]
    if len(words) < 3 or not is_person_noun(words[0]):
        return None  # "ministre" alone, "député LR": not one person's
    head, _ = role_head(words[0])
    return " ".join([head] + [norm(w) for w in words[1:]])
