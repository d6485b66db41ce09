"""Closed classes of French words the speaker rules rely on (pronouns, determiners, honorifics,
person nouns, adverbs, prepositions…), and the normalisations they are compared under.

Nothing here knows any particular article: the lists are general French.
"""

from __future__ import annotations

import gzip
import logging
import unicodedata
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

PRONOUNS = frozenset("il elle ils elles on".split())


DETERMINERS = frozenset("le la les l' un une des du son sa ses leur leurs ce cet cette ces "
                        "notre nos votre vos mon ma mes".split())


HONORIFICS = {"m.": "m", "mm.": "m", "monsieur": "m", "mme": "f", "mme.": "f", "madame": "f",
              "mlle": "f", "mlle.": "f", "mademoiselle": "f", "me": None, "me.": None,
              "dr": None, "dr.": None, "pr": None, "pr.": None, "mgr": "m", "mgr.": "m"}


AUXILIARIES = frozenset("a ont avait avaient aurait auraient aura auront est sont était étaient "
                        "serait seraient sera eut".split())


CLITICS = frozenset("lui leur nous vous me m' te t' l' se s'".split())


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Lower-case, typographic apostrophes made straight, accents removed: for comparisons."""
    text = text.replace("’", "'").replace("\u2019", "'").lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def low(text: str) -> str:
    """Lower-case with straight apostrophes, accents kept: the key for the closed word lists."""
    return text.replace("’", "'").lower()


# Person nouns that head a descriptor ("le président russe", "la porte-parole de …").
TITLES = frozenset((
    "président présidente vice-président vice-présidente ministre secrétaire porte-parole chef "
    "cheffe dirigeant dirigeante directeur directrice patron patronne procureur procureure juge "
    "avocat avocate maire député députée eurodéputé eurodéputée sénateur sénatrice conseiller "
    "conseillère ambassadeur ambassadrice chancelier chancelière roi reine prince princesse pape "
    "général colonel commandant capitaine gouverneur préfet préfète commissaire présentateur "
    "présentatrice animateur animatrice journaliste acteur actrice chanteur chanteuse écrivain "
    "écrivaine auteur autrice réalisateur réalisatrice cinéaste metteur entraîneur sélectionneur joueur joueuse "
    "footballeur candidat candidate leader fondateur fondatrice analyste analystes expert "
    "experte économiste spécialiste professeur professeure docteur médecin chercheur chercheuse "
    "trésorier trésorière délégué déléguée rapporteur rapporteure défenseur défenseure militant "
    "militante opposant opposante responsable homme femme mère père fils fille frère sœur soeur "
    "épouse mari compagnon compagne ami amie star vedette recrue dame comédien comédienne humoriste mannequin miss "
    "patriarche archevêque évêque imam rabbin cardinal élu élue adjoint adjointe consul émir "
    "pdg p-dg maman papa coach milliardaire ministres dirigeants responsables experts "
    "policier policière gendarme syndicaliste philosophe historien historienne politologue "
    "sociologue épidémiologiste infectiologue virologue président-directeur ex-président "
    "premier première présidents secrétaire-général négociateur négociatrice envoyé envoyée "
    "numéro figure icône égérie personnalité avocats témoin victime habitant habitante témoins propriétaire gérant gérante"
    # more people of the news, by trade or station (masculine; feminine forms follow below)
    " parlementaire agriculteur éleveur exploitant viticulteur pêcheur commerçant artisan "
    "restaurateur boulanger chauffeur conducteur pilote marin skipper navigateur pompier "
    "sapeur-pompier secouriste infirmier chirurgien pharmacien vétérinaire dentiste pédiatre "
    "psychiatre psychologue urgentiste généraliste enseignant instituteur directeur-général "
    "proviseur recteur doyen étudiant lycéen élève salarié employé ouvrier "
    "retraité chômeur syndiqué manifestant gréviste cheminot fonctionnaire magistrat greffier "
    "enquêteur policier commissaire-priseur détective avocat-général bâtonnier notaire huissier "
    "président-fondateur cofondateur co-fondateur patron-fondateur entrepreneur investisseur "
    "banquier trader financier assureur industriel constructeur promoteur architecte ingénieur "
    "scientifique astronaute astrophysicien climatologue météorologue prévisionniste "
    "géographe démographe urbaniste juriste constitutionnaliste avocat-conseil consultant "
    "lobbyiste militant-écologiste écologiste député-maire sénateur-maire conseiller-municipal "
    "édile bourgmestre vice-chancelier premier-ministre monarque souverain souveraine héritier "
    "duc duchesse comte comtesse baron sultan calife ayatollah président-élu candidat-président "
    "chef-d'état dirigeant-adjoint numéro-deux opposant-politique dissident réfugié migrant "
    "otage prisonnier détenu suspect accusé prévenu condamné plaignant requérant défenseur "
    "chanteur-compositeur compositeur musicien rappeur guitariste batteur pianiste violoniste "
    "chef-d'orchestre danseur chorégraphe metteur-en-scène scénariste producteur photographe "
    "peintre sculpteur plasticien styliste couturier créateur designer cuisinier chef-cuisinier "
    "sommelier animateur-producteur chroniqueur éditorialiste reporter correspondant rédacteur "
    "directeur-de-la-rédaction blogueur youtubeur influenceur internaute twittos "
    "sportif athlète champion championne nageur cycliste coureur sprinteur marathonien boxeur "
    "tennisman tenniswoman golfeur skieur rugbyman handballeur basketteur volleyeur gardien "
    "attaquant défenseur buteur capitaine arbitre manager président-délégué "
    "sélectionneur-adjoint adjoint-au-maire conseillère-municipale "
    "ex-ministre ex-président ex-député ancien-ministre "
    "locataire occupant voisin voisine riverain riveraine passant passante automobiliste "
    "touriste voyageur passager client usager patient malade résident citoyen électeur "
    "sympathisant partisan fidèle fan admirateur spectateur visiteur habitué "
    "collègue associé associée partenaire cousin cousine oncle tante neveu nièce grand-père "
    "grand-mère petit-fils petite-fille beau-père belle-mère veuf veuve fiancé fiancée "
    "conjoint conjointe concubin héritière garçon adolescent adolescente enfant bébé "
    "interlocuteur intervenant orateur porte-drapeau représentant représentante délégué-général "
    "commandant-en-chef chef-d'état-major amiral lieutenant sergent caporal soldat militaire "
    "officier allié alliée adversaire rival rivale successeur prédécesseur homologue concurrent "
    "concurrente ennemi ennemie protégé protégée mentor bras-droit"
).split())


# A few feminine person nouns whose masculine is not the word without its last "e" (see
# `role_head`); the others (présidente, députée, élue, avocate…) follow the rule.
_FEMININE = {
    "présentatrice": "présentateur", "animatrice": "animateur", "actrice": "acteur",
    "directrice": "directeur", "ambassadrice": "ambassadeur", "réalisatrice": "réalisateur",
    "autrice": "auteur", "fondatrice": "fondateur", "négociatrice": "négociateur",
    "sénatrice": "sénateur", "agricultrice": "agriculteur", "conductrice": "conducteur",
    "rédactrice": "rédacteur", "inspectrice": "inspecteur", "éditrice": "éditeur",
    "chanteuse": "chanteur", "joueuse": "joueur", "chercheuse": "chercheur", "danseuse": "danseur",
    "nageuse": "nageur", "coiffeuse": "coiffeur", "vendeuse": "vendeur", "skieuse": "skieur",
    "conseillère": "conseiller", "trésorière": "trésorier", "policière": "policier",
    "infirmière": "infirmier", "chancelière": "chancelier", "ouvrière": "ouvrier",
    "héritière": "héritier", "première": "premier", "passagère": "passager",
    "comédienne": "comédien", "historienne": "historien", "musicienne": "musicien",
    "pharmacienne": "pharmacien", "chirurgienne": "chirurgien", "championne": "champion",
    "patronne": "patron", "cheffe": "chef", "reine": "roi", "princesse": "prince",
    "duchesse": "duc", "comtesse": "comte", "mère": "père", "fille": "fils", "sœur": "frère",
    "soeur": "frère", "épouse": "mari", "femme": "homme", "maman": "papa", "tante": "oncle",
    "nièce": "neveu", "veuve": "veuf", "compagne": "compagnon", "souveraine": "souverain",
    "copine": "copain", "amie": "ami", "préfète": "préfet", "sportive": "sportif",
}
_EPICENE = frozenset(
    "ministre secrétaire porte-parole juge maire responsable analyste spécialiste journaliste "
    "star vedette recrue mannequin miss patriarche élève collègue partenaire enfant bébé notaire scientifique "
    "psychologue urgentiste pédiatre psychiatre dentiste vétérinaire interlocuteur fonctionnaire "
    "juriste consultant lobbyiste écologiste parlementaire édile touriste malade fidèle fan "
    "cadre pilote capitaine arbitre athlète garde victime figure icône égérie personnalité témoin otage coach leader "
    "syndicaliste philosophe politologue sociologue économiste épidémiologiste infectiologue "
    "virologue humoriste comédien-humoriste militaire camarade membre adversaire rival "
    "photographe architecte ingénieur médecin professeur docteur auteur écrivain".split())


_TITLES_NORM = frozenset(norm(t) for t in TITLES)
_MASCULINE = frozenset(m for m in _FEMININE.values() if m.endswith("e"))


@lru_cache(maxsize=1 << 14)
def role_head(word: str) -> tuple[str, str | None]:
    """A person noun's masculine singular form (lower case, no accents) and the gender it
    marks: "présentatrice" → ("presentateur", "f"), "député" → ("depute", "m"), "ministre" →
    ("ministre", None). For matching "la présentatrice" with "l'animatrice"'s person, or "le
    député" with "député de la Somme"; and for the gender a descriptor gives its person."""
    w = low(word)
    if w.startswith("ex-") and len(w) > 3:
        w = w[3:]
    if w.endswith("s") and (w[:-1] in TITLES or w[:-1] in _FEMININE):
        w = w[:-1]
    if w in _FEMININE:
        return norm(_FEMININE[w]), "f"
    for fem, masc in (("trice", "teur"), ("euse", "eur"), ("ienne", "ien"), ("ière", "ier")):
        if w.endswith(fem) and len(w) > len(fem) + 2 and norm(w) not in _NOT_AGENTS:
            return norm(w[:-len(fem)] + masc), "f"  # "la navigatrice" is a "navigateur"
    if w.endswith("e") and w[:-1] in TITLES:  # députée, élue, avocate
        return norm(w[:-1]), "f"
    if w in _MASCULINE:  # homme, père, frère, maire… whose feminine is another word
        return norm(w), "m"
    if w in _EPICENE or w.endswith("e"):  # ministre, juge, monarque
        return norm(w), None
    return norm(w), "m" if w in TITLES else None


# Agent nouns outside the list ("le dessinateur", "l'anthropologue", "la navigatrice", "le
# trentenaire"): French makes people's nouns with these endings; the words that end so without
# naming a person, and the organisations' nouns, are not ones.
_AGENT_ENDINGS = ("logue", "iste", "ien", "ienne", "eur", "euse", "trice", "naire", "ier",
                  "iere", "graphe")  # compared without accents
_NOT_AGENTS = frozenset(norm(w) for w in (
    "liste piste lien bien chien rien soutien entretien maintien quotidien ancien ancienne "
    "honneur intérieur extérieur supérieur inférieur ampleur lenteur horreur secteur moteur "
    "chaleur couleur valeur erreur hauteur longueur largeur rumeur peur cœur coeur bonheur "
    "malheur labeur ardeur vigueur lueur saveur odeur douleur frayeur terreur fureur humeur "
    "faveur candeur facteur détecteur capteur réacteur radiateur ordinateur compteur "
    "aspirateur accélérateur ascenseur tracteur téléviseur fleur sœur soeur heure meilleur "
    "pire mineur majeur intérieure extérieure supérieure antérieur postérieur ultérieur "
    "affaire salaire primaire documentaire anniversaire commentaire dictionnaire itinéraire "
    "inventaire questionnaire calendaire hebdomadaire formulaire horaire annuaire séminaire "
    "sanctuaire vocabulaire partenaire glossaire corollaire "
    "quartier calendrier immobilier papier métier chantier courrier dossier fichier palier "
    "sentier escalier panier atelier premier dernier entier foyer clavier pilier janvier "
    "février barrière manière rivière lumière matière carrière frontière dernière première "
    "entière filière bière prière poussière cuisinière croisière fourrière "
    "paragraphe autographe télégraphe photographie dialogue catalogue prologue épilogue "
    "monologue tondeuse processeur sanglier bouclier cendrier encrier sablier tablier "
    "euse".split()))


# French words that are person nouns but for the accent they lack (a feed without accents writes
# "salarie", "employe": those stay person nouns, being no other word).
_NOT_PERSON_UNACCENTED = frozenset(
    "retraite retraites associe associes accuse accuses fiance fiances invite invites blesse blesses".split())


@lru_cache(maxsize=1 << 14)
def is_person_noun(word: str) -> bool:
    """True for a noun that names a person by role or station, in any gender and number: the
    list, or an agent noun's ending (not an organisation's noun, nor a first name: "julien")."""
    if low(word) in _NOT_PERSON_UNACCENTED:
        return False  # "retraite" is not "retraité", nor "associe" "associé": the accent tells them apart
    head = role_head(word)[0]
    if head in _TITLES_NORM:
        return True
    w = norm(word)
    w = w[:-1] if w.endswith("s") and len(w) > 4 else w
    return (len(w) > 5 and w.endswith(_AGENT_ENDINGS) and w not in _NOT_AGENTS
            and w not in _ORG_NORM and "-" not in w[:2] and w not in _lower_first_names())


# Inhabitants' nouns, capitalised after an article ("le Danois", "l'Américaine", "la Marseillaise"
# are people; not "-on", which ends as many surnames: "Fillon"): by their endings, compared without accents; the words so ending that name a place
# or a body ("l'Ukraine", "le Palais", "la Lorraine") are not.
_DEMONYM_ENDINGS = (("eenne", "f"), ("ienne", "f"), ("oise", "f"), ("aise", "f"), ("aine", "f"),
                    ("ande", "f"), ("ole", "f"), ("onne", "f"), ("een", "m"), ("ien", "m"), ("ois", "m"), ("ais", "m"),
                    ("ain", "m"), ("and", "m"), ("ol", "m"))
_NOT_DEMONYMS = frozenset(norm(w) for w in (
    "Ukraine Lorraine Touraine Aquitaine Maine Fontaine Palais Calais Marais Bois Blois Artois Valois "
    "Groenland Tyrol Capitole Vatican Japon Gabon Cameroun Liban Soudan Pakistan Iran Oman Kazakhstan "
    "Ouzbékistan Afghanistan Tadjikistan Kirghizistan Turkménistan Azerbaïdjan Bhoutan Yémen Taïwan Vietnam "
    "Sorbonne Garonne Dordogne Gironde Hollande Irlande Finlande Islande Thaïlande Zélande Pologne "
    "Écosse Ecosse Nouvelle-Zélande Rhône Lyon Avignon Besançon Mâcon Dijon Châlons Verdon Mont-Blanc "
    "Parlement Gouvernement Sénat Élysée Elysée Conseil Mondial Figaro Monde Parisien Point Orient "
    "Occident Levant Ponant Mans Havre Touquet Creusot Crotoy Raincy Vésinet Pecq Bourget Plessis "
    "Lamentin Robert Marin François Gosier Moule Port Carbet Vauclin Diamant Lorrain Prêcheur "
    "Bon Don Son Ton Salon Gallon Ballon Canon Chiffon "
    # regions, departments, states, a club, a store: "la Vienne", "le Beaujolais", "l'Espanyol"
    "Vienne Maurienne Tarentaise Vilaine Beaujolais Valais Charolais Lauragais Bourbonnais Nivernais "
    "Gâtinais Vivarais Boulonnais Soissonnais Valenciennois Mâconnais Blésois Chablais Laonnois Dunois "
    "Vexin Maryland Illinois Queensland Jutland Somaliland Cleveland Portland Auckland Shetland "
    "Espanyol Samaritaine Grand "
    # "-onne" is a woman's ("la Bretonne"), but for rivers, places and the Crown
    "Couronne Colonne Personne Boutonne Dronne Meyronne Bastidonne Fontonne Narbonne Bayonne Lisbonne "
    "Carbonne").split())  # (Sorbonne and Garonne are above)


def demonym_gender(word: str) -> str | None:
    """The gender an inhabitant's noun marks ("Danois" → "m", "Américaine" → "f"), or None when
    `word` is not capitalised or not one ("Ukraine", "Julien", "Lyon")."""
    if len(word) < 5 or not word[:1].isupper() or not word[1:].islower() or "-" in word:
        return None
    w = norm(word)
    if w in _NOT_DEMONYMS or word in first_names():
        return None
    return next((g for end, g in _DEMONYM_ENDINGS if w.endswith(end)), None)


# Inhabitants' nouns alike for a man and a woman ("le Belge", "la Belge")
_EPICENE_DEMONYMS = frozenset(("Belge Suisse Russe Britannique Tchèque Slovaque Slovène Croate Serbe Basque "
                               "Malgache Arabe Kurde Afghane Sikh Khmer Birmane Cambodgienne").split())


def is_demonym(word: str) -> bool:
    """An inhabitant's noun, capitalised: "Danois", "Américaine", "Belge"."""
    return demonym_gender(word) is not None or word in _EPICENE_DEMONYMS


def is_person_tok(low_word: str, cap: bool) -> bool:
    """`is_person_noun` for a word of a text: a capitalised word ("Julien", "Fournier") is a
    person noun only from the list ("Ministre" opening a sentence), never by its ending."""
    return is_person_noun(low_word) if not cap else role_head(low_word)[0] in _TITLES_NORM


@lru_cache(maxsize=1)
def _lower_first_names() -> frozenset[str]:
    return frozenset(norm(name) for name in first_names())


PRE_ADJECTIVES = frozenset("haut haute ancien ancienne nouveau nouvelle jeune grand grande petit "
                           "petite "
                           "célèbre futur future actuel actuelle ex premier première vieux dernier dernière derniers dernières "
                           "vieille certains certaines plusieurs deux trois "
                           # epithets of news copy ("l'éphémère garde des Sceaux", "l'inamovible maire")
                           "éphémère emblématique inamovible fidèle éternel éternelle bouillant bouillante "
                           "sulfureux sulfureuse fougueux fougueuse truculent truculente même mêmes".split())


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
    "parmi dans sur lors à au aux en avec après avant depuis devant auprès par chez selon via pendant "
    "pour qui que qu' dont où et mais car ou lui leur ce cette ces citant ajoutant précisant "
    "estimant expliquant soulignant affirmant assurant jugeant rappelant lorsque lorsqu' quand "
    "alors ainsi également aussi encore comme si s' ne n' ni contre tandis puis sans "
    "était est a ont avait sont sera déjà toutefois cependant hier aujourd'hui"
).split()) | WEEKDAYS | MONTHS | {"ce", "cette"}


NAME_PARTICLES = frozenset("de du des d' van von der den di da dos del della dello delle degli dei bin ben al el ibn y of".split())


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
    "mon ma mes ton ta tes notre nos votre vos y en-dehors est sont était concernant "
    "suivant moyennant hormis excepté nonobstant quant "
    "comment pourquoi combien où quel quelle quels quelles lequel laquelle voici voilà "
    # quantities and adverbs opening a sentence: "Quelques mois auparavant, …", "Trop …"
    "quelques quelque nombreux nombreuses beaucoup peu trop assez encore déjà aussi surtout "
    "seulement souvent parfois bientôt maintenant actuellement autant tant "
    # numbers opening a sentence: "Neuf ans après une révolution, …"
    "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt "
    "trente quarante cinquante soixante cent mille "
).split()) | MONTHS


# Words that make a capitalised name an organisation's, not a person's ("Banque de France").
ORG_WORDS = frozenset(norm(w) for w in (
    "institut ministère parti association union université banque groupe conseil assemblée "
    "sénat commission agence organisation fédération société compagnie fondation office "
    "autorité cour tribunal parquet préfecture mairie ville état gouvernement police "
    "gendarmerie france république syndicat confédération centre hôpital collectif comité "
    "observatoire académie école lycée musée théâtre festival club stade olympique airlines "
    "group inc corp sa sas ltd nations unies européenne européen international internationale "
    "national nationale mondiale régional régionale département métropole communauté réseau "
    "radio télévision tv chaîne journal magazine presse news times post monde figaro "
    "libération parisien express obs point croix humanité"
).split())


# Person nouns that may name the same person in one article ("la députée" … "l'élue").
_ALIKE = [frozenset(norm(w) for w in group.split()) for group in (
    "élu député sénateur maire conseiller parlementaire eurodéputé édile adjoint député-maire "
    "sénateur-maire élue",
    "animateur présentateur journaliste chroniqueur animateur-producteur producteur star",
    "président dirigeant patron pdg p-dg directeur fondateur numéro",
    "chef dirigeant patron leader responsable numéro",
    "premier ministre",
    "acteur comédien star artiste",
    "réalisateur cinéaste metteur artiste",
    "chanteur artiste star musicien rappeur compositeur chanteur-compositeur",
    "entraîneur sélectionneur coach manager technicien",
    "avocat défenseur conseil bâtonnier",
    "procureur magistrat juge",
    "agriculteur éleveur exploitant paysan viticulteur",
    "joueur footballeur attaquant défenseur gardien capitaine buteur international sportif",
    "policier gendarme enquêteur agent commissaire",
    "médecin docteur professeur infectiologue épidémiologiste virologue spécialiste expert "
    "chercheur scientifique urgentiste chirurgien",
    "monarque roi souverain prince ex-souverain",
    "militant syndicaliste responsable représentant délégué porte-parole secrétaire leader",
    "ministre secrétaire",
)]


def alike_roles(a: str, b: str) -> bool:
    """True when two role heads (from `role_head`) may name the same person."""
    return a == b or any(a in group and b in group for group in _ALIKE)


# Person nouns that say how someone stands to others or to an event, not a trade or an office:
# "sa mère", "le prévenu", "un voisin" are rarely the person quoted just before.
RELATIONAL = frozenset(norm(w) for w in (
    "homme femme mère père fils fille frère sœur soeur épouse mari compagnon compagne ami amie "
    "copain copine maman papa oncle tante neveu nièce cousin cousine grand-père grand-mère "
    "petit-fils petite-fille beau-père belle-mère veuf veuve fiancé fiancée conjoint conjointe "
    "concubin héritier héritière garçon adolescent adolescente enfant bébé collègue associé "
    "associée partenaire voisin voisine riverain riveraine passant passante proche témoin victime "
    "habitant habitante otage prisonnier détenu suspect accusé prévenu condamné plaignant "
    "requérant locataire occupant automobiliste touriste voyageur passager client usager patient "
    "malade résident citoyen électeur sympathisant partisan fidèle fan admirateur spectateur "
    "visiteur habitué allié alliée adversaire rival rivale successeur prédécesseur homologue "
    "concurrent concurrente ennemi ennemie protégé protégée mentor interlocuteur").split())


def unlike_roles(a: str, b: str) -> bool:
    """True when two role heads cannot name one person: both are roles of the lists above and
    no list holds both ("maire" and "ministre"). A head the lists do not know ("lieutenant",
    "auteur") is not unlike a known one ("pilote" may be a lieutenant)."""
    known = [any(h in group for group in _ALIKE) for h in (a, b)]
    return all(known) and not alike_roles(a, b)


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """First name → "m" or "f", from first_names.txt beside this module (French news, reviewed
    by hand), then first_names_world.txt (the world's common names; see their headers)."""
    out: dict[str, str] = {}
    for file in ("first_names_world.txt", "first_names.txt"):  # the hand list wins
        for line in (Path(__file__).with_name(file)).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, gender = line.split("\t")
                out[name] = gender
    return out


COMMON_WORDS = Path(__file__).with_name("common_words.txt.gz")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The words French news writes in lower case (common_words.txt.gz beside this module, mined
    from OrangeSum by bench/mine_common_words.py): "réponse", "interrogé", "même"; not "Paris",
    "Greenpeace", "Macron". Empty, with a warning, when the file is damaged."""
    try:
        with gzip.open(COMMON_WORDS, "rt", encoding="utf-8") as handle:
            return frozenset(line.strip() for line in handle if line.strip() and not line.startswith("#"))
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        log.warning("index/quotes/common_words.txt.gz unreadable (%s): capitalised words opening a sentence"
                    " may be taken for names", exc)
        return frozenset()


def name_gender(name: str) -> str | None:
    """The gender a person's name marks by its first name ("Marine Le Pen" → "f"), or None."""
    words = name.split()
    return first_names().get(words[0]) if len(words) >= 2 else None


def womans_name(name: str) -> bool:
    """True when `name` opens with a woman's first name and holds no man's first name after it:
    a masculine role noun before it ("l'eurodéputé Nadine Morano") does not make her a man; but
    "Marine Gilbert Collard" (a party's "Bleu Marine" glued to his name) is no woman's name."""
    return name_gender(name) == "f" and not any(first_names().get(w) == "m" for w in name.split()[1:-1])


# Periphrases French news uses for a role, folded, → the role ("le chef de la diplomatie" →
# "ministre des affaires étrangères"), so that "a précisé le chef de la diplomatie" goes to the
# minister the article named.
ROLE_PERIPHRASES = {norm(k): v for k, v in {
    "chef de la diplomatie": "ministre des affaires étrangères",
    "patron de la diplomatie": "ministre des affaires étrangères",
    "chef de l'état": "président de la république",
    "locataire de l'élysée": "président de la république",
    "hôte de l'élysée": "président de la république",
    "chef des armées": "président de la république",
    "chef du gouvernement": "premier ministre",
    "chef de gouvernement": "premier ministre",
    "locataire de matignon": "premier ministre",
    "hôte de matignon": "premier ministre",
    "garde des sceaux": "ministre de la justice",
    "locataire de la place vendôme": "ministre de la justice",
    "patron de bercy": "ministre de l'économie",
    "locataire de bercy": "ministre de l'économie",
    "grand argentier": "ministre de l'économie",
    "locataire de la place beauvau": "ministre de l'intérieur",
    "locataire de beauvau": "ministre de l'intérieur",
    "patron de la place beauvau": "ministre de l'intérieur",
    "premier flic de france": "ministre de l'intérieur",
    "locataire de la maison blanche": "président américain",
    "hôte de la maison blanche": "président américain",
    "locataire du bureau ovale": "président américain",
    "locataire du kremlin": "président russe",
    "maître du kremlin": "président russe",
    "hôte du kremlin": "président russe",
    "locataire du 10 downing street": "premier ministre britannique",
    "locataire de downing street": "premier ministre britannique",
    "numéro un": "secrétaire général",  # "le numéro un de la CFDT" is "le secrétaire général de la CFDT"
    "numéro 1": "secrétaire général",
    "maire de la capitale": "maire de paris",
    "édile parisien": "maire de paris",
    "édile parisienne": "maire de paris",
}.items()}


# Nouns that name an organisation by its kind ("a indiqué le groupe", "selon l'hebdomadaire").
ORG_NOUNS = frozenset(low(w) for w in (
    "groupe société entreprise constructeur organisme autorité hebdomadaire quotidien journal "
    "magazine mensuel chaîne radio station média titre site ministère syndicat association parti club institut agence "
    "organisation ong fédération firme compagnie banque laboratoire enseigne opérateur plateforme "
    "réseau géant fabricant distributeur assureur gouvernement préfecture mairie municipalité "
    "collectivité région département ville fondation confédération intersyndicale "
    "formation mouvement cabinet office observatoire institution académie université école "
    "hôpital tribunal parquet cour commission conseil assemblée sénat"
).split())


_ORG_NORM = frozenset(norm(w) for w in ORG_NOUNS)


# Nouns of sources that report without a person: "selon un sondage", "d'après les chiffres".
# Institutions and groups that speak as one without being organisations with names: "a
# indiqué la police", "selon les secours", "a fait savoir l'entourage du ministre".
INSTITUTION_NOUNS = frozenset(low(w) for w in (
    "police gendarmerie justice armée douane douanes secours autorités exécutif opposition "
    "direction entourage famille services administration organisateurs équipe "
    "pompiers sapeurs-pompiers enquêteurs proches"
).split())

SOURCE_NOUNS = frozenset(low(w) for w in (
    "sondage sondages étude études enquête enquêtes rapport rapports communiqué communiqués "
    "chiffres données statistiques bilan bilans estimations calculs sources source "
    "informations révélations documents document courrier lettre texte décret arrêté projet "
    "jugement décision arrêt avis expertise expertises autopsie analyse analyses modèles "
    "prévisions projections témoignages témoignage images vidéo vidéos médias presse "
    "journaux experts analystes observateurs spécialistes scientifiques chercheurs "
    "autorités services secours enquêteurs policiers gendarmes pompiers militaires "
    "habitants témoins riverains proches parents manifestants organisateurs syndicats "
    "médecins élus opposants partisans internautes classement classements modèles famille "
    "familles palais maison entourage cabinet porte-parole avocats défense accusation"
).split())
