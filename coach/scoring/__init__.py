"""Judging answers against a problem's rubric: words, ideas, questions and figures."""
