"""Messages and replies render in one Jinja2 setup, from the one templates folder."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from bot.bundled import templates_dir
from bot.rendering import Renderer
from bot.smo.drafting import TemplateLibrary, default_templates_dir
from bot.templating import COMPILED_KEPT, CompiledTemplates, template_environment
from tests.conftest import REPO

# Where a Jinja2 environment or loader is made; only the factory may do it.
_MADE_HERE = re.compile(r"\b(Environment|FileSystemLoader|PackageLoader|ChoiceLoader)\(")


def test_only_the_factory_makes_a_jinja_environment() -> None:
    makers = sorted(
        str(path.relative_to(REPO))
        for folder in ("bot", "handlers")
        for path in (REPO / folder).rglob("*.py")
        if _MADE_HERE.search(path.read_text(encoding="utf-8"))
    )
    assert makers == ["bot/templating.py"]


def test_messages_and_replies_use_the_same_rules_and_the_same_folder() -> None:
    messages = Renderer().env
    replies = TemplateLibrary(default_templates_dir())._env
    made = template_environment()
    for env in (messages, replies):
        assert env.undefined is jinja2.StrictUndefined
        assert (env.autoescape, env.trim_blocks, env.lstrip_blocks) == (False, True, True)
        assert env.keep_trailing_newline is False
        assert set(made.filters) <= set(env.filters)
    assert isinstance(made.loader, jinja2.FileSystemLoader)
    assert [Path(p) for p in made.loader.searchpath] == [templates_dir()]
    assert default_templates_dir() == templates_dir() / "replies"
    # In a checkout the templates are the ones at the top of the repository.
    assert templates_dir() == REPO / "templates"


def test_a_value_a_template_does_not_get_is_an_error_in_both(tmp_path: Path) -> None:
    replies, messages = tmp_path / "replies", tmp_path / "messages"
    (replies / "en").mkdir(parents=True)
    (replies / "en" / "praise.j2").write_text("{% macro v1(c) %}Hi {{ c.nobody }}{% endmacro %}")
    messages.mkdir()
    (messages / "note.j2").write_text("Hi {{ nobody }}")
    library = TemplateLibrary(replies)
    with pytest.raises(jinja2.UndefinedError):
        library.render("en/praise.j2", object())  # type: ignore[arg-type]
    with pytest.raises(jinja2.UndefinedError):
        Renderer(messages).render("note.j2", {}, str)


def test_filters_are_given_to_the_environment_they_are_asked_for() -> None:
    env = template_environment(filters={"shout": str.upper})
    assert env.from_string("{{ 'hi' | shout }}").render() == "HI"
    assert "shout" not in template_environment().filters


def test_a_template_is_compiled_once_for_its_filters_and_anew_once_edited(
    tmp_path: Path,
) -> None:
    (tmp_path / "note.j2").write_text("{{ 'hi' | shout }} {{ name }}")
    first = template_environment(tmp_path, {"shout": str.upper}).get_template("note.j2")
    # A second environment with the same filters (a second engine) reuses the compiled code.
    again = template_environment(tmp_path, {"shout": str.upper}).get_template("note.j2")
    assert again.root_render_func.__code__ is first.root_render_func.__code__
    # Jinja2 folds 'hi' | shout when it compiles: other filters need code of their own.
    other = template_environment(tmp_path, {"shout": str.title}).get_template("note.j2")
    assert other.root_render_func.__code__ is not first.root_render_func.__code__
    rendered = [t.render(name="Ann") for t in (first, again, other)]
    assert rendered == ["HI Ann", "HI Ann", "Hi Ann"]
    (tmp_path / "note.j2").write_text("{{ name }}, {{ 'bye' | shout }}")
    edited = template_environment(tmp_path, {"shout": str.upper}).get_template("note.j2")
    assert edited.render(name="Ann") == "Ann, BYE"


def _environment(folder: Path, kept: CompiledTemplates) -> jinja2.Environment:
    """An environment as the factory makes it, over a cache of the test's own size."""
    env = template_environment(folder)
    env.bytecode_cache = kept
    return env


def test_compiled_templates_are_bounded_the_least_recently_used_going_first(
    tmp_path: Path,
) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.j2").write_text(f"{name} {{{{ x }}}}")
    kept = CompiledTemplates(maxsize=2)

    def code(name: str) -> object:
        # A new environment each time, as a new engine makes: only the cache is shared.
        template = _environment(tmp_path, kept).get_template(f"{name}.j2")
        assert template.render(x=1) == f"{name} 1"
        return template.root_render_func.__code__

    a, b = code("a"), code("b")
    assert len(kept) == 2
    assert code("a") is a  # a hit: "a" is now the most recently used, "b" the least
    c = code("c")
    assert len(kept) == 2
    assert code("a") is a and code("c") is c
    assert code("b") is not b  # evicted, so compiled anew (and "a" goes in its turn)
    assert len(kept) == 2
    assert code("c") is c


def test_the_process_wide_cache_holds_every_shipped_template_and_no_more() -> None:
    shipped = sum(1 for _ in templates_dir().rglob("*.j2"))
    # Two filter sets (messages, replies) over every shipped template fit, with room.
    assert 2 * shipped <= COMPILED_KEPT
    env = template_environment()
    assert isinstance(env.bytecode_cache, CompiledTemplates)
    assert env.bytecode_cache.maxsize == COMPILED_KEPT
    assert len(env.bytecode_cache) <= COMPILED_KEPT
