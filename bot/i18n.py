"""The words newsbot says to people, in French (default) and English (NEWSBOT_LANG=en).

One table for the CLI and Slack, so both say the same thing. `t(key, lang, **values)`.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "empty_question": {
        "fr": "Posez une question, par exemple : `qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?`",
        "en": "Ask a question, for example: `who said the Kremlin took Belarus hostage?`",
    },
    "only_common_words": {
        "fr": "Votre question ne contient que des mots trop courants pour chercher. Ajoutez un nom, un lieu ou un mot précis.",
        "en": "Your question only has words too common to search for. Add a name, a place or a specific word.",
    },
    "empty_index": {
        "fr": "L’index est vide : aucun article n’a encore été ajouté. Ajoutez-en avec `newsbot ingest DOSSIER_OU_URL`.",
        "en": "The index is empty: no article has been added yet. Add some with `newsbot ingest FOLDER_OR_URL`.",
    },
    "no_match": {
        "fr": "Aucun passage ne correspond. Essayez d’autres mots : un nom propre, un lieu, un mot rare de la citation.",
        "en": "No passage matched. Try other words: a name, a place, a rare word of the quote.",
    },
    "index_missing": {
        "fr": "L’index n’est pas disponible pour le moment. Un administrateur doit le reconstruire (`newsbot ingest`).",
        "en": "The index is not available right now. An administrator needs to rebuild it (`newsbot ingest`).",
    },
    "error": {
        "fr": "Désolé, une erreur est survenue en cherchant la réponse. Réessayez dans un instant.",
        "en": "Sorry, something went wrong while looking for the answer. Try again in a moment.",
    },
    "also_in": {"fr": "Aussi dans", "en": "Also in"},
    "said": {"fr": "a dit", "en": "said"},
    "paragraph": {"fr": "§{n}", "en": "¶{n}"},
    "question": {"fr": "Question", "en": "Question"},
    "who_said": {"fr": "qui a dit", "en": "who said"},
    "search": {"fr": "recherche", "en": "search"},
}


def t(key: str, lang: str = "fr", **values: object) -> str:
    """The message `key` in `lang` (French when the language is unknown), with values filled in."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["fr"]
    return text.format(**values) if values else text
