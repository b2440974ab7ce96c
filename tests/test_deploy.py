"""The container image's steps, done in a fresh virtual environment instead of Docker."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import time
import venv
from pathlib import Path

import yaml

from tests.conftest import REPO

DOCKERFILE = REPO / "deploy" / "Dockerfile"
HANG_GUARD_S = 900.0


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_compose_and_systemd_point_at_real_things() -> None:
    compose = yaml.safe_load((REPO / "deploy" / "docker-compose.yml").read_text("utf-8"))
    service = compose["services"]["socialpulse"]
    assert (REPO / "deploy" / service["build"]["dockerfile"].split("/")[-1]).is_file()
    assert any(v.startswith("./workspace.example.yaml") for v in service["volumes"])
    unit = (REPO / "deploy" / "socialpulse.service").read_text(encoding="utf-8")
    assert "ExecStart=/opt/socialpulse/.venv/bin/socialpulse run" in unit


def test_image_steps_install_and_run_from_a_plain_install(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    steps = instructions()
    env_vars: dict[str, str] = {}
    for word, rest in steps:
        if word == "COPY":
            *sources, _target = shlex.split(rest)
            for source in sources:
                origin = REPO / source
                if origin.is_dir():
                    shutil.copytree(
                        origin, app / source, ignore=shutil.ignore_patterns("__pycache__")
                    )
                else:
                    shutil.copy(origin, app / source)
        if word == "ENV":
            for pair in shlex.split(rest):
                name, _, value = pair.partition("=")
                env_vars[name] = value
    runs = [rest for word, rest in steps if word == "RUN" and rest.startswith("pip ")]
    assert runs == ["pip install ."]
    venv.EnvBuilder(with_pip=True).create(tmp_path / "venv")
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "."],
        cwd=app,
        check=True,
        timeout=HANG_GUARD_S,
    )
    data = tmp_path / "data"
    port = free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SOCIALPULSE_", "SLACK_", "TELEGRAM_"))
        },
        **env_vars,
        "SOCIALPULSE_WORKSPACE": str(app / "samples" / "workspace.yaml"),
        "SOCIALPULSE_DB_PATH": str(data / "socialpulse.db"),
        "SOCIALPULSE_OUTBOX_PATH": str(data / "outbox.jsonl"),
        "SOCIALPULSE_CHART_DIR": str(data / "charts"),
        "SOCIALPULSE_HTTP_HOST": "127.0.0.1",
        "SOCIALPULSE_HTTP_PORT": str(port),
    }
    cli = tmp_path / "venv" / "bin" / "socialpulse"
    entry = json.loads(next(rest for word, rest in steps if word == "ENTRYPOINT"))
    command = json.loads(next(rest for word, rest in steps if word == "CMD"))
    assert entry == ["socialpulse"] and command == ["run"]
    check = subprocess.run(
        [str(cli), "check-config"],
        cwd=app,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )
    assert check.returncode == 0, check.stderr
    with (tmp_path / "run.log").open("wb") as log:
        proc = subprocess.Popen([str(cli), *command], cwd=app, env=env, stdout=log, stderr=log)
    try:
        health = next(rest for word, rest in steps if word == "HEALTHCHECK")
        probe = json.loads(health.split("CMD", 1)[1].strip())
        probe = [part.replace("9108", str(port)) for part in probe]
        probe[0] = str(python)
        deadline = time.monotonic() + HANG_GUARD_S
        while True:
            result = subprocess.run(probe, capture_output=True, timeout=HANG_GUARD_S)
            if result.returncode == 0:
                break
            assert proc.poll() is None, (tmp_path / "run.log").read_text("utf-8", "replace")
            assert time.monotonic() < deadline, "the health check never passed"
            time.sleep(0.5)
    finally:
        proc.terminate()
        assert proc.wait(timeout=HANG_GUARD_S) == 0
    assert (data / "socialpulse.db").is_file()
