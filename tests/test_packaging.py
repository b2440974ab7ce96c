"""socialpulse built as a wheel and installed like any package: it runs without the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

HANG_GUARD_S = 900.0
# What a build needs, as the image's build context has it (deploy/Dockerfile).
BUILD_SOURCES = ("pyproject.toml", "README.md", "bot", "handlers", "templates", "samples")
# Top-level folders and where the wheel carries them.
SHIPPED_AS = {
    "bot": "bot",
    "handlers": "handlers",
    "templates": "bot/templates",
    "samples": "bot/samples_data",
}


def clean_env() -> dict[str, str]:
    """The environment without socialpulse settings or a path back to the checkout."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SOCIALPULSE_", "SLACK_", "TELEGRAM_", "PYTHON"))
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from a copy of the sources (a build in place leaves build/ behind)."""
    work = tmp_path_factory.mktemp("build")
    source = work / "source"
    for name in BUILD_SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy(origin, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(work / "dist"),
            str(source),
        ],
        check=True,
        env=clean_env(),
        timeout=HANG_GUARD_S,
    )
    (built,) = (work / "dist").glob("socialpulse-*.whl")
    return built


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs the git checkout to know which files are the project's")
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--", *SHIPPED_AS],
        cwd=REPO,
        capture_output=True,
        check=True,
        timeout=HANG_GUARD_S,
    ).stdout.decode()
    return [name for name in listing.split("\0") if name]


def test_the_wheel_carries_every_module_template_sample_and_data_file(wheel: Path) -> None:
    # Code and data in bot/ and handlers/ (migrations, column tables), the templates and the
    # samples the demo replays; a subpackage or data file missing from pyproject.toml shows here.
    expected = set()
    for name in tracked_files():
        top, _, rest = name.partition("/")
        if top in ("bot", "handlers") and name.endswith(".md"):
            continue
        expected.add(f"{SHIPPED_AS[top]}/{rest}")
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    assert sorted(expected - shipped) == []
    assert "bot/templates/console/draft.j2" in shipped
    assert "bot/samples_data/workspace.yaml" in shipped


def install(wheel: Path, prefix: Path) -> Path:
    """A fresh environment with the wheel installed (not editable); returns its bin folder.

    The dependencies are the test run's own: a .pth file adds its site-packages after the new
    environment's, so only socialpulse itself comes from the wheel.
    """
    venv.EnvBuilder(with_pip=False).create(prefix)
    python = prefix / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=HANG_GUARD_S,
    ).stdout.strip()
    shared = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site_packages, "shared-dependencies.pth").write_text("\n".join(sorted(shared)) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        env=clean_env(),
        timeout=HANG_GUARD_S,
    )
    return prefix / "bin"


def test_an_installed_socialpulse_runs_the_demo_from_any_folder(
    wheel: Path, tmp_path: Path
) -> None:
    bin_dir = install(wheel, tmp_path / "venv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import bot; print(bot.__file__)"],
        cwd=elsewhere,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=HANG_GUARD_S,
    ).stdout
    assert Path(where.strip()).is_relative_to(tmp_path / "venv"), where

    demo = subprocess.run(
        [str(bin_dir / "socialpulse"), "demo", "--show", "2", "--dir", str(tmp_path / "demo")],
        cwd=elsewhere,
        env={**clean_env(), "COLUMNS": "120"},
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "the 2 most urgent of the drafts waiting for review" in demo.stdout
    assert demo.stdout.count("draft → console") == 2
    assert "the morning stand-up for console" in demo.stdout
    # The reviewer's approval was published from the samples' workspace.
    published = (tmp_path / "demo" / "demo-outbox.jsonl").read_text(encoding="utf-8")
    assert published.count("\n") == 1
    assert sorted(p.name for p in elsewhere.iterdir()) == []


# Drafts a reply to two comments and renders their review requests for each chat; prints where
# the templates were found and everything rendered, as JSON.
RENDER_SCRIPT = """
import json
from datetime import UTC, datetime, timedelta

from bot.bundled import sample_workspace, templates_dir
from bot.models import Comment
from bot.notices import Notice
from bot.rendering import Renderer
from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine
from bot.review_message import review_context
from bot.config.loading import load_workspace
from handlers.console import ConsoleChannel
from handlers.slack.messages import Messages, slack_renderer
from handlers.telegram.channel import telegram_renderer
from handlers.telegram.formatting import escape

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
brand = BrandProfile(id="alpenglow", name="Alpenglow")
engine = EngagementEngine([brand], default_templates_dir())
texts = ["My order never arrived and nobody answers <b>emails</b>!", "Love the jacket, fits!"]
comments = [
    Comment(id=f"c{n}", platform="instagram", brand="alpenglow", post_id="p1",
            author=f"fan{n}", text=text, created_at=NOW - timedelta(hours=2))
    for n, text in enumerate(texts)
]
workspace = load_workspace(sample_workspace())
out = {"templates": str(templates_dir()), "drafts": [], "console": [], "slack": [], "telegram": []}
for n, item in enumerate(engine.run(comments, NOW), start=1):
    out["drafts"].append(item.draft.text)
    data = review_context(item.comment, item.analysis, item.draft, n)
    data = json.loads(json.dumps(data, default=str))
    notice = Notice("draft", "console", str(n), f"draft:{n}", data)
    out["console"].append(ConsoleChannel(Renderer()).render(notice))
    blocks = Messages(slack_renderer(), workspace).notice(notice).blocks
    out["slack"].append([block.to_dict() for block in blocks])
    context = {**data, "brand_name": brand.name}
    out["telegram"].append(telegram_renderer().render("telegram/draft.j2", context, escape))
print(json.dumps(out, ensure_ascii=False))
"""


def rendered_by(python: Path, cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    run = subprocess.run(
        [str(python), "-c", RENDER_SCRIPT],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    found: dict[str, Any] = json.loads(run.stdout)
    return found


def test_an_installed_socialpulse_drafts_and_renders_chat_messages_as_the_checkout_does(
    wheel: Path, tmp_path: Path
) -> None:
    # Outside the repository, with only the installed socialpulse importable (its dependencies
    # come from the test run's environment), the reply templates and the chat templates are
    # the copies inside the package, and what they render is the checkout's, byte for byte.
    bin_dir = install(wheel, tmp_path / "venv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    installed = rendered_by(bin_dir / "python", elsewhere, clean_env())
    checkout = rendered_by(Path(sys.executable), REPO, clean_env())

    shipped = Path(installed.pop("templates"))
    assert shipped.is_relative_to(tmp_path / "venv") and shipped.parts[-2:] == ("bot", "templates")
    assert Path(checkout.pop("templates")) == REPO / "templates"
    assert installed == checkout
    assert len(installed["drafts"]) == 2 and all(installed["drafts"])
    assert "Suggested reply" in installed["console"][0]
    assert installed["drafts"][0] in installed["console"][0]
    assert "&lt;b&gt;emails&lt;/b&gt;" in installed["telegram"][0]
    assert sorted(p.name for p in elsewhere.iterdir()) == []
