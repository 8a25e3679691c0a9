"""Writing results without ever leaving a half-written file or folder: build beside the target, then rename.

* one file (:func:`atomic_path`, :func:`write_json`): a temporary file beside the target, renamed over it;
* a result set (:func:`staged_folder`): a whole folder built beside its target and swapped into place in
  one step, so that a reader sees the earlier run's files or this run's, never a mix, and stale files of
  an earlier run disappear. An existing folder is replaced only if it looks like deltav's (plots and
  JSON, no subfolders); symbolic links are never followed, only removed with the old folder.

Every path problem (a file where a folder should be, a read-only folder, a name too long) becomes an
:class:`deltav.errors.OutputError` naming the path, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

from deltav.errors import OutputError

#: Files a result folder may hold when deltav replaces it (what ``deltav run`` writes).
RESULT_SUFFIXES = (".png", ".svg", ".json", ".csv", ".nc")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, suffix: str | None = None):
    """Yield a temporary path beside ``path``; on success rename it over ``path``, else delete it."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=suffix or path.suffix)
        os.close(fd)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; results are ordinary files
    except OSError as exc:
        raise OutputError(f"cannot write it: {_problem(exc)}", path=str(path)) from None
    try:
        yield Path(tmp)
        try:
            os.replace(tmp, path)  # replaces a symbolic link at ``path`` itself, never what it points to
        except OSError as exc:
            raise OutputError(f"cannot write it: {_problem(exc)}", path=str(path)) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _problem(exc: OSError) -> str:
    return exc.strerror or str(exc)


def make_folder(path: str | os.PathLike, option: str | None = None) -> list[Path]:
    """Create the folder ``path`` and its missing parents; return the ones created (deepest last).

    The caller removes them (:func:`remove_empty`) if the run fails, so that a failed run leaves nothing.
    """
    path = Path(path)
    check_folder_path(path, option)
    missing = []
    p = path
    while not os.path.lexists(p) and p.parent != p:
        missing.append(p)
        p = p.parent
    created = []
    for d in reversed(missing):
        try:
            os.mkdir(d)
        except FileExistsError:
            if not d.is_dir():
                raise OutputError(f"{d} is not a folder", path=str(path), option=option) from None
            continue
        except OSError as exc:
            remove_empty(created)
            raise OutputError(f"cannot create folder {d}: {_problem(exc)}", path=str(path), option=option) from None
        created.append(d)
    return created


def check_folder_path(path: str | os.PathLike, option: str | None = None) -> None:
    """Raise :class:`OutputError` if ``path`` or its nearest existing ancestor is not a folder."""
    path = Path(path)
    p = path
    while not os.path.lexists(p) and p.parent != p:
        p = p.parent
    if os.path.lexists(p) and not p.is_dir():
        what = "a dangling symbolic link" if p.is_symlink() else "a file"
        raise OutputError(f"{p} is {what}, not a folder", path=str(path), option=option)
    if any(len(os.fsencode(part)) > 255 for part in path.parts):
        raise OutputError("a folder name is too long", path=str(path), option=option)
    _probe(p, path, option)


def _probe(folder: Path, path: Path, option: str | None) -> None:
    """Create and remove a folder in ``folder``: the one sure test that results can be written there."""
    if not folder.is_dir():
        return
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".deltav-probe.", dir=folder))
    except OSError as exc:
        raise OutputError(f"cannot write in {folder}: {_problem(exc)}", path=str(path), option=option) from None


def remove_empty(folders: list[Path]) -> None:
    """Remove the folders :func:`make_folder` created, deepest first, where they are still empty."""
    for d in reversed(folders):
        with contextlib.suppress(OSError):
            os.rmdir(d)


def check_file_target(path: str | os.PathLike, option: str | None = None) -> None:
    """Raise :class:`OutputError` early if ``path`` cannot be a file deltav writes (a folder, a parent that is a file)."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        raise OutputError("is a folder, not a file", path=str(path), option=option)
    if len(os.fsencode(path.name)) > 255 - 20:  # mkstemp adds a prefix and a suffix
        raise OutputError("the file name is too long", path=str(path), option=option)
    try:
        check_folder_path(path.parent, option)
    except OutputError as exc:
        raise OutputError(exc.message, path=str(path), option=option) from None


def check_folder_target(target: str | os.PathLike, option: str | None = None) -> None:
    """Raise :class:`OutputError` if ``target`` exists and is not a result folder deltav may replace."""
    target = Path(target)
    if len(os.fsencode(target.name)) > 255 - 30:  # the staging folder's name adds about 20 characters
        raise OutputError("the folder name is too long", path=str(target), option=option)
    if not os.path.lexists(target):
        return
    try:
        mode = os.lstat(target).st_mode
    except OSError as exc:
        raise OutputError(f"cannot look at it: {_problem(exc)}", path=str(target), option=option) from None
    if stat.S_ISLNK(mode):
        raise OutputError("is a symbolic link; deltav writes only into a folder of its own (remove the link)",
                          path=str(target), option=option)
    if not stat.S_ISDIR(mode):
        raise OutputError("exists and is not a folder (remove it or choose another --out)", path=str(target),
                          option=option)
    try:
        entries = list(os.scandir(target))
    except OSError as exc:
        raise OutputError(f"cannot list it: {_problem(exc)}", path=str(target), option=option) from None
    foreign = [e.name for e in entries if e.is_dir(follow_symlinks=False) or
               not e.name.lower().endswith(RESULT_SUFFIXES)]
    if foreign:
        raise OutputError(f"holds {', '.join(sorted(foreign)[:3])}{', ...' if len(foreign) > 3 else ''}, which "
                          "deltav did not write; it replaces only a folder of plots and results (remove them, or "
                          "choose another --out)", path=str(target), option=option)


@contextlib.contextmanager
def staged_folder(target: str | os.PathLike, option: str | None = None):
    """Yield an empty folder beside ``target``; if the block succeeds, it becomes ``target`` in one rename.

    An earlier ``target`` (checked by :func:`check_folder_target`) is swapped out atomically where the
    system can (Linux ``renameat2(RENAME_EXCHANGE)``), else renamed aside first; it is then deleted
    without following any symbolic link in it. If the block fails, the staging folder is deleted.
    The parent of ``target`` must exist (:func:`make_folder`).
    """
    target = Path(target)
    check_folder_target(target, option)
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
        os.chmod(stage, 0o777 & ~_umask())  # mkdtemp makes 0700; results are ordinary folders
    except OSError as exc:
        raise OutputError(f"cannot write in {target.parent}: {_problem(exc)}", path=str(target),
                          option=option) from None
    try:
        yield stage
        _publish(stage, target, option)
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # the staging folder, or the earlier results swapped into it


def _publish(stage: Path, target: Path, option: str | None) -> None:
    try:
        if not os.path.lexists(target):
            os.rename(stage, target)
            return
        check_folder_target(target, option)  # again: it may have changed while the results were computed
        if not _exchange(stage, target):
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.rename(target, aside / "old")
            os.rename(stage, target)
            os.rename(aside, stage)
    except OSError as exc:
        raise OutputError(f"cannot move the results into place: {_problem(exc)}", path=str(target),
                          option=option) from None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc before 2.28, or another libc
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):  # not supported by this file system
        return False
    raise OSError(err, os.strerror(err), str(b))


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Atomically write ``text`` (UTF-8) to ``path``."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_json(path: str | os.PathLike, obj) -> Path:
    """Atomically write ``obj`` as indented JSON (NaN written as null)."""
    return write_text(path, json.dumps(_finite(obj), indent=2, ensure_ascii=False) + "\n")


def figure_paths(path: str | os.PathLike, formats=("png",)) -> list[Path]:
    """The files :func:`save_figure` writes for ``path``: its suffix replaced by each of ``formats``."""
    base = Path(path).with_suffix("")
    return [base.with_suffix(f".{fmt}") for fmt in formats]


def save_figure(fig, path: str | os.PathLike, formats=("png",), dpi: int = 150) -> list[Path]:
    """Save a matplotlib figure as ``path`` with each suffix in ``formats``, atomically; close it."""
    import sys

    import matplotlib

    written = []
    # Figures laid out by matplotlib's constrained layout need no second "tight" pass (half the time).
    tight = None if fig.get_layout_engine() is not None else "tight"
    try:
        for i, (fmt, target) in enumerate(zip(formats, figure_paths(path, formats))):
            # PNG compression level 1: files ~20 % larger, encoding several times faster.
            # No date in the SVG metadata: re-running a scenario reproduces its files byte for byte.
            extra = {"pil_kwargs": {"compress_level": 1}} if fmt == "png" else {"metadata": {"Date": None}}
            # SVG text stays text (editable in slides, and a third faster to write than glyph paths).
            with atomic_path(target) as tmp, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "deltav"}):
                if fmt == "png" and tight is None and _plain_agg(fig):
                    _print_png(fig, tmp, dpi)
                else:
                    fig.savefig(tmp, format=fmt, dpi=dpi, bbox_inches=tight, **extra)
            written.append(target)
            if i == 0 and tight is None:
                fig.set_layout_engine("none")  # keep the layout just computed for the other formats
    finally:
        if "matplotlib.pyplot" in sys.modules:  # only pyplot-made figures need closing
            sys.modules["matplotlib.pyplot"].close(fig)
    return written


def _plain_agg(fig) -> bool:
    """Whether ``fig`` can be drawn straight onto an Agg canvas: no GUI canvas to keep, and savefig's
    colour settings are the defaults (they would otherwise change what savefig draws)."""
    import matplotlib
    from matplotlib.backend_bases import FigureCanvasBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    rc = matplotlib.rcParams
    return (type(fig.canvas) in (FigureCanvasBase, FigureCanvasAgg) and not rc["savefig.transparent"]
            and rc["savefig.facecolor"] == "auto" and rc["savefig.edgecolor"] == "auto")


def _print_png(fig, path, dpi: int) -> None:
    """Draw ``fig`` once at ``dpi`` and write it as a PNG at compression level 1 (files ~20 % larger,
    encoding several times faster).

    ``savefig`` draws a figure with a layout engine twice: a first pass without rendering to run the
    layout, then the real one. The layout engine also runs at the start of ``Figure.draw``, before
    anything is drawn, so one pass gives the same pixels for less work. A figure drawn in grey levels only,
    and opaque (every figure of a run), is written as a PNG with a palette of greys: the same pixels, a
    third of the encoding time and half the file.
    """
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image, PngImagePlugin

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    old = fig.dpi
    fig.dpi = dpi
    try:
        canvas.draw()
    finally:
        fig.dpi = old
    rgba = np.asarray(canvas.buffer_rgba())
    image = Image.frombuffer("RGBA", (rgba.shape[1], rgba.shape[0]), rgba, "raw", "RGBA", 0, 1)
    px = rgba.view("<u4")[..., 0]  # R + G·2⁸ + B·2¹⁶ + A·2²⁴ whatever the machine's byte order
    if np.array_equal(px, (px & 0xFF) * np.uint32(0x010101) | np.uint32(0xFF000000)):  # R = G = B, A = 255
        # One byte a pixel, an index into a palette of the 256 greys: readers still get RGB(A) pixels
        # (matplotlib.image.imread the same array as from the RGBA file).
        image = image.getchannel("R")
        image.putpalette(bytes(i // 3 for i in range(768)))
    info = PngImagePlugin.PngInfo()  # what matplotlib writes
    info.add_text("Software", f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/")
    image.save(path, format="png", compress_level=1, dpi=(dpi, dpi), pnginfo=info)


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
