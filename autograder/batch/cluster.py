"""Where a batch runs: an embedded Dask LocalCluster, or an existing Dask cluster.

One code path for both: the client submits the same tasks either way. The local default
binds to 127.0.0.1 (a Dask scheduler runs pickled code for whoever can connect), with
one single-threaded worker process per job. An existing cluster is reached at its
address, with TLS when the options (or Dask's own ``distributed.comm.tls`` config) say so.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
from collections.abc import Iterator
from dataclasses import dataclass

CONNECT_TIMEOUT = 10  # seconds: an unreachable scheduler is said within this


class ClusterError(RuntimeError):
    """The cluster cannot be used: unreachable, refused, or its workers disagree."""


@dataclass(frozen=True)
class Tls:
    """The certificate files of ``--tls-ca-file/--tls-cert/--tls-key`` (all or none)."""

    ca_file: str | None = None
    cert: str | None = None
    key: str | None = None

    def security(self):
        from distributed.security import Security

        given = [self.ca_file, self.cert, self.key]
        if not any(given):
            return Security()  # Dask's own config (distributed.comm.tls.*), if any
        if not all(given):
            raise ClusterError(
                "TLS needs all three of --tls-ca-file, --tls-cert and --tls-key (the CA that "
                "signed the cluster's certificates, and this client's certificate and key)."
            )
        return Security(
            tls_ca_file=self.ca_file,
            tls_client_cert=self.cert,
            tls_client_key=self.key,
            require_encryption=True,
        )


def dashboard_available() -> bool:
    return importlib.util.find_spec("bokeh") is not None


@contextlib.contextmanager
def open_client(scheduler: str | None, jobs: int, tls: Tls | None = None) -> Iterator:
    """A Dask client: of a LocalCluster with ``jobs`` workers, or of ``scheduler``."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(
            n_workers=jobs,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0" if dashboard_available() else None,
            silence_logs=logging.ERROR,
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    security = (tls or Tls()).security()
    if scheduler.startswith("tls://") and not security.get_connection_args("client").get(
        "ssl_context"
    ):
        raise ClusterError(
            f"the Dask scheduler at {scheduler} speaks TLS: give --tls-ca-file, --tls-cert and "
            "--tls-key (or set Dask's distributed.comm.tls config) to connect to it."
        )
    try:
        client = Client(scheduler, security=security, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {scheduler} within {CONNECT_TIMEOUT} s "
            f"({type(exc).__name__}: {exc}). Check the address, that `dask scheduler` runs "
            "there, and the TLS options (a tls:// scheduler needs --tls-ca-file, --tls-cert "
            "and --tls-key)."
        ) from None
    with client:
        yield client
