"""Sources: reading articles from files, folders, web pages, RSS/Atom feeds and the inbox folder,
and ingesting them. The top of `index`: may import every other part."""
