"""Per-request memo for lookups that several panels of one page repeat.

A page such as the village page asks for the township's current round from the
stages, elections, discipline and supervision panels; each asked the database.
``memoize(key, compute)`` answers the repeats from a dict that lives for one
read-only request (GET/HEAD), set up by :class:`RequestCacheMiddleware`. Outside
such a request (writes, management commands, Celery tasks, tests calling
selectors directly) it simply calls ``compute`` — nothing is cached across
requests, so nothing can go stale.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_cache: ContextVar[dict | None] = ContextVar("hjt_request_cache", default=None)


def memoize(key: Hashable, compute: Callable[[], T]) -> T:
    """Return ``compute()``, computed once per read-only request for ``key``."""
    cache = _cache.get()
    if cache is None:
        return compute()
    try:
        return cache[key]
    except KeyError:
        value = cache[key] = compute()
        return value


class RequestCacheMiddleware:
    """Give each GET/HEAD request its own memo; writes never use one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _cache.set({})
        try:
            return self.get_response(request)
        finally:
            _cache.reset(token)
