"""Token-bucket rate limits, per team and per client address."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Bucket:
    """``rate`` actions per second on average, bursts of up to ``burst``."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.rate, self.burst, self._clock = rate, burst, clock
        self._level = burst
        self._at = clock()

    def empty(self) -> bool:
        """True if an action now would be refused (nothing is spent)."""
        now = self._clock()
        return min(self.burst, self._level + (now - self._at) * self.rate) < 1.0

    def take(self) -> bool:
        """Spend one action; False (and nothing spent) when the bucket is empty."""
        now = self._clock()
        self._level = min(self.burst, self._level + (now - self._at) * self.rate)
        self._at = now
        if self._level < 1.0:
            return False
        self._level -= 1.0
        return True


class Limiter:
    """One bucket per key (a team, an address), made on first use. Thread-safe."""

    def __init__(self, rate: float, burst: float, *, max_keys: int = 4096,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.max_keys, self._clock = rate, burst, max_keys, clock
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= self.max_keys:
                    self._buckets.clear()
                bucket = self._buckets[key] = Bucket(self.rate, self.burst, self._clock)
            return bucket.take()

    def exhausted(self, key: str) -> bool:
        """True if ``key`` has used up its bucket (asking spends nothing)."""
        with self._lock:
            bucket = self._buckets.get(key)
            return bucket is not None and bucket.empty()
