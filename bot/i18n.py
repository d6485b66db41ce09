"""The words newsbot says to people, in French (default) and English (NEWSBOT_LANG=en).

One table for every renderer — answers and notices (Slack and the CLI), the help, the digest —
so that they all say the same thing: `t(key, lang, **values)`. Every key has both languages
and every key is used (tests/bot/test_i18n.py). Notice and intent keys are the codes the index
puts in an `Answer` (`index.store.models.Notice`, `Intent`).

Each language's typography comes with its words: `t()` writes whole numbers as the language
does (`number`: 1 500 with a narrow no-break space in French, 1,500 in English), and `quoted`
puts a quotation in the language's marks (« … » with no-break spaces, “…”).
"""

from __future__ import annotations

LANGUAGES = ("fr", "en")
BASE_LANG = "fr"  # French first: the default of NEWSBOT_LANG, and what a missing translation falls back to

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
    "no_quote": {
        "fr": "Aucune citation de l’archive ne dit cela : personne n’est nommé. Voici les passages les plus proches.",
        "en": "No quote in the archive says this, so no one is named. Here are the closest passages.",
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
    "no_quotes": {
        "fr": "Aucune citation trouvée. Vérifiez l’orthographe du nom, ou ajoutez des articles avec `newsbot ingest`.",
        "en": "No quotation found. Check the spelling of the name, or add articles with `newsbot ingest`.",
    },
    "unknown_speaker": {"fr": "(auteur inconnu)", "en": "(unknown speaker)"},
    "paragraph": {"fr": "§{n}", "en": "¶{n}"},
    "who_said": {"fr": "qui a dit", "en": "who said"},
    "search": {"fr": "recherche", "en": "search"},
    # answers in Slack
    "question_line": {"fr": "Question ({intent}) : {question}", "en": "Question ({intent}): {question}"},
    "question_line_plain": {"fr": "Question : {question}", "en": "Question: {question}"},
    "results_range": {"fr": "résultats {first} à {last}", "en": "results {first} to {last}"},
    "also_in_list": {"fr": "Aussi dans : {refs}", "en": "Also in: {refs}"},
    "others": {"fr": "et {n} autres", "en": "and {n} more"},
    "searched_terms": {"fr": "Mots cherchés : {terms}", "en": "Words searched: {terms}"},
    "no_more": {
        "fr": "Pas d’autres résultats pour cette question. Reformulez-la pour en trouver d’autres.",
        "en": "No more results for this question. Rephrase it to find others.",
    },
    "share_button": {"fr": "Partager dans le canal", "en": "Share in channel"},
    "more_button": {"fr": "Résultats suivants", "en": "Next results"},
    "previous_button": {"fr": "Résultats précédents", "en": "Previous results"},
    "shared_by": {"fr": "Partagé par {user}", "en": "Shared by {user}"},
    "shared_in": {"fr": "Partagé dans {channel}.", "en": "Shared in {channel}."},
    "shared_here": {"fr": "Partagé dans cette conversation.", "en": "Shared in this conversation."},
    "unknown_outlet": {"fr": "média inconnu", "en": "unknown outlet"},
    "unknown_date": {"fr": "date inconnue", "en": "unknown date"},
    "question_cut": {  # NEWSBOT_MAX_QUESTION_CHARS
        "fr": "Question trop longue : seuls ses {limit} premiers caractères ont été cherchés.",
        "en": "Question too long: only its first {limit} characters were searched.",
    },
    "stale_button": {
        "fr": "Ce bouton ne fonctionne plus. Reposez la question avec `/ask`.",
        "en": "This button no longer works. Ask the question again with `/ask`.",
    },
    "help_title": {
        "fr": "newsbot — interroger les articles de la rédaction",
        "en": "newsbot — ask the newsroom’s articles",
    },
    "help_body": {
        "fr": (
            "Je cherche dans les articles indexés les passages qui répondent à votre question, avec leur "
            "source : média · date · titre · §paragraphe.\n"
            "• `/ask qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?` — qui a dit quoi\n"
            "• `/ask missiles Iskander` — une recherche\n"
            "• Avec `/ask`, la réponse n’est visible que par vous ; *Partager dans le canal* la montre à tous, "
            "*Résultats suivants* affiche les suivants.\n"
            "• Mentionnez-moi dans un canal (`@newsbot votre question`) : je réponds dans le fil.\n"
            "• Écrivez-moi en message direct : je réponds ici.\n"
            "• `/ask suivre Macron` ou `/ask suivre « réforme des retraites »` : les nouveaux articles arrivent dans "
            "le digest du canal (en message direct : pour vous seul) ; `/ask abonnements` les liste.\n"
            "Astuce : les noms propres, les lieux et les mots rares d’une citation trouvent le mieux."
        ),
        "en": (
            "I search the indexed articles for the passages that answer your question, with their "
            "source: outlet · date · title · ¶paragraph.\n"
            "• `/ask who said the Kremlin took Belarus hostage?` — who said what\n"
            "• `/ask Iskander missiles` — a search\n"
            "• With `/ask`, only you see the answer; *Share in channel* shows it to everyone, "
            "*Next results* shows the following ones.\n"
            "• Mention me in a channel (`@newsbot your question`): I answer in the thread.\n"
            "• Send me a direct message: I answer there.\n"
            "• `/ask follow Macron` or `/ask follow \"pension reform\"`: new articles arrive in the channel’s "
            "digest (in a direct message: for you alone); `/ask subscriptions` lists them.\n"
            "Tip: names, places and the rare words of a quote find best."
        ),
    },
    # the digest of new articles
    "digest_articles": {"fr": "{n} nouveaux articles", "en": "{n} new articles"},
    "digest_article": {"fr": "1 nouvel article", "en": "1 new article"},
    "digest_stories": {"fr": "{n} sujets", "en": "{n} stories"},
    "digest_story": {"fr": "1 sujet", "en": "1 story"},
    "digest_sources": {"fr": "{n} sources", "en": "{n} sources"},
    "digest_empty": {"fr": "Aucun nouvel article en attente.", "en": "No new article waiting."},
    "story_articles": {"fr": "{n} articles", "en": "{n} articles"},
    "digest_later_one": {"fr": "1 autre article attend le prochain message.",
                         "en": "1 more article waits for the next message."},
    "digest_later": {"fr": "{n} autres articles attendent le prochain message.",
                     "en": "{n} more articles wait for the next message."},
    # a backlog over NEWSBOT_MAX_DIGEST_ARTICLES: one summary instead of a flood
    "backlog_intro": {
        "fr": "Trop d’articles en attente pour les annoncer un par un. Les sujets les plus repris :",
        "en": "Too many articles waiting to announce them one by one. The stories carried by most articles:",
    },
    "backlog_howto": {
        "fr": "La liste complète : `newsbot digest --dry-run` sur le serveur de newsbot ; "
              "`newsbot digest --discard` la vide.",
        "en": "The full list: `newsbot digest --dry-run` on newsbot’s server; `newsbot digest --discard` clears it.",
    },
    "backlog_next": {
        "fr": "Plus de {limit} articles en attente (NEWSBOT_MAX_DIGEST_ARTICLES) : le prochain message sera un résumé.",
        "en": "More than {limit} articles waiting (NEWSBOT_MAX_DIGEST_ARTICLES): the next message will be a summary.",
    },
    "backlog_held": {
        "fr": "Résumés dans un message sans être annoncés un par un ({n}) ; `newsbot digest --discard` les retire :",
        "en": "Summarized in one message, not announced one by one ({n}); `newsbot digest --discard` clears them:",
    },
    # desks and alerts: /ask suivre, ne plus suivre, abonnements (issue 14)
    "follow_empty": {
        "fr": "Dites ce que vous voulez suivre, par exemple : `/ask suivre Macron` ou `/ask suivre « réforme des retraites »`.",
        "en": "Say what to follow, for example: `/ask follow Macron` or `/ask follow \"pension reform\"`.",
    },
    "follow_too_long": {
        "fr": "Sujet trop long : {limit} caractères au plus. Suivez quelques mots précis, par exemple `/ask suivre retraites pénibilité`.",
        "en": "Topic too long: {limit} characters at most. Follow a few precise words, for example `/ask follow pensions hardship`.",
    },
    "follow_common_words": {
        "fr": "Ces mots sont trop courants pour être suivis. Ajoutez un nom, un lieu ou un mot précis.",
        "en": "These words are too common to follow. Add a name, a place or a specific word.",
    },
    "follow_too_many_words": {
        "fr": "Trop de mots : un article devrait tous les contenir. Suivez-en {limit} au plus.",
        "en": "Too many words: an article would have to hold them all. Follow {limit} at most.",
    },
    "subscription_limit": {
        "fr": "Limite atteinte : {limit} abonnements au plus ici (NEWSBOT_MAX_SUBSCRIPTIONS). Retirez-en avec `/ask abonnements`.",
        "en": "Limit reached: {limit} subscriptions at most here (NEWSBOT_MAX_SUBSCRIPTIONS). Remove some with `/ask subscriptions`.",
    },
    "followed_person_channel": {
        "fr": "C’est noté : les nouveaux articles qui citent *{label}* apparaîtront dans le digest de ce canal.",
        "en": "Done: new articles quoting *{label}* will appear in this channel’s digest.",
    },
    "followed_person_dm": {
        "fr": "C’est noté : je vous enverrai ici les nouveaux articles qui citent *{label}*.",
        "en": "Done: I will send you the new articles quoting *{label}* here.",
    },
    "followed_topic_channel": {
        "fr": "C’est noté : les nouveaux articles sur *{label}* (tous ces mots) apparaîtront dans le digest de ce canal.",
        "en": "Done: new articles about *{label}* (all these words) will appear in this channel’s digest.",
    },
    "followed_topic_dm": {
        "fr": "C’est noté : je vous enverrai ici les nouveaux articles sur *{label}* (tous ces mots).",
        "en": "Done: I will send you the new articles about *{label}* (all these words) here.",
    },
    "already_following": {"fr": "Déjà suivi ici : *{label}*.", "en": "Already followed here: *{label}*."},
    "unknown_person": {
        "fr": "Personne de ce nom n’est encore cité dans l’archive : l’abonnement servira dès qu’il le sera. "
              "Pour suivre le mot plutôt : `/ask suivre sujet {label}`.",
        "en": "Nobody of that name is quoted in the archive yet: the subscription works as soon as they are. "
              "To follow the word instead: `/ask follow topic {label}`.",
    },
    "cannot_post_here": {
        "fr": "Je ne peux pas encore écrire dans ce canal : invitez-moi (`/invite @newsbot`). L’abonnement est "
              "gardé ; les articles arriveront dès que j’y serai.",
        "en": "I cannot post in this channel yet: invite me (`/invite @newsbot`). The subscription is kept; "
              "the articles will arrive once I am in.",
    },
    "unfollowed": {"fr": "Plus suivi ici : *{label}*.", "en": "No longer followed here: *{label}*."},
    "unfollow_none": {
        "fr": "Rien de tel dans les abonnements d’ici : `/ask abonnements` les liste.",
        "en": "Nothing like that in the subscriptions here: `/ask subscriptions` lists them.",
    },
    "unfollow_empty": {
        "fr": "Dites ce que vous ne voulez plus suivre, par exemple `/ask ne plus suivre Macron`.",
        "en": "Say what to stop following, for example `/ask unfollow Macron`.",
    },
    "subscriptions_channel": {"fr": "Abonnements de ce canal ({n})", "en": "This channel’s subscriptions ({n})"},
    "subscriptions_dm": {"fr": "Vos alertes ({n})", "en": "Your alerts ({n})"},
    "subscriptions_none": {
        "fr": "Aucun abonnement ici. Essayez `/ask suivre Macron` ou `/ask suivre « réforme des retraites »`.",
        "en": "No subscription here. Try `/ask follow Macron` or `/ask follow \"pension reform\"`.",
    },
    "kind_person": {"fr": "personne", "en": "person"},
    "kind_topic": {"fr": "sujet", "en": "topic"},
    "remove_button": {"fr": "Retirer", "en": "Remove"},
    "quotes_person": {"fr": "cite {name}", "en": "quotes {name}"},
    "alerts_why": {"fr": "Pourquoi : {reasons}", "en": "Why: {reasons}"},
    # the App Home tab
    "home_title": {"fr": "newsbot — vos alertes et abonnements", "en": "newsbot — your alerts and subscriptions"},
    "home_alerts": {"fr": "*Vos alertes* (en message direct)", "en": "*Your alerts* (by direct message)"},
    "home_no_alerts": {
        "fr": "Aucune alerte. Écrivez-moi `suivre Macron` en message direct, ou `/ask suivre …` ici.",
        "en": "No alert. Send me `follow Macron` in a direct message, or `/ask follow …`.",
    },
    "home_channels": {"fr": "*Canaux où vous suivez des sujets*", "en": "*Channels where you follow things*"},
    "home_channel_line": {"fr": "<#{channel}> : {n} abonnement(s)", "en": "<#{channel}>: {n} subscription(s)"},
    "home_no_channels": {"fr": "Aucun : `/ask suivre …` dans un canal.", "en": "None: `/ask follow …` in a channel."},
    "home_last_digest": {"fr": "*Dernier digest* : {when}", "en": "*Last digest*: {when}"},
    "home_never": {"fr": "aucun encore", "en": "none yet"},
    "home_howto": {
        "fr": "*Comment demander* : `/ask qui a dit que … ?` · `/ask missiles Iskander` · `/ask suivre Macron` · "
              "`/ask suivre « réforme des retraites »` · `/ask ne plus suivre Macron` · `/ask abonnements` · `/ask aide`",
        "en": "*How to ask*: `/ask who said … ?` · `/ask Iskander missiles` · `/ask follow Macron` · "
              "`/ask follow \"pension reform\"` · `/ask unfollow Macron` · `/ask subscriptions` · `/ask help`",
    },
    # feedback on answers
    "feedback_up": {"fr": "👍 Utile", "en": "👍 Useful"},
    "feedback_down": {"fr": "👎 Pas utile", "en": "👎 Not useful"},
    "feedback_thanks": {"fr": "Merci pour votre avis : il aide à améliorer les réponses.",
                        "en": "Thanks for your feedback: it helps improve the answers."},
}


def number(n: int, lang: str = BASE_LANG) -> str:
    """A whole number as the language writes it: 1 500 (narrow no-break space) in French, 1,500 in English."""
    return f"{n:,}".replace(",", "," if lang == "en" else "\u202f")


def quoted(text: str, lang: str = BASE_LANG) -> str:
    """A quotation in the language's marks: « text » (no-break spaces inside) in French, “text” in English."""
    return f"“{text}”" if lang == "en" else f"«\u00a0{text}\u00a0»"


def t(key: str, lang: str = BASE_LANG, **values: object) -> str:
    """The message `key` in `lang` (French when the language is unknown), with values filled in;
    whole numbers are written as the language writes them (`number`)."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry[BASE_LANG]
    values = {k: number(v, lang) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}
    return text.format(**values) if values else text
