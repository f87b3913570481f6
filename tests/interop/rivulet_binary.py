"""Locates the rivulet executable built by `swift build` (debug first, then release)."""
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def rivulet_path() -> str:
    override = os.environ.get("RIVULET_BIN")
    if override:
        return override
    for configuration in ("debug", "release"):
        candidate = ROOT / ".build" / configuration / "rivulet"
        if candidate.exists():
            return str(candidate)
    raise RuntimeError("rivulet is not built; run `swift build` first")
