"""Placeholder."""

from devatlas.text.script import detect_script


def detect_language(text: str) -> tuple[str, str]:
    return "other", detect_script(text)
