"""The Markdown (and JSON) write-up of a session, rendered from Jinja2 templates."""
