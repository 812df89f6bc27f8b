"""The lock a writing build holds on a store: an flock the kernel drops with its holder."""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from actorgraph.errors import StoreBusyError

try:  # POSIX: the kernel drops an flock when its holder dies, even by kill -9
    import fcntl
except ImportError:  # pragma: no cover - Windows falls back to a pid file
    fcntl = None  # type: ignore[assignment]

#: Appended to the store's file name for the lock a writing build holds.
LOCK_SUFFIX = ".lock"


class StoreLock:
    """The lock a writing build holds on a store, so that two builds never interleave.

    An exclusive ``flock`` on ``STORE.lock`` beside the store: the kernel drops it when
    its holder exits, however it exits (kill -9 included), so a lock left by a dead
    build never blocks the next one. The file holds the holder's pid, host and start
    time for the message a refused build prints, and is removed on release. Where
    ``flock`` does not exist, the file itself is the lock, and one whose pid is no longer
    running on this host is taken over.

    Parameters
    ----------
    path : Path
        The lock file (``actorgraph.db.lock`` for ``actorgraph.db``).

    Raises
    ------
    StoreBusyError
        From :meth:`acquire`, while another process holds the lock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`StoreBusyError` at once if it is taken."""
        if self._fd is not None:
            return
        fd = _lock_flock(self.path) if fcntl is not None else _lock_pidfile(self.path)
        if fd is None:
            raise StoreBusyError(self._busy_message())
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        self._fd = fd
        _LOCK_FDS.add(fd)

    def release(self) -> None:
        """Give the lock up and remove its file; releasing twice is harmless."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _LOCK_FDS.discard(fd)
        try:  # unlink while still holding it: whoever opened this file will retry
            os.unlink(self.path)
        except OSError:
            pass
        os.close(fd)

    def holder(self) -> dict | None:
        """What the lock file says of its holder (pid, host, since), if it can be read."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _busy_message(self) -> str:
        store = self.path.with_name(self.path.name.removesuffix(LOCK_SUFFIX))
        who = self.holder()
        by = ""
        if who:
            by = f" (pid {who.get('pid')} on {who.get('host')}, since {who.get('since')})"
        return (
            f"the store {store} is being written by another build{by}: wait for it to "
            "finish, or build into another --out directory"
        )


#: Lock file descriptors open in this process, closed in forked children so that only
#: this process holds the lock (a worker outliving a killed build must not keep it).
_LOCK_FDS: set[int] = set()


def _close_lock_fds_in_child() -> None:  # pragma: no cover - runs in forked children
    for fd in list(_LOCK_FDS):
        try:
            os.close(fd)
        except OSError:
            pass
    _LOCK_FDS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_lock_fds_in_child)


def _lock_flock(path: Path) -> int | None:
    """An fd holding an exclusive flock on ``path``, or None if another process holds it."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except OSError:
            os.close(fd)
            raise
        # The holder we waited for may have unlinked the file before we locked it:
        # then we hold a lock on a file nobody else will open. Start again.
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        opened = os.fstat(fd)
        if current is not None and (current.st_ino, current.st_dev) == (
            opened.st_ino,
            opened.st_dev,
        ):
            return fd
        os.close(fd)


def _pid_alive(pid: int) -> bool:  # pragma: no cover - used where flock is missing
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _lock_pidfile(path: Path) -> int | None:  # pragma: no cover - used where flock is missing
    """An fd of a newly created lock file, taking over one left by a dead process."""
    for _ in range(3):
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            pass
        try:
            who = json.loads(path.read_text(encoding="utf-8"))
            pid, host = int(who["pid"]), who.get("host")
        except (OSError, ValueError, KeyError, TypeError):
            pid, host = None, None
        if host not in (None, socket.gethostname()) or (pid is not None and _pid_alive(pid)):
            return None
        try:  # stale: its holder is gone
            os.unlink(path)
        except FileNotFoundError:
            pass
    return None
