"""Problem specs: the typed model, the YAML loader, and the bank of problems."""
