"""Pages computed one at a time per process; writes, exports and answers already started go beside them."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from starlette.types import Receive, Scope, Send

from devatlas.web.app import PagesInTurn


def _measured(pause: float = 0.02) -> tuple[PagesInTurn, dict[str, int]]:
    """The middleware around an app that counts how many requests it computes at once."""
    seen = {"running": 0, "most": 0}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen["running"] += 1
        seen["most"] = max(seen["most"], seen["running"])
        await asyncio.sleep(pause)  # computing
        seen["running"] -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await asyncio.sleep(pause)  # a slow reader: the next page need not wait for it
        await send({"type": "http.response.body", "body": b"ok"})

    return PagesInTurn(app), seen


def _run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """asyncio.run in a thread of its own: the browser tests leave an event loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _together(app: PagesInTurn, requests: list[tuple[str, str]]) -> list[int]:
    async def run() -> list[int]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            answers = await asyncio.gather(*(client.request(method, path) for method, path in requests))
        return [answer.status_code for answer in answers]

    return _run(run())


def test_pages_are_computed_one_at_a_time() -> None:
    app, seen = _measured()
    assert _together(app, [("GET", f"/places/{i}") for i in range(6)] + [("GET", "/projects/1.json")]) == [200] * 7
    assert seen["most"] == 1


def test_writes_and_exports_go_beside_the_pages() -> None:
    app, seen = _measured()
    _together(app, [("GET", "/places/1"), ("POST", "/review/facts/1/accept"), ("GET", "/api/v1/export/projects.jsonl")])
    assert seen["most"] == 3


def test_a_turn_ends_when_the_answer_starts() -> None:
    app, seen = _measured(pause=0.05)

    async def run() -> float:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            started = asyncio.get_running_loop().time()
            await asyncio.gather(*(client.get(f"/places/{i}") for i in range(4)))
            return asyncio.get_running_loop().time() - started

    elapsed = _run(run())
    # four turns of computing in a row, the slow sending of each beside the next: about 5 pauses, not 8
    assert seen["most"] == 1 and elapsed < 0.35


def test_an_app_served_by_one_event_loop_after_another_still_takes_turns() -> None:
    app, seen = _measured()
    for _ in range(2):  # each run is a new event loop, as each test client is
        assert _together(app, [("GET", f"/places/{i}") for i in range(3)]) == [200] * 3
    assert seen["most"] == 1
