"""Fan-out of change notices to every open page (each holds one server-sent events stream)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Broadcaster:
    """Each subscriber gets every message published after it subscribed; `None` means the end."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: set[queue.SimpleQueue] = set()
        self._closed = False

    @contextmanager
    def subscribe(self) -> Iterator[queue.SimpleQueue]:
        inbox: queue.SimpleQueue = queue.SimpleQueue()
        with self._lock:
            if self._closed:
                inbox.put(None)
            self._queues.add(inbox)
        try:
            yield inbox
        finally:
            with self._lock:
                self._queues.discard(inbox)

    def publish(self, message: str) -> None:
        with self._lock:
            for inbox in self._queues:
                inbox.put(message)

    def close(self) -> None:
        """End every stream, now and for anyone subscribing later."""
        with self._lock:
            self._closed = True
            for inbox in self._queues:
                inbox.put(None)
