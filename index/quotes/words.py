"""Closed classes of French words the speaker rules rely on (pronouns, determiners, honorifics,
person nouns, adverbs, prepositions…), and the normalisations they are compared under.

Nothing here knows any particular article: the lists are general French.
"""

from __future__ import annotations

import unicodedata

PRONOUNS = frozenset("il elle ils elles on".split())


DETERMINERS = frozenset("le la les l' un une des du son sa ses leur leurs ce cet cette ces "
                        "notre nos votre vos mon ma mes".split())


HONORIFICS = {"m.": "m", "mm.": "m", "monsieur": "m", "mme": "f", "mme.": "f", "madame": "f",
              "mlle": "f", "mlle.": "f", "mademoiselle": "f", "me": None, "me.": None,
              "dr": None, "dr.": None, "pr": None, "pr.": None, "mgr": "m", "mgr.": "m"}


AUXILIARIES = frozenset("a ont avait avaient aurait auraient aura auront est sont était étaient "
                        "serait seraient sera eut".split())


CLITICS = frozenset("lui leur nous vous me m' te t' l' se s'".split())


# Person nouns that head a descriptor ("le président russe", "la porte-parole de …").
TITLES = frozenset((
    "président présidente vice-président vice-présidente ministre secrétaire porte-parole chef "
    "cheffe dirigeant dirigeante directeur directrice patron patronne procureur procureure juge "
    "avocat avocate maire député députée eurodéputé eurodéputée sénateur sénatrice conseiller "
    "conseillère ambassadeur ambassadrice chancelier chancelière roi reine prince princesse pape "
    "général colonel commandant capitaine gouverneur préfet préfète commissaire présentateur "
    "présentatrice animateur animatrice journaliste acteur actrice chanteur chanteuse écrivain "
    "écrivaine auteur autrice réalisateur réalisatrice entraîneur sélectionneur joueur joueuse "
    "footballeur candidat candidate leader fondateur fondatrice analyste analystes expert "
    "experte économiste spécialiste professeur professeure docteur médecin chercheur chercheuse "
    "trésorier trésorière délégué déléguée rapporteur rapporteure défenseur défenseure militant "
    "militante opposant opposante responsable homme femme mère père fils fille frère sœur soeur "
    "épouse mari compagnon compagne ami amie star comédien comédienne humoriste mannequin miss "
    "patriarche archevêque évêque imam rabbin cardinal élu élue adjoint adjointe consul émir "
    "pdg p-dg maman papa coach milliardaire ministres dirigeants responsables experts "
    "policier policière gendarme syndicaliste philosophe historien historienne politologue "
    "sociologue épidémiologiste infectiologue virologue président-directeur ex-président "
    "premier première présidents secrétaire-général négociateur négociatrice envoyé envoyée "
    "numéro avocats témoin victime habitant habitante témoins propriétaire gérant gérante"
).split())


PRE_ADJECTIVES = frozenset("haut haute ancien ancienne nouveau nouvelle jeune grand grande petit "
                           "petite "
                           "célèbre futur future actuel actuelle ex premier première vieux "
                           "vieille certains certaines plusieurs deux trois".split())


ADVERBS = frozenset((
    "également aussi encore déjà toutefois ainsi alors notamment pourtant ensuite enfin cependant "
    "d'ailleurs même bien plus tard récemment toujours souvent simplement publiquement "
    "ouvertement fermement clairement immédiatement finalement précédemment dernièrement "
    "lui-même elle-même eux-mêmes encore-une-fois aussitôt volontiers sobrement naïvement "
    "d'emblée hier aujourd'hui aujourd'hui demain mardi lundi mercredi jeudi vendredi samedi "
    "dimanche soir matin après-midi midi dernier dernière prochain tôt tard plus moins très "
    "là-bas ici récemment auparavant désormais entre-temps vite"
).split())


MONTHS = frozenset("janvier février mars avril mai juin juillet août septembre octobre "
                   "novembre décembre".split())


WEEKDAYS = frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche".split())


TIME_NOUNS = frozenset("matin soir semaine week-end mois année jour nuit après-midi "
                       "lundi mardi mercredi jeudi vendredi samedi dimanche".split())


# Prepositions that open a phrase standing between a verb and its inverted subject
# ("a indiqué à l'AFP Marc Avelot", "a écrit sur Twitter le secrétaire …").
PP_PREPOSITIONS = frozenset("à au aux sur dans devant auprès lors en pour chez via pendant "
                            "depuis après avant face par lors d'après sous vers".split())


# Words that end a speaker noun phrase.
NP_STOP = frozenset((
    "dans sur lors à au aux en avec après avant depuis devant auprès par chez selon via pendant "
    "pour qui que qu' dont où et mais car ou lui leur ce cette ces citant ajoutant précisant "
    "estimant expliquant soulignant affirmant assurant jugeant rappelant lorsque lorsqu' quand "
    "alors ainsi également aussi encore comme si s' ne n' ni contre tandis puis sans "
    "était est a ont avait sont sera déjà toutefois cependant hier aujourd'hui"
).split()) | WEEKDAYS | MONTHS | {"ce", "cette"}


NAME_PARTICLES = frozenset("de du des d' van von der den di da dos del bin ben al el ibn y".split())


# Capitalised words that do not start a name at the start of a sentence.
NOT_NAMES = frozenset((
    "le la les l' un une des du de d' ce cet cette ces son sa ses leur leurs dans selon pour "
    "si en après avec depuis mais et or donc car il elle ils elles on nous vous je tu ceux celle "
    "celui cela ça c' qui que qu' quand lorsque alors ainsi a à au aux par sur sous comme "
    "toutefois "
    "pourtant enfin ensuite cependant lundi mardi mercredi jeudi vendredi samedi dimanche "
    "hier aujourd'hui demain ici là oui non pas plus très tout tous toute toutes aucun aucune "
    "chaque certains certaines plusieurs d'après dès entre vers chez contre malgré parmi "
    "outre puis face depuis durant pendant avant autrefois désormais "
    "mon ma mes ton ta tes notre nos votre vos y en-dehors est sont était "
).split()) | MONTHS


def norm(text: str) -> str:
    """Lower-case, typographic apostrophes made straight, accents removed: for comparisons."""
    text = text.replace("’", "'").replace("\u2019", "'").lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def low(text: str) -> str:
    """Lower-case with straight apostrophes, accents kept: the key for the closed word lists."""
    return text.replace("’", "'").lower()
