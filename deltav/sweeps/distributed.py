"""Dask for sweeps beyond one machine: a client for a scheduler address, a local cluster, or a given client."""

from __future__ import annotations

import contextlib

from deltav.errors import InputError


@contextlib.contextmanager
def client_for(scheduler):
    """A ``distributed.Client`` for ``scheduler``: ``"processes"`` (a LocalCluster here), an address, or a
    client (used as is). An unreachable address is an InputError naming it, within a few seconds."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("a Dask scheduler needs dask.distributed", key="scheduler",
                         expected="pip install 'deltav[dask]'") from None
    if not isinstance(scheduler, str):
        yield scheduler
        return
    if scheduler == "processes":
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="5s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}", key="scheduler",
                         expected="a running scheduler's address, e.g. tcp://host:8786, or 'processes'") from None
    with client:
        yield client
