"""Drawing the figures of a run in worker processes, so that importing matplotlib and drawing overlap
with loading and evaluating the scenario (``deltav run``)."""

from __future__ import annotations

from pathlib import Path

from deltav.plots.mission import _COST, _applicable, _render, figure, sketch_legs


def _warm_up() -> None:
    # What drawing needs, and what unpickling a MissionResult imports (not astropy, not scipy).
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    import deltav.mission  # noqa: F401
    import deltav.plots.cislunar  # noqa: F401

    # Draw a small figure once, so that loading the fonts and the first text layout happen now,
    # while the main process computes, and the forked helper inherits them.
    import io

    fig, ax = figure(2, 2)
    ax.plot([0, 1], [0, 1], label="x")
    ax.set_title("warm-up")
    fig.legend(loc="outside lower center")
    for fmt in ("png", "svg"):
        fig.savefig(io.BytesIO(), format=fmt)


def render_pool():
    """A forked drawing process, or None on one core (or where fork is unavailable).

    Start it *before* loading and evaluating a scenario: it imports matplotlib (the slowest
    import of ``deltav run``) on the other core while the main process computes. When the
    figures are due it forks once more, so two processes draw but matplotlib is imported once.
    """
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    pool.submit(_warm_up)
    return pool


def _split(names: list[str]) -> tuple[list[str], list[str]]:
    """Two shares of about equal drawing time (longest first, each to the lighter share)."""
    shares: tuple[list[str], list[str]] = ([], [])
    for name in sorted(names, key=lambda n: _COST.get(n, 1), reverse=True):
        min(shares, key=lambda s: sum(_COST.get(n, 1) for n in s)).append(name)
    return shares


def _render_share(result, names, out_dir, formats, extra) -> list[Path]:
    return [p for name in names for p in _render(result, name, out_dir, formats, extra.get(name))]


def _share_child(conn, *args) -> None:
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
    child = ctx.Process(target=_share_child, args=(send, result, theirs, out_dir, formats, extra))
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


def write_all(result, out_dir: str | Path, formats=("png", "svg"), pool=None) -> list[Path]:
    """Draw every figure that applies to ``result`` into ``out_dir`` (PNG and SVG); return the paths.

    With a ``pool`` from :func:`render_pool` the figures are drawn by two processes at once (the
    result is pickled to them: it is small); without one, here, one after the other.
    """
    names = _applicable(result)
    # The cislunar arcs are propagated here, where scipy is already loaded.
    extra = {"cislunar": {"legs": sketch_legs(result)}} if "cislunar" in names and pool is not None else {}
    if pool is None:
        return _render_share(result, names, out_dir, formats, extra)
    return pool.submit(_render_forked, result, names, out_dir, formats, extra).result()
