"""Ingest: bytes in, clean text out. Never loses a document it could not read: it says which and why."""

from devatlas.ingest.readers import ReadError, iter_text_files, read_text

__all__ = ["ReadError", "iter_text_files", "read_text"]
