"""Brands and the engine fixture that several drafting test modules set up alike."""

# What several drafting test modules set up alike: the made-up brands they draft for (each with
# the handle its comments on X mention it by), and a module's ``engine`` fixture.

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from bot.smo.brand import BrandProfile
from bot.smo.drafting import default_templates_dir
from bot.smo.engine import EngagementEngine

__all__ = [
    "BRIGHTWAVE",
    "CRUSTWORKS",
    "HOLLOW_OAK",
    "LOOPCAST",
    "NORTHLINE",
    "OAKVAULT",
    "PEPPER_POT",
    "PIXELNOTE",
    "SKYLARK_AIR",
    "ZOOMCAB",
    "engine_fixture",
]

BRIGHTWAVE = BrandProfile(id="cell", name="Brightwave", industry="telco", handles={"x": "bwave"})
CRUSTWORKS = BrandProfile(
    id="pie", name="Crustworks", industry="restaurant", handles={"x": "crustworks"}
)
HOLLOW_OAK = BrandProfile(
    id="shop", name="Hollow Oak", industry="retail", handles={"x": "hollowoak"}
)
LOOPCAST = BrandProfile(id="tune", name="Loopcast", industry="software", handles={"x": "loopcast"})
NORTHLINE = BrandProfile(id="rail", name="Northline", industry="travel", handles={"x": "northline"})
OAKVAULT = BrandProfile(id="bank", name="Oakvault", industry="finance", handles={"x": "oakvault"})
PEPPER_POT = BrandProfile(
    id="diner", name="Pepper Pot", industry="restaurant", handles={"x": "pepper"}
)
PIXELNOTE = BrandProfile(
    id="notes", name="Pixelnote", industry="software", handles={"x": "pixelnote"}
)
SKYLARK_AIR = BrandProfile(
    id="wings", name="Skylark Air", industry="travel", handles={"x": "skylark"}
)
ZOOMCAB = BrandProfile(id="cab", name="Zoomcab", industry="travel", handles={"x": "zoomcab"})


def engine_fixture(brands: Iterable[BrandProfile], **options: Any) -> Any:
    """A module's ``engine`` fixture: one engine for ``brands`` with the shipped templates (and
    ``options``, such as ``briefs=True``), built once for the module's tests, whose memories
    they share as the bot's comments do."""
    chosen = list(brands)

    @pytest.fixture(scope="module", name="engine")
    def engine() -> EngagementEngine:
        return EngagementEngine(chosen, default_templates_dir(), **options)

    return engine
