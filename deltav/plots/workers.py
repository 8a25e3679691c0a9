"""Drawing the figures of a run in worker processes, so that importing matplotlib and drawing overlap
with loading and evaluating the scenario (``deltav run``): :func:`render_pool` forks the drawing
process, :func:`start` sends it the result, :func:`stop` ends it.

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


def _warm_up(formats=("png",), job: int | None = None) -> None:
    """Import what drawing needs; then, unless the job is already waiting on the pipe ``job``, draw a sample."""
    import gc

    # A drawing process lives for one run and makes few cycles: the collector would only walk matplotlib's
    # objects again and again (and after the fork below, copy the pages it touches).
    gc.disable()
    # What drawing needs and what unpickling a MissionResult imports (neither astropy nor scipy.integrate).
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    import deltav.mission.results  # noqa: F401 - the classes of a pickled result (no pydantic: see _portable)
    import deltav.plots.cislunar  # noqa: F401
    import deltav.plots.mission  # noqa: F401

    import matplotlib

    matplotlib.rcParams.update(_RC)  # this process draws only deltav run's figures
    if job is not None and _readable(job):  # the figures are due: a sample would only delay them
        return
    # Draw a small figure once, so that loading the fonts and the first text layout happen now,
    # while the main process computes, and the forked helper inherits them.
    import io

    from deltav.plots.mission import figure

    fig, ax = figure(2, 2)
    ax.plot([0, 1], [0, 1], label="x")
    ax.set_title("warm-up")
    fig.legend(loc="outside lower center")
    for fmt in formats:  # each format's backend imported and used once
        fig.savefig(io.BytesIO(), format=fmt)


def _readable(fd: int) -> bool:
    """Whether reading ``fd`` would not block (data, or end of file), without waiting."""
    import select

    if hasattr(select, "poll"):  # select.select refuses fds above 1023, which a host process may have reached
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([fd], [], [], 0)[0])


def render_pool(formats=("png",)) -> Drawer | None:
    """A forked drawing process, or None on one core (or where fork is unavailable).

    Start it *before* loading and evaluating a scenario: it imports matplotlib (the slowest
    import of ``deltav run``) on the other core while the main process validates and computes
    (a rejected file stops it with :func:`stop`). Once warm it forks a helper, so that two processes
    draw but matplotlib is imported once. Plain ``os.fork`` and pipes, not a process pool: the pool's
    imports and its manager thread cost the main process more than validating a scenario does.
    """
    if (os.cpu_count() or 1) < 2 or not hasattr(os, "fork"):
        return None
    try:
        return Drawer(formats)
    except OSError:  # no process or pipe to spare: draw here, one figure after the other
        return None


class Drawer:
    """The drawing process of one run: it warms up, forks its helper, then draws the figures it is sent.

    The main process sends one job, pickled (:meth:`submit`), on two pipes, one to each process; each
    draws its share of the figures (:func:`_split`), the helper answers the drawing process, which answers
    the main process with every path or the first error. Both die with their parent (:func:`die_with_parent`).
    """

    def __init__(self, formats=("png",)):
        import sys

        fds: list[int] = []
        try:
            for _ in range(3):
                fds += os.pipe()
            to_drawer, job_drawer, to_helper, job_helper, answer_r, answer_w = fds
            for stream in (sys.stdout, sys.stderr):  # nothing buffered here may be written twice
                stream.flush()
            parent = os.getpid()
            self.pid = _fork()
        except OSError:
            for fd in fds:
                os.close(fd)
            raise
        if self.pid == 0:  # the drawing process: never returns
            _child(lambda: (_close(job_drawer, job_helper, answer_r),
                            _draw_process(parent, to_drawer, to_helper, answer_w, formats)))
        for fd in (to_drawer, to_helper, answer_w):
            os.close(fd)
        self._jobs = [os.fdopen(job_drawer, "wb"), os.fdopen(job_helper, "wb")]
        self._answer = os.fdopen(answer_r, "rb")
        self._writer = None

    def submit(self, *job):
        """Send ``job`` (``(result, names, out_dir, formats, extra)``); return a function that waits for the
        drawing and returns the paths drawn (or raises the error that stopped it)."""
        import pickle
        import threading

        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        # A job larger than a pipe's buffer would block until the drawing process, maybe still importing
        # matplotlib, reads it: a thread writes it, and the caller goes on.
        self._writer = threading.Thread(target=_send, args=(data, self._jobs), daemon=True, name="deltav-draw-job")
        self._writer.start()
        return self._result

    def _result(self) -> list[Path]:
        try:
            status, value = _receive(self._answer)
        finally:
            self._writer.join()
            self._reap()
        if status == "error":
            raise value
        return value

    def stop(self) -> None:
        """Kill the drawing process now, whatever it is doing (its helper dies with it), and reap it."""
        import signal

        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap()
        if self._writer is not None:
            self._writer.join()  # its readers are dead or dying (the helper dies with the drawing process)
        for f in [self._answer, *self._jobs]:
            f.close()

    def _reap(self) -> None:
        if self.pid:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = 0


def _fork() -> int:
    """``os.fork`` with SIGINT and SIGTERM blocked across it, so that the child has its own handlers before either
    can arrive: the parent's would raise in the child while it still runs the parent's code. The child ignores
    Ctrl-C (it reaches the whole group; the parent decides) and dies of SIGTERM (the parent's handler unwinds
    *its* work)."""
    import signal

    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
    return pid


def _child(body) -> None:
    """Run ``body`` in a forked child and exit with ``os._exit``: a fork never returns into its parent's code
    (no atexit handlers, no second flush of inherited buffers, no cleanup of the parent's staging folder)."""
    code = 1
    try:
        body()
        code = 0
    finally:
        os._exit(code)


def _close(*fds: int) -> None:
    for fd in fds:
        os.close(fd)


def _draw_process(parent: int, job: int, helper_job: int, answer: int, formats) -> None:
    """The drawing process: import and warm up, fork the helper, draw share 0, collect share 1, answer (the paths,
    or the first error: a failed import too)."""
    die_with_parent(parent)
    _answer(answer, lambda: _warm_and_draw(job, helper_job, answer, formats))


def _warm_and_draw(job: int, helper_job: int, answer: int, formats) -> list[Path]:
    import signal

    _warm_up(formats, job)
    from_helper, to_me = os.pipe()
    me = os.getpid()  # the helper's parent, known before the fork: getppid() there may already be a reaper's
    try:
        helper = _fork()
    except OSError:  # no process to spare: this one draws every figure
        _close(from_helper, to_me, helper_job)
        return _draw_share(job, None)
    if helper == 0:
        _child(lambda: (_close(job, answer, from_helper), die_with_parent(me),
                        _answer(to_me, lambda: _draw_share(helper_job, 1))))
    _close(to_me, helper_job)
    try:
        mine = _draw_share(job, 0)
    except BaseException:
        os.kill(helper, signal.SIGKILL)  # it may not go on writing once the run has failed
        os.waitpid(helper, 0)
        raise
    status, value = _receive(os.fdopen(from_helper, "rb"))
    os.waitpid(helper, 0)
    if status == "error":
        raise value
    return mine + value


def _draw_share(job_fd: int, share: int | None) -> list[Path]:
    """Read the job from ``job_fd`` and draw its figures: share 0 or 1 of :func:`_split`, or all (None)."""
    import pickle

    with os.fdopen(job_fd, "rb") as job:
        result, names, out_dir, formats, extra = pickle.load(job)
    return _render_share(result, names if share is None else _split(names)[share], out_dir, formats, extra)


def _answer(fd: int, work) -> None:
    """Write ``("ok", work())`` or ``("error", exception)`` to ``fd``, pickled."""
    import pickle

    try:
        answer = ("ok", work())
    except BaseException as exc:  # noqa: BLE001 - sent to the parent and raised there
        answer = ("error", exc)
    try:
        data = pickle.dumps(answer)
        pickle.loads(data)  # an exception class may pickle but not unpickle (its __init__ takes other arguments)
    except Exception:  # noqa: BLE001 - then it is sent as its text
        data = pickle.dumps(("error", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}")))
    _send(data, [os.fdopen(fd, "wb")])


def _send(data: bytes, files) -> None:
    """Write ``data`` to each of ``files`` and close it; a reader that is gone is not an error here (the caller
    learns what happened from the answer)."""
    for f in files:
        try:
            with f:
                f.write(data)
        except (OSError, ValueError):  # broken pipe; or closed by stop()
            pass


def _receive(f):
    """The pickled answer read from the file ``f`` to its end (then closed), or an error if the writer died
    without answering."""
    import pickle

    with f:
        data = f.read()
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001 - nothing, or a part: the writer died while answering
        return "error", RuntimeError("a drawing process exited without drawing")


def stop(pool: Drawer | None) -> None:
    """End a :func:`render_pool` now, whatever its process is doing (warming up or drawing)."""
    if pool is not None:
        pool.stop()


def _split(names: list[str]) -> tuple[list[str], list[str]]:
    """Two shares of about equal drawing time (longest first, each to the lighter share), the heavier first:
    the drawing process takes it, since its forked helper also pays for copying the pages it writes."""
    from deltav.plots.mission import _COST

    def cost(share):
        return sum(_COST.get(n, 1) for n in share)

    shares: tuple[list[str], list[str]] = ([], [])
    for name in sorted(names, key=lambda n: _COST.get(n, 1), reverse=True):
        min(shares, key=cost).append(name)
    return tuple(sorted(shares, key=cost, reverse=True))


def _render_share(result, names, out_dir, formats, extra) -> list[Path]:
    import matplotlib

    from deltav.plots.mission import _render

    with matplotlib.rc_context(_RC):
        return [p for name in names for p in _render(result, name, out_dir, formats, extra.get(name))]


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
    return pool.submit(_portable(result), names, out_dir, formats, extra)


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
