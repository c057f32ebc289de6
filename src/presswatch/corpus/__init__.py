"""Corpora: the stores (SQLite, PostgreSQL) of analysed articles, ingest
(read, fetch, analyse, store) and the fingerprints that identify an article
(canonical URL, content hash, MinHash signature)."""
