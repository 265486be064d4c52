"""Files that hold answers or secrets: readable by the app's own user and nobody else.

The database, prepared exports and the secret key live under instance/. On a
shared host the default umask (022) would make them readable by every local
account, so each is created 0600 in a folder created 0700, and one left by an
older version is tightened when it is next opened.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> Path:
    """Make ``path`` (and missing parents) if needed, and let only the app's user in."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    path.chmod(FOLDER_MODE)
    return path


def create_private(path: Path) -> BinaryIO:
    """A new file open for writing, 0600 from the first byte (the umask cannot widen it)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    return os.fdopen(descriptor, "wb")


def tighten(path: Path) -> None:
    """Make an existing file 0600; one that is missing or not ours is left alone."""
    try:
        if path.stat().st_mode & 0o777 != FILE_MODE:
            path.chmod(FILE_MODE)
    except (FileNotFoundError, PermissionError):
        pass
