"""The terminal layer: console, prompts, timer. The domain never imports it."""
