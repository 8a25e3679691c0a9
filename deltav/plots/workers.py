"""Drawing the figures of a run in worker processes, so that importing matplotlib and drawing overlap
with loading and evaluating the scenario (``deltav run``).

Every drawing process dies with the process that forked it (Linux: ``prctl(PR_SET_PDEATHSIG)``;
elsewhere a thread that watches the parent's pid), so that ``kill -9`` of ``deltav run`` leaves no
process behind holding its pipes. User text (titles, architecture names) is drawn literally: ``$``
never starts matplotlib's mathtext.
"""

from __future__ import annotations

import os
from pathlib import Path

# deltav.plots.mission (numpy, the figures) is imported where it is used: `deltav run` starts the drawing
# process before the scenario is validated, and a rejected file must not import the numeric stack.


#: What every figure of a run is drawn with: user text is text, never mathtext (``$x^$`` would raise).
_RC = {"text.parse_math": False}


def die_with_parent(parent_pid: int) -> None:
    """Make this forked process exit as soon as ``parent_pid`` (its parent) does.

    Linux delivers SIGKILL on the parent's death (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon
    thread polls the parent's pid. A parent that died before this call is caught by the pid check.
    """
    import signal
    import sys

    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            pr_set_pdeathsig = 1
            armed = ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if not armed:
        import threading

        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="deltav-parent-watch").start()
    if os.getppid() != parent_pid:  # the parent is already gone
        os._exit(1)


def _watch_parent(parent_pid: int) -> None:
    import time

    while os.getppid() == parent_pid:
        time.sleep(0.2)
    os._exit(1)


def _warm_up(formats=("png",)) -> None:
    import gc

    # A drawing process lives for one run and makes few cycles: the collector would only walk matplotlib's
    # objects again and again (and after the fork below, copy the pages it touches).
    gc.disable()
    # What drawing needs and what unpickling a MissionResult imports (neither astropy nor scipy.integrate).
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    import deltav.mission.results  # noqa: F401 - the classes of a pickled result (no pydantic: see _portable)
    import deltav.plots.cislunar  # noqa: F401

    # Draw a small figure once, so that loading the fonts and the first text layout happen now,
    # while the main process computes, and the forked helper inherits them.
    import io

    import matplotlib

    matplotlib.rcParams.update(_RC)  # this process draws only deltav run's figures
    from deltav.plots.mission import figure

    fig, ax = figure(2, 2)
    ax.plot([0, 1], [0, 1], label="x")
    ax.set_title("warm-up")
    fig.legend(loc="outside lower center")
    for fmt in formats:  # each format's backend imported and used once
        fig.savefig(io.BytesIO(), format=fmt)


def render_pool(formats=("png",)):
    """A forked drawing process, or None on one core (or where fork is unavailable).

    Start it *before* loading and evaluating a scenario: it imports matplotlib (the slowest
    import of ``deltav run``) on the other core while the main process validates and computes
    (a rejected file stops it with :func:`stop`). When the figures are due it forks once more,
    so two processes draw but matplotlib is imported once.
    """
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent,
                               initargs=(os.getpid(),))
    pool.submit(_warm_up, formats)
    return pool


def stop(pool) -> None:
    """End a :func:`render_pool` now, whatever its process is doing (warming up or drawing).

    ``shutdown(wait=False)`` is not enough: at exit the interpreter still waits for the task in progress.
    The drawing process is killed (its fork dies with it, see :func:`die_with_parent`), then the pool is shut.
    """
    if pool is None:
        return
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _split(names: list[str]) -> tuple[list[str], list[str]]:
    """Two shares of about equal drawing time (longest first, each to the lighter share)."""
    from deltav.plots.mission import _COST

    shares: tuple[list[str], list[str]] = ([], [])
    for name in sorted(names, key=lambda n: _COST.get(n, 1), reverse=True):
        min(shares, key=lambda s: sum(_COST.get(n, 1) for n in s)).append(name)
    return shares


def _render_share(result, names, out_dir, formats, extra) -> list[Path]:
    import matplotlib

    from deltav.plots.mission import _render

    with matplotlib.rc_context(_RC):
        return [p for name in names for p in _render(result, name, out_dir, formats, extra.get(name))]


def _share_child(conn, parent_pid, *args) -> None:
    die_with_parent(parent_pid)
    try:
        conn.send(("ok", _render_share(*args)))
    except BaseException as exc:  # noqa: BLE001 - sent back and re-raised by the parent
        conn.send(("error", exc))
    finally:
        conn.close()


def _render_forked(result, names, out_dir, formats, extra) -> list[Path]:
    """Runs in the drawing process: a fork (matplotlib already imported) draws one share, this one the other."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    mine, theirs = _split(names)
    if not theirs:
        return _render_share(result, mine, out_dir, formats, extra)
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_share_child, args=(send, os.getpid(), result, theirs, out_dir, formats, extra))
    child.start()
    send.close()  # so that recv() sees end-of-file if the child dies without answering
    try:
        paths = _render_share(result, mine, out_dir, formats, extra)
        try:
            status, value = recv.recv()
        except EOFError:
            status, value = "error", RuntimeError("a drawing process exited without drawing")
    finally:
        child.join()
    if status == "error":
        raise value
    return paths + value


def write_all(result, out_dir: str | Path, formats=("png",), pool=None) -> list[Path]:
    """Draw every figure that applies to ``result`` into ``out_dir`` in each of ``formats``; return the paths.

    With a ``pool`` from :func:`render_pool` the figures are drawn by two processes at once (the
    result is pickled to them: it is small); without one, here, one after the other.
    """
    return start(result, out_dir, formats, pool)()


def planned(result, out_dir: str | Path, formats=("png",)) -> list[Path]:
    """The files :func:`write_all` writes for ``result``, known before any is drawn (for the report)."""
    from deltav.outputs import figure_paths
    from deltav.plots.mission import _applicable, figure_base

    return [p for name in _applicable(result) for p in figure_paths(figure_base(result, name, out_dir), formats)]


def start(result, out_dir: str | Path, formats=("png",), pool=None):
    """Start drawing as :func:`write_all` does; return a function that waits for the drawing and returns the paths.

    With a pool the figures are drawn while the caller goes on (``deltav run`` writes its report meanwhile);
    without one they are drawn when the returned function is called.
    """
    from deltav.plots.mission import _applicable, sketch_legs

    names = _applicable(result)
    if pool is None:
        return lambda: _render_share(result, names, out_dir, formats, {})
    # The cislunar sketch's arcs are propagated here (numpy only), while the drawing process is still importing
    # matplotlib, rather than on the drawing's critical path.
    extra = {"cislunar": {"legs": sketch_legs(result)}} if "cislunar" in names else {}
    return pool.submit(_render_forked, _portable(result), names, out_dir, formats, extra).result


def _portable(result):
    """A shallow copy of ``result`` whose scenario is plain attributes (a SimpleNamespace tree of the same
    values): the drawing process unpickles it without importing pydantic and the scenario models, which
    would otherwise lie on the drawing's critical path. The figures only read the scenario's fields."""
    import copy

    out = copy.copy(result)
    out.scenario = _namespace(result.scenario)
    return out


def _namespace(x):
    from types import SimpleNamespace

    from pydantic import BaseModel

    if isinstance(x, BaseModel):
        return SimpleNamespace(**{k: _namespace(getattr(x, k)) for k in type(x).model_fields})
    if isinstance(x, (list, tuple)):
        return type(x)(_namespace(v) for v in x)
    if isinstance(x, dict):
        return {k: _namespace(v) for k, v in x.items()}
    return x
