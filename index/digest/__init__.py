"""The digest of new articles: stories grouped across outlets, their lead and key quote, and the
outbox that posts each new article once. Imports `index.text` and `index.store`."""
