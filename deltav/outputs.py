"""Writing results without ever leaving a half-written file: write to a temp file, then rename."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, suffix: str | None = None):
    """Yield a temporary path beside ``path``; on success rename it over ``path``, else delete it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix or path.suffix)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; results are ordinary files
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Atomically write ``text`` (UTF-8) to ``path``."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_json(path: str | os.PathLike, obj) -> Path:
    """Atomically write ``obj`` as indented JSON (NaN written as null)."""
    return write_text(path, json.dumps(_finite(obj), indent=2, ensure_ascii=False) + "\n")


def save_figure(fig, path: str | os.PathLike, formats=("png", "svg"), dpi: int = 150) -> list[Path]:
    """Save a matplotlib figure as ``path`` with each suffix in ``formats``, atomically; close it."""
    import sys

    import matplotlib

    written = []
    base = Path(path).with_suffix("")
    # Figures laid out by matplotlib's constrained layout need no second "tight" pass (half the time).
    tight = None if fig.get_layout_engine() is not None else "tight"
    try:
        for i, fmt in enumerate(formats):
            target = base.with_suffix(f".{fmt}")
            # PNG compression level 1: files ~20 % larger, encoding several times faster.
            # No date in the SVG metadata: re-running a scenario reproduces its files byte for byte.
            extra = {"pil_kwargs": {"compress_level": 1}} if fmt == "png" else {"metadata": {"Date": None}}
            # SVG text stays text (editable in slides, and a third faster to write than glyph paths).
            with atomic_path(target) as tmp, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "deltav"}):
                fig.savefig(tmp, format=fmt, dpi=dpi, bbox_inches=tight, **extra)
            written.append(target)
            if i == 0 and tight is None:
                fig.set_layout_engine("none")  # keep the layout just computed for the other formats
    finally:
        if "matplotlib.pyplot" in sys.modules:  # only pyplot-made figures need closing
            sys.modules["matplotlib.pyplot"].close(fig)
    return written


def _finite(obj):
    """JSON has no NaN/inf: replace them by None, recursively; numpy scalars become Python ones."""
    if isinstance(obj, dict):
        return {str(k): _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    if hasattr(obj, "item") and getattr(obj, "ndim", 1) == 0:
        obj = obj.item()
    if hasattr(obj, "tolist"):
        return _finite(obj.tolist())
    if isinstance(obj, float) and (obj != obj or obj in (float("inf"), float("-inf"))):
        return None
    return obj
