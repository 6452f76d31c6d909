"""How far a long piece of work has gone, for whoever follows it (the background exports).

The worker sets a callback around the work (`reporting`); the code doing the work reports the
fraction done (`report`, `stage`, `rows`). Without a callback (a direct download in a request)
every call is a no-op, and `rows` counts nothing.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models import QuerySet

Item = TypeVar("Item")

# how many rows between two reports while writing a long list
ROWS_PER_STEP = 500

_callback: ContextVar[Callable[[float], None] | None] = ContextVar("progress", default=None)


@contextmanager
def reporting(callback: Callable[[float], None] | None) -> Iterator[None]:
    """Call `callback(fraction)` (0.0–1.0) for each report made inside the block."""
    token = _callback.set(callback)
    try:
        yield
    finally:
        _callback.reset(token)


def active() -> bool:
    return _callback.get() is not None


def report(fraction: float) -> None:
    callback = _callback.get()
    if callback is not None:
        callback(min(1.0, max(0.0, fraction)))


@contextmanager
def stage(start: float, end: float) -> Iterator[None]:
    """The block is the part [start, end] of the work: its own fractions 0–1 are mapped there,
    and `end` is reported when it is over."""
    outer = _callback.get()
    if outer is None:
        yield
        return
    token = _callback.set(lambda fraction: outer(start + (end - start) * fraction))
    try:
        yield
    finally:
        _callback.reset(token)
    outer(end)


def rows(items: Iterable[Item], total: int | QuerySet[Any] | None = None) -> Iterator[Item]:
    """The items, reporting the fraction written every ROWS_PER_STEP items. `total` may be a
    queryset: it is counted only when someone follows the progress."""
    if not active():
        yield from items
        return
    if isinstance(total, QuerySet):
        total = total.count()
    count = 0
    for count, item in enumerate(items, 1):  # noqa: B007 — count is read after the loop
        yield item
        if total and count % ROWS_PER_STEP == 0:
            report(count / total)
    report(1.0)
