"""DPIDG's side: every submission file received, verified as `msq verify` does, into one SQLite
database (`database`, `collector`), and the report assessors read from it (`report`, `tables`)."""
