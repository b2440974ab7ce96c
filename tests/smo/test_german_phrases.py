"""The shared German phrases decline the topic for the preposition that governs it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.smo.template_library import default_templates_dir
from bot.templating import template_environment

MACROS = template_environment(default_templates_dir()).from_string(
    '{% import "de/_phrases.j2" as p %}'
    "mit {{ p.topic(c, sie) }} / um {{ p.topic(c, sie, akk=true) }}"
)


@pytest.mark.parametrize(
    ("topic", "sie", "expected"),
    [
        ("order", False, "mit deiner Bestellung / um deine Bestellung"),
        ("account", False, "mit deinem Konto / um dein Konto"),
        (None, False, "mit deinem Anliegen / um dein Anliegen"),
        (None, True, "mit Ihrem Anliegen / um Ihr Anliegen"),
        ("refund", True, "mit Ihrer Rückerstattung / um Ihre Rückerstattung"),
    ],
)
def test_topic_takes_the_dative_after_mit_and_the_accusative_after_um(
    topic: str | None, sie: bool, expected: str
) -> None:
    assert MACROS.render(c=SimpleNamespace(topic=topic), sie=sie) == expected
