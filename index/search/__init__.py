"""Search: BM25 ranking over the analyzed passages (term postings, FTS5), and answers with their
quotes and corroboration. Imports `index.text` and `index.store`."""
