"""Quotations and who said them, as pure functions of an article: quotation marks and spans,
attribution patterns, speakers' names and their resolution. Imports `index.text` and
`index.store.models`; never the database."""
