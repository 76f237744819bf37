"""Real Dask processes for the batch tests: `dask scheduler` and `dask worker` on 127.0.0.1.

Started by the tests themselves (nothing to run by hand), each in its own process group,
and stopped at the end; the scheduler writes its address to a scheduler file, so no port
is fixed in advance.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DASK = str(Path(sys.executable).parent / "dask")


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)
    tls: list[str] = field(default_factory=list)  # the CLI's TLS options, for clients


def _tls_options(certs: dict[str, Path] | None) -> list[str]:
    if not certs:
        return []
    return [
        "--tls-ca-file",
        str(certs["ca"]),
        "--tls-cert",
        str(certs["cert"]),
        "--tls-key",
        str(certs["key"]),
    ]


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@contextlib.contextmanager
def dask_cluster(
    folder: Path,
    workers: int = 2,
    certs: dict[str, Path] | None = None,
    scheduler_env: dict[str, str] | None = None,
    worker_env: dict[str, str] | None = None,
) -> Iterator[Cluster]:
    """A scheduler and ``workers`` single-threaded workers (each under its nanny)."""
    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    log = (folder / "scheduler.log").open("w")
    tls = _tls_options(certs)
    protocol = ["--protocol", "tls"] if certs else []
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
        + ["--scheduler-file", str(scheduler_file), *protocol, *tls],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=dict(os.environ, **(scheduler_env or {})),
    )
    cluster = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            assert scheduler.poll() is None, (folder / "scheduler.log").read_text()
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        cluster = Cluster(address, scheduler, tls=tls)
        for i in range(workers):
            cluster.workers.append(
                subprocess.Popen(
                    [DASK, "worker", address, "--nthreads", "1", "--nworkers", "1"]
                    + ["--no-dashboard", "--host", "127.0.0.1", *tls],
                    stdout=(folder / f"worker{i}.log").open("w"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    env=dict(os.environ, **(worker_env or {})),
                )
            )
        wait_for_workers(cluster, workers)
        yield cluster
    finally:
        for worker in cluster.workers if cluster else []:
            _stop(worker)
        _stop(scheduler)


def client_of(cluster: Cluster):
    from distributed import Client
    from distributed.security import Security

    security = Security()
    if cluster.tls:
        ca, cert, key = cluster.tls[1], cluster.tls[3], cluster.tls[5]
        security = Security(
            tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key, require_encryption=True
        )
    return Client(cluster.address, security=security, timeout=30)


def wait_for_workers(cluster: Cluster, n: int) -> None:
    with client_of(cluster) as client:
        client.wait_for_workers(n, timeout=120)


def make_certificates(folder: Path) -> dict[str, Path]:
    """A CA and one certificate it signs for 127.0.0.1 (scheduler, workers and client)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rlgrade test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = {"ca": folder / "ca.pem", "cert": folder / "cert.pem", "key": folder / "key.pem"}
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths
