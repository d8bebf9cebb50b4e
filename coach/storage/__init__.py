"""The SQLite store under the user's data directory (`COACH_HOME` overrides it)."""
