"""Where the bundled data folders are: seeds/, layouts/ and sample_events/.

In a wheel they travel inside the package (`eventrunner/_data/...`); in a checkout or an
editable install they are the top-level folders of the repository. Nothing else should
build these paths by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

DataFolder = Literal["seeds", "layouts", "sample_events"]

_PACKAGE = Path(__file__).resolve().parent


def data_dir(folder: DataFolder) -> Path:
    """The bundled folder of that name; raises FileNotFoundError if the install lost it."""
    for candidate in (_PACKAGE / "_data" / folder, _PACKAGE.parent / folder):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"eventrunner's {folder}/ folder is missing from this installation; reinstall it"
    )


def seed_file(name: str) -> Path:
    """A file in seeds/."""
    return data_dir("seeds") / name
