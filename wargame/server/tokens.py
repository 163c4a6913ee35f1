"""Join tokens: one random secret per team, revocable and reissuable.

A token is ``secrets.token_urlsafe(24)`` (192 bits). Tokens are never written to
a save, a log or a journal line, and the book's ``repr`` does not show them.
Lookups compare in constant time.

With a ``store`` (``game.wgsave.tokens`` beside the save), the book keeps its
tokens in that file, readable by its owner only (mode 0600), rewritten
atomically on every issue and revoke: after a crash or a restart of the host the
same links work again and the stations reconnect by themselves. Delete the file
to void every link at once.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

TOKEN_BYTES = 24
"""Random bytes per token (192 bits; the floor the brief sets is 128)."""


class TokenBook:
    """Which token admits which actor. Thread-safe."""

    def __init__(self, actors: Iterable[str] = (), *,
                 make: Callable[[], str] | None = None, store: Path | None = None) -> None:
        self._make = make or (lambda: secrets.token_urlsafe(TOKEN_BYTES))
        self._lock = threading.Lock()
        self.store = store
        wanted = list(actors)
        kept = _read_store(store) if store is not None else {}
        self._tokens: dict[str, str] = {a: kept[a] for a in wanted if a in kept}
        for actor in wanted:
            if actor not in self._tokens:
                self._tokens[actor] = self._make()
        self._save()

    def __repr__(self) -> str:
        return f"TokenBook(actors={sorted(self._tokens)})"

    def issue(self, actor: str) -> str:
        """A fresh token for ``actor`` (any earlier one stops working)."""
        token = self._make()
        with self._lock:
            self._tokens[actor] = token
            self._save()
        return token

    reissue = issue

    def revoke(self, actor: str) -> None:
        """The actor's token stops working; it has none until one is issued."""
        with self._lock:
            self._tokens.pop(actor, None)
            self._save()

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

    def _save(self) -> None:
        if self.store is not None:
            _write_private(self.store, json.dumps(self._tokens, sort_keys=True) + "\n")


def _read_store(path: Path) -> dict[str, str]:
    """The tokens a store file holds; {} if it is missing or not a store (then rewritten)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(a): t for a, t in data.items()
            if isinstance(t, str) and len(t) >= (TOKEN_BYTES * 4) // 3}


def _write_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with a file only its owner may read."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
