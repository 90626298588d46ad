"""The JSON API (/api/v1): every page's data, cursors for paging, JSON-lines export of whole queries."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["registry"])
