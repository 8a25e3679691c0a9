"""`kill -9` of `deltav run` leaves no drawing process behind (issue 13: the worker used to outlive it forever).

The run is started with a marker in its environment, which every process it forks inherits; after the
SIGKILL the test waits for every process carrying the marker to be gone (a zombie no longer runs).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")


def _marked(marker: bytes) -> list[int]:
    """Pids of live (not zombie) processes whose environment carries ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker not in (entry / "environ").read_bytes():
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone, or not ours to read
            continue
        if state != "Z":
            found.append(int(entry.name))
    return found


def _start(tmp_path, marker: str) -> subprocess.Popen:
    env = dict(os.environ, DELTAV_SIGNAL_TEST=marker)
    return subprocess.Popen([sys.executable, "-m", "deltav", "run", str(ROOT / "scenarios/beacon.yaml"),
                             "--out", str(tmp_path / "out"), "-q"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _survivors(marker: str, patience: float = 15.0) -> list[int]:
    """Processes still carrying ``marker`` once they have had ``patience`` seconds to exit."""
    deadline = time.monotonic() + patience
    while True:
        left = _marked(marker.encode())
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def _kill(proc: subprocess.Popen, marker: str) -> list[int]:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    left = _survivors(marker)
    for pid in left:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.parametrize("after", [0.3, 0.8, 1.5])
def test_sigkill_at_a_moment_leaves_no_process(tmp_path, after):
    marker = uuid.uuid4().hex
    proc = _start(tmp_path, marker)
    time.sleep(after)  # a moment of the run (loading, computing, drawing): what matters is that it is killed
    assert _kill(proc, marker) == []


def _wait_for_staging(proc, out):
    """Wait until the run has made its staging folder in ``out`` (its figures are being drawn), or has ended."""
    while proc.poll() is None and not (out.is_dir() and any(p.name.endswith(".partial") for p in out.iterdir())):
        time.sleep(0.01)
    return out


def test_sigkill_while_drawing_leaves_no_process(tmp_path):
    # Killed once the staging folder exists, i.e. while the two drawing processes are at work.
    marker = uuid.uuid4().hex
    proc = _start(tmp_path, marker)
    out = _wait_for_staging(proc, tmp_path / "out")
    drawing = len(_marked(marker.encode()))
    assert _kill(proc, marker) == []
    if proc.returncode == -signal.SIGKILL:
        assert drawing >= 2  # the run itself and at least one drawing process were alive when it was killed
    assert not (out / "beacon").exists()  # a killed run never leaves a half-written result folder


def test_sigterm_while_drawing_cleans_up(tmp_path):
    # SIGTERM unwinds like an error: exit 143, the staging folder removed, the drawing processes gone.
    marker = uuid.uuid4().hex
    proc = _start(tmp_path, marker)
    out = _wait_for_staging(proc, tmp_path / "out")
    proc.send_signal(signal.SIGTERM)
    status = proc.wait(timeout=60)
    assert _survivors(marker) == []
    if status != 0:  # it may have finished before the signal arrived
        assert status == 128 + signal.SIGTERM
        assert not out.exists() or list(out.iterdir()) == []


def test_ctrl_c_while_drawing_cleans_up(tmp_path):
    # Ctrl-C reaches the whole process group: the drawing processes ignore it, `deltav run` stops them, removes
    # its staging folder and exits 130.
    marker = uuid.uuid4().hex
    proc = _start(tmp_path, marker)  # its own session: the run leads its process group
    out = _wait_for_staging(proc, tmp_path / "out")
    os.killpg(proc.pid, signal.SIGINT)
    status = proc.wait(timeout=60)
    assert _survivors(marker) == []
    if status != 0:  # it may have finished before the signal arrived
        assert status == 130
        assert not out.exists() or list(out.iterdir()) == []
