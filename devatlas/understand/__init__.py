"""The understanding stage: pure functions from text to facts, one module per kind of fact."""

from devatlas.understand.pipeline import extract

__all__ = ["extract"]
