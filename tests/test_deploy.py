"""The container image's steps, done in a fresh virtual environment instead of Docker."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
import venv
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.cli import main
from bot.config.loading import load_workspace
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
    service = compose_service()
    assert (REPO / "deploy" / service["build"]["dockerfile"].split("/")[-1]).is_file()
    unit = (REPO / "deploy" / "socialpulse.service").read_text(encoding="utf-8")
    assert "ExecStart=/opt/socialpulse/.venv/bin/socialpulse run" in unit


@pytest.mark.slow
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
    assert pip_runs == [
        "pip install -r constraints.txt",
        "pip install --no-deps --no-build-isolation . && pip check",
    ]
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
        "deploy/feeds/comments.jsonl",
        "deploy/exports/meta-alpenglow-meta-2026-11.csv",
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


@pytest.mark.slow
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
    # Built with the pinned setuptools from that layer, not the newest an isolated build fetches.
    assert later == ["pip install --no-deps --no-build-isolation . && pip check"]


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


def test_the_pins_cover_the_build_backend() -> None:
    # An image built next month builds socialpulse with the same setuptools as this one.
    pins = {
        canonicalize_name(name): Version(version)
        for name, _, version in (
            line.partition("==")
            for line in (REPO / "deploy" / "constraints.txt").read_text("utf-8").splitlines()
            if line and not line.startswith("#")
        )
    }
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    for dependency in map(Requirement, pyproject["build-system"]["requires"]):
        name = canonicalize_name(dependency.name)
        assert name in pins, f"build requirement {dependency} is not pinned"
        assert pins[name] in dependency.specifier, f"{name}=={pins[name]} breaks {dependency}"


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


# --- docker compose: what `up` starts, with the container's folders laid out under tmp --------

COMPOSE = REPO / "deploy" / "docker-compose.yml"
TOKENS = ("SLACK_", "TELEGRAM_", "SOCIALPULSE_")


def compose_service() -> dict[str, Any]:
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return dict(compose["services"]["socialpulse"])


@dataclass(frozen=True)
class Mount:
    source: str
    target: str
    read_only: bool

    @property
    def named(self) -> bool:
        """A named volume (Docker's own storage) rather than a folder or file of the host."""
        return not self.source.startswith((".", "/"))

    def holds(self, inside: PurePosixPath) -> bool:
        return inside == PurePosixPath(self.target) or inside.is_relative_to(self.target)


def mounts(service: dict[str, Any]) -> list[Mount]:
    found = []
    for volume in service["volumes"]:
        source, target, *options = volume.split(":")
        found.append(Mount(source, target, "ro" in options))
    return found


def container_environment(service: dict[str, Any]) -> dict[str, str]:
    """The image's ENV with the compose file's environment over it (no .env: it is optional)."""
    env: dict[str, str] = {}
    for word, rest in instructions():
        if word == "ENV":
            env.update(pair.split("=", 1) for pair in shlex.split(rest))
    given = service.get("environment", {})
    if isinstance(given, list):
        given = dict(item.split("=", 1) for item in given)
    env.update({name: str(value) for name, value in given.items()})
    return env


class Container:
    """The container's file system as compose sets it up, under `root`/container.

    The host's side of the bind mounts is `root`/host (the compose file's folder): a mounted
    folder is a link to its folder there, made on the first start as Docker does; a mounted
    file is copied in; a named volume starts empty.
    """

    def __init__(self, root: Path, service: dict[str, Any]) -> None:
        self.root = root / "container"
        self.host_side = root / "host"
        self.mounts = mounts(service)
        for mount in self.mounts:
            here = self.host(mount.target)
            here.parent.mkdir(parents=True, exist_ok=True)
            source = COMPOSE.parent / mount.source
            if mount.named:
                here.mkdir()
            elif source.is_file():
                shutil.copy(source, here)
            else:
                there = self.host_side / mount.source
                there.mkdir(parents=True, exist_ok=True)
                here.symlink_to(there, target_is_directory=True)

    def host(self, inside: str) -> Path:
        """Where the container's path `inside` is laid out here."""
        return self.root / inside.lstrip("/")

    def inside(self, laid_out: Path) -> PurePosixPath:
        relative = Path(os.path.abspath(laid_out)).relative_to(os.path.abspath(self.root))
        return PurePosixPath("/") / relative.as_posix()

    def mount_of(self, laid_out: Path) -> Mount | None:
        holding = [m for m in self.mounts if m.holds(self.inside(laid_out))]
        return max(holding, key=lambda m: len(m.target)) if holding else None

    def on_host(self, laid_out: Path) -> Path:
        """The file on the host side of the bind mount that holds a container path."""
        mount = self.mount_of(laid_out)
        assert mount is not None and not mount.named, f"{self.inside(laid_out)} is not mounted"
        return self.host_side / mount.source / self.inside(laid_out).relative_to(mount.target)

    def environment(self, service: dict[str, Any], port: int) -> dict[str, str]:
        """The container's environment with its paths mapped here; health on loopback."""
        env = {
            name: str(self.host(value)) if value.startswith("/") else value
            for name, value in container_environment(service).items()
        }
        env.update(SOCIALPULSE_HTTP_HOST="127.0.0.1", SOCIALPULSE_HTTP_PORT=str(port))
        return env


def host_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(TOKENS)}


@pytest.mark.parametrize(
    "workspace",
    [
        None,
        # The compose file says to mount a copy of the example here to go live on Slack or
        # Telegram: its feed paths must land in the same mounted folders.
        REPO / "deploy" / "workspace.example.yaml",
    ],
)
def test_every_path_the_service_reads_or_writes_is_on_a_mounted_volume(
    tmp_path: Path, workspace: Path | None
) -> None:
    service = compose_service()
    container = Container(tmp_path, service)
    env = container.environment(service, 9108)
    workspace_file = Path(env["SOCIALPULSE_WORKSPACE"])
    assert container.mount_of(workspace_file) is not None, "the workspace is not mounted"
    if workspace is not None:
        shutil.copy(workspace, workspace_file)
    loaded = load_workspace(workspace_file)
    read = [watched.path for watched in loaded.feeds.watch]
    assert read and loaded.feeds.drop_folder is not None
    for path in [*read, loaded.feeds.drop_folder]:
        mount = container.mount_of(path)
        assert mount is not None and not mount.named, f"{container.inside(path)} is not mounted"
        assert (COMPOSE.parent / mount.source).resolve().is_relative_to(COMPOSE.parent)
    for variable in ("SOCIALPULSE_DB_PATH", "SOCIALPULSE_OUTBOX_PATH", "SOCIALPULSE_CHART_DIR"):
        mount = container.mount_of(Path(env[variable]))
        assert mount is not None and mount.named and not mount.read_only, variable


def test_the_service_needs_no_env_file_and_no_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = compose_service()
    # Compose refuses to start when a required env_file is missing (the short form is required).
    given = service.get("env_file", [])
    for entry in [given] if isinstance(given, str) else given:
        assert isinstance(entry, dict) and entry.get("required") is False, entry
    container = Container(tmp_path, service)
    loaded = load_workspace(Path(container.environment(service, 9108)["SOCIALPULSE_WORKSPACE"]))
    assert {receiver.kind for receiver in loaded.receivers} == {"console"}
    for name in os.environ:
        if name.startswith(TOKENS):
            monkeypatch.delenv(name)
    for name, value in container.environment(service, 9108).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    assert main(["--env-file", str(tmp_path / "no.env"), "check-config"]) == 0


# Records from the mounted feed folder and from the mounted drop folder.
KINDS = ("comments", "ad_metrics")


def metric(text: str, name: str, kind: str) -> float:
    found = re.search(rf'^{name}{{kind="{kind}"}} (\S+)$', text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


@pytest.mark.slow
def test_the_service_starts_on_the_console_and_reads_its_mounted_folders(tmp_path: Path) -> None:
    # The container's command, run here with the compose file's environment and volumes.
    service = compose_service()
    assert "command" not in service and "entrypoint" not in service
    steps = instructions()
    assert json.loads(next(rest for word, rest in steps if word == "ENTRYPOINT")) == ["socialpulse"]
    command = json.loads(next(rest for word, rest in steps if word == "CMD"))
    container = Container(tmp_path, service)
    port = free_port()
    env = {**host_environment(), **container.environment(service, port), "PYTHONPATH": str(REPO)}
    # What the team puts on the host, into the folders the compose file mounts.
    loaded = load_workspace(Path(env["SOCIALPULSE_WORKSPACE"]))
    feed = next(watched.path for watched in loaded.feeds.watch if watched.kind == "comments")
    assert loaded.feeds.drop_folder is not None
    comments = (REPO / "samples" / "comments.jsonl").read_text(encoding="utf-8").splitlines()
    container.on_host(feed).write_text("\n".join(comments[:40]) + "\n", encoding="utf-8")
    export = REPO / "samples" / "exports" / "meta-alpenglow-meta-2026-11.csv"
    shutil.copy(export, container.on_host(loaded.feeds.drop_folder) / export.name)
    cwd = tmp_path / "app"
    cwd.mkdir()
    with (tmp_path / "run.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", *command], cwd=cwd, env=env, stdout=log, stderr=log
        )
    try:
        deadline = time.monotonic() + HANG_GUARD_S
        while True:
            assert proc.poll() is None, log_text(tmp_path)
            assert time.monotonic() < deadline, "the service never became healthy"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    healthy = r.status == 200
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                    page = r.read().decode()
            except OSError:
                healthy, page = False, ""
            counts = [metric(page, "socialpulse_records_ingested_total", k) for k in KINDS]
            if healthy and all(counts):
                break
            time.sleep(0.5)
        # A review request is in the log; the team decides it with `docker compose exec`.
        asked = re.search(r"socialpulse drafts approve (\d+)", log_text(tmp_path))
        assert asked, log_text(tmp_path)
        decide = [sys.executable, "-m", "bot", "drafts", "approve", asked.group(1)]
        decided = subprocess.run(
            decide, cwd=cwd, env=env, capture_output=True, text=True, timeout=HANG_GUARD_S
        )
        assert decided.returncode == 0, decided.stdout + decided.stderr
        outbox = Path(env["SOCIALPULSE_OUTBOX_PATH"])
        while not (outbox.is_file() and outbox.read_text(encoding="utf-8").strip()):
            assert proc.poll() is None, log_text(tmp_path)
            assert time.monotonic() < deadline, "the approved reply was never published"
            time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=HANG_GUARD_S) == 0
    assert Path(env["SOCIALPULSE_DB_PATH"]).is_file()


def log_text(folder: Path) -> str:
    return (folder / "run.log").read_text("utf-8", "replace")
