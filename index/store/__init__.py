"""The store: one SQLite file and the `Index` over it — schema and migrations, connections and
transactions, the rows of articles, passages and quotes; the newsroom's objects (`models`) and
the errors newsbot reports (`errors`). Imports nothing else of `index`."""
