"""A throwaway PostgreSQL cluster for the tests: made in a temporary folder, one database a test."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

__all__ = ["Cluster", "ClusterMissing", "start"]

USER = "socialpulse"
SETUP = "README.md, section 'PostgreSQL' (set-up)"


class ClusterMissing(RuntimeError):
    """The PostgreSQL server programs are not installed on this machine."""


@dataclass
class Cluster:
    """A running cluster on a loopback port; `stop` ends it and removes its folder."""

    folder: Path
    port: int
    as_postgres: list[str]
    started_in: float
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self, prefix: str = "test") -> str:
        """A new, empty database; its URL."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            [*self.as_postgres, "pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "stop"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run(command: list[str], folder: Path) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        log = folder / "log"
        tail = log.read_text("utf-8", "replace")[-2000:] if log.exists() else ""
        raise RuntimeError(
            f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}\n{tail}"
        )


def start() -> Cluster:
    """initdb and start a cluster owned by the `postgres` user (initdb refuses root) in a new
    temporary folder, on a free loopback port. Raises ClusterMissing without the programs."""
    missing = [name for name in ("initdb", "pg_ctl") if shutil.which(name) is None]
    if missing:
        raise ClusterMissing(
            f"{', '.join(missing)} not found on PATH: the PostgreSQL store tests start a "
            f"throwaway server. Install it (`apt-get install postgresql-15`, and put "
            f"/usr/lib/postgresql/15/bin on PATH); see {SETUP}"
        )
    began = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="socialpulse-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    try:
        _run(
            [*as_postgres, "initdb", "-D", str(data), "-A", "trust", "-U", USER, "--no-sync"],
            folder,
        )
        port = _free_port()
        # fsync off: a throwaway cluster need not survive a power cut.
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run(
            [
                *as_postgres,
                *("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log")),
                *("-w", "start"),
            ],
            folder,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Cluster(folder, port, as_postgres, time.monotonic() - began)
