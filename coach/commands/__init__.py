"""One small module per command: parse, call the domain, render."""
