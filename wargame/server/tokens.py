"""Join tokens: one random secret per team, revocable and reissuable.

A token is ``secrets.token_urlsafe(24)`` (192 bits). The book keeps tokens in
memory only: they are never written to a save, a log or a journal line, and the
book's ``repr`` does not show them. Lookups compare in constant time.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable, Iterable

TOKEN_BYTES = 24
"""Random bytes per token (192 bits; the floor the brief sets is 128)."""


class TokenBook:
    """Which token admits which actor. Thread-safe."""

    def __init__(self, actors: Iterable[str] = (), *,
                 make: Callable[[], str] | None = None) -> None:
        self._make = make or (lambda: secrets.token_urlsafe(TOKEN_BYTES))
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()
        for actor in actors:
            self.issue(actor)

    def __repr__(self) -> str:
        return f"TokenBook(actors={sorted(self._tokens)})"

    def issue(self, actor: str) -> str:
        """A fresh token for ``actor`` (any earlier one stops working)."""
        token = self._make()
        with self._lock:
            self._tokens[actor] = token
        return token

    reissue = issue

    def revoke(self, actor: str) -> None:
        """The actor's token stops working; it has none until one is issued."""
        with self._lock:
            self._tokens.pop(actor, None)

    def token(self, actor: str) -> str | None:
        with self._lock:
            return self._tokens.get(actor)

    @property
    def actors(self) -> list[str]:
        with self._lock:
            return sorted(self._tokens)

    def actor_for(self, token: str) -> str | None:
        """The actor a token admits, or None (every token compared in constant time)."""
        found = None
        presented = token.encode("utf-8", "replace")
        with self._lock:
            pairs = list(self._tokens.items())
        for actor, known in pairs:
            if hmac.compare_digest(presented, known.encode()):
                found = actor
        return found
