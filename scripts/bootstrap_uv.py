"""Install the uv release pinned in uv.lock into the running interpreter, hash-checked.

uv installs everything else from uv.lock; this puts uv itself in place with plain pip,
so a fresh machine needs nothing but Python 3.11.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

LOCK = Path(__file__).resolve().parents[1] / "uv.lock"


def pinned_requirement(lock: Path = LOCK) -> str:
    """The requirement line for uv as uv.lock pins it, with every artifact's hash."""
    packages = tomllib.loads(lock.read_text(encoding="utf-8"))["package"]
    uv = next((p for p in packages if p["name"] == "uv"), None)
    if uv is None:
        raise SystemExit(f"{lock} pins no uv release: add uv to the dev extras and relock")
    artifacts = [*uv.get("wheels", []), *([uv["sdist"]] if "sdist" in uv else [])]
    hashes = " ".join(f"--hash={a['hash']}" for a in artifacts)
    return f"uv=={uv['version']} {hashes}\n"


def main() -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write(pinned_requirement())
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--require-hashes", "--no-deps", "-r", handle.name], check=True)  # noqa: S603
    Path(handle.name).unlink()


if __name__ == "__main__":
    main()
