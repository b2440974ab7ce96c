"""The container image's steps, done in a fresh virtual environment instead of Docker."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import time
import tomllib
import venv
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

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


def copy_into(app: Path, arguments: str) -> None:
    """What `COPY <sources…> <target>` does, from the repository root into `app`."""
    *sources, target = shlex.split(arguments)
    for source in sources:
        origin = REPO / source
        into = app / target / origin.name if target.endswith("/") else app / target
        if origin.is_dir():
            shutil.copytree(origin, into, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            into.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(origin, into)


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
    # COPY and RUN pip in the Dockerfile's order: the dependency layer is installed while the
    # source is not there yet, so it cannot depend on it.
    app = tmp_path / "app"
    app.mkdir()
    venv.EnvBuilder(with_pip=True).create(tmp_path / "venv")
    python = tmp_path / "venv" / "bin" / "python"
    steps = instructions()
    env_vars: dict[str, str] = {}
    pip_runs: list[str] = []
    for word, rest in steps:
        if word == "COPY":
            copy_into(app, rest)
        if word == "RUN" and rest.startswith("pip "):
            pip_runs.append(rest)
            for command in rest.split("&&"):
                args = shlex.split(command)
                assert args[0] == "pip", rest
                subprocess.run(
                    [str(python), "-m", "pip", "--quiet", *args[1:]],
                    cwd=app,
                    check=True,
                    timeout=HANG_GUARD_S,
                )
        if word == "ENV":
            for pair in shlex.split(rest):
                name, _, value = pair.partition("=")
                env_vars[name] = value
    assert pip_runs == ["pip install -r constraints.txt", "pip install --no-deps . && pip check"]
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


# --- what goes into the image, and in which order --------------------------------------------


def dockerignore_excludes(path: str) -> bool:
    """Whether Docker leaves `path` (relative to the context) out, by .dockerignore's rules.

    As Docker reads it: `**` spans folders, `*` and `?` stay within one, a pattern that
    matches a folder excludes what is in it, `!` makes an exception, the last match wins.
    """
    excluded = False
    text = (REPO / ".dockerignore").read_text(encoding="utf-8")
    for line in text.splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        exception = pattern.startswith("!")
        pattern = pattern.removeprefix("!").strip("/")
        regex = re.compile(_glob_to_regex(pattern))
        parts = path.split("/")
        prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            excluded = not exception
    return excluded


def _glob_to_regex(pattern: str) -> str:
    regex, index = "", 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            regex, index = regex + "(?:.*/)?", index + 3
        elif pattern.startswith("**", index):
            regex, index = regex + ".*", index + 2
        elif pattern[index] == "*":
            regex, index = regex + "[^/]*", index + 1
        elif pattern[index] == "?":
            regex, index = regex + "[^/]", index + 1
        elif pattern[index] == "[":
            end = pattern.index("]", index)
            regex, index = regex + pattern[index : end + 1], end + 1
        else:
            regex, index = regex + re.escape(pattern[index]), index + 1
    return regex


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        "deploy/.env",
        ".venv",
        ".venv/lib/python3.11/site-packages/numpy/__init__.py",
        "data",
        "data/socialpulse.db",
        "data/outbox.jsonl",
        "socialpulse.db",
        "samples/socialpulse.db-wal",
        "node_modules/telegram-test-api/package.json",
        ".git/HEAD",
        "bot/__pycache__/app.cpython-311.pyc",
        ".pytest_cache/v/cache/lastfailed",
        "tests/test_deploy.py",
    ],
)
def test_the_build_context_leaves_out_secrets_environments_and_data(path: str) -> None:
    assert dockerignore_excludes(path)


def test_everything_the_image_copies_is_in_the_build_context() -> None:
    sources = [
        source
        for word, rest in instructions()
        if word == "COPY"
        for source in shlex.split(rest)[:-1]
    ]
    files = [
        path.relative_to(REPO).as_posix()
        for source in sources
        for path in ([REPO / source] if (REPO / source).is_file() else (REPO / source).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert "deploy/constraints.txt" in files and "bot/app.py" in files
    assert [path for path in files if dockerignore_excludes(path)] == []


def test_dependencies_are_installed_from_the_pins_before_the_source_is_copied() -> None:
    steps = instructions()
    install = steps.index(("RUN", "pip install -r constraints.txt"))
    copied_before = [
        source
        for word, rest in steps[:install]
        if word == "COPY"
        for source in shlex.split(rest)[:-1]
    ]
    # Only the pins: a change to the code or to pyproject's tool settings keeps the layer.
    assert copied_before == ["deploy/constraints.txt"]
    assert install < steps.index(("COPY", "bot ./bot"))
    later = [rest for word, rest in steps[install + 1 :] if word == "RUN"]
    assert later == ["pip install --no-deps . && pip check"]


def test_the_pins_cover_every_runtime_dependency_and_no_dev_tool() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    text = (REPO / "deploy" / "constraints.txt").read_text(encoding="utf-8")
    pins: dict[str, Version] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned: {line}"
            pins[canonicalize_name(name)] = Version(version)

    for dependency in map(Requirement, project["dependencies"]):
        name = canonicalize_name(dependency.name)
        assert name in pins, f"{dependency} is not pinned in deploy/constraints.txt"
        assert pins[name] in dependency.specifier, f"{name}=={pins[name]} breaks {dependency}"
    for tool in map(Requirement, project["optional-dependencies"]["dev"]):
        assert canonicalize_name(tool.name) not in pins, f"dev tool {tool.name} is pinned"


def test_the_host_install_has_no_dev_tools() -> None:
    unit = (REPO / "deploy" / "socialpulse.service").read_text(encoding="utf-8")
    assert "make install" in unit
    assert "[dev]" not in unit and "installed-stamp" not in unit
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    plan = subprocess.run(
        ["make", "--dry-run", "install"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=HANG_GUARD_S,
    ).stdout
    assert "pip install --quiet -c deploy/constraints.txt ." in plan
    assert "[dev]" not in plan and " -e " not in plan
