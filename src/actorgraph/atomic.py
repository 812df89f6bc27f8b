"""Write a file whole or not at all: a temporary file beside it, renamed over it at the end."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write ``path`` through; renamed over it when the block ends well.

    A full disk, an interruption or any error inside the block leaves ``path`` as it
    was (absent, or the previous file whole) and removes the temporary file; an
    ``OSError`` is raised again naming ``path`` (the OS's own error of a failed write
    names no file).

    Parameters
    ----------
    path : str or Path
        The file to write; its directory is created when missing.

    Yields
    ------
    Path
        ``.NAME.XXXXXXXX.tmp`` in the same directory (so that the rename is atomic).

    Examples
    --------
    >>> with atomic_path(tmp / "page.html") as tmp_file:  # doctest: +SKIP
    ...     tmp_file.write_text("<html>...</html>", encoding="utf-8")
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as fh:  # on disk before it takes the name
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from exc
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


__all__ = ["atomic_path"]
