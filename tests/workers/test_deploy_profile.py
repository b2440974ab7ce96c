"""The compose file's `workers` profile: PostgreSQL and two workers beside the default container."""

from __future__ import annotations

from typing import Any

import yaml

from bot.settings import ENV_PREFIX, Settings
from tests.conftest import REPO

COMPOSE = REPO / "deploy" / "docker-compose.yml"
# The PostgreSQL store reads its database from this variable (docs/workers.md).
DB_URL = "SOCIALPULSE_DB_URL"


def services() -> dict[str, dict[str, Any]]:
    return dict(yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"])


def test_a_plain_up_still_starts_one_container_on_sqlite() -> None:
    default = [name for name, s in services().items() if not s.get("profiles")]
    assert default == ["socialpulse"]
    assert "SOCIALPULSE_DB_PATH" in services()["socialpulse"]["environment"]


def test_the_workers_profile_runs_two_workers_on_postgresql() -> None:
    found = services()
    profiled = {name: s for name, s in found.items() if "workers" in s.get("profiles", ())}
    workers = {name: s for name, s in profiled.items() if name.startswith("worker-")}
    assert "postgres" in profiled and len(workers) >= 2
    database = found["postgres"]["environment"]["POSTGRES_DB"]
    ids: set[str] = set()
    ports: set[str] = set()
    for name, worker in workers.items():
        env = worker["environment"]
        assert env[DB_URL].startswith("postgresql://") and env[DB_URL].endswith(
            f"@postgres:5432/{database}"
        ), name
        assert worker["depends_on"]["postgres"]["condition"] == "service_healthy"
        ids.add(env["SOCIALPULSE_WORKER_ID"])
        ports.update(p.rsplit(":", 1)[0] for p in worker["ports"])
        known = {f"{ENV_PREFIX}{field.upper()}" for field in Settings.model_fields} | {DB_URL}
        assert set(env) - known == set(), name
    assert len(ids) == len(workers) and len(ports) == len(workers)
