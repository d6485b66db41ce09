"""Text: French analysis (the terms of passages and questions), stopwords, passages, sentences,
and what a question asks. Pure functions; imports only `index.store.models`."""
