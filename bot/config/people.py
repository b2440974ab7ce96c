"""The team: who people are on each platform, and who may do what for which brand."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal

from pydantic import Field, model_validator

from bot.config.fields import Section, SlackGroup, SlackUser, Text

__all__ = ["ROLES", "Person", "may_approve", "people_for", "person_for"]

ROLES: tuple[str, ...] = ("viewer", "approver", "admin")


class Person(Section):
    """Someone on the team, how to recognise them on each platform, and what they may do."""

    name: Text
    slack: SlackUser | None = None
    slack_groups: tuple[SlackGroup, ...] = ()
    telegram: int | None = Field(default=None, gt=0)
    console: str | None = None
    role: Literal["viewer", "approver", "admin"] = "viewer"
    brands: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _has_identity(self) -> Person:
        if not (self.slack or self.slack_groups or self.telegram or self.console):
            raise ValueError("give at least one of slack, slack_groups, telegram or console")
        return self

    def covers(self, brand_id: str) -> bool:
        """True when this person's role applies to the brand (no brands listed = all)."""
        return not self.brands or brand_id in self.brands

    def may_approve(self, brand_id: str | None) -> bool:
        """True for approvers and admins of this brand; of any brand when `brand_id` is None
        (an alert that names no brand)."""
        return self.role in ("approver", "admin") and (brand_id is None or self.covers(brand_id))

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def people_for(
    people: Sequence[Person], platform: str, user_id: str | int, groups: Collection[str] = ()
) -> list[Person]:
    """Every entry that names this user, directly or (Slack) through a user group."""
    user = str(user_id)
    in_groups = set(groups)
    return [
        person
        for person in people
        if _names_directly(person, platform, user)
        or (platform == "slack" and not in_groups.isdisjoint(person.slack_groups))
    ]


def person_for(
    people: Sequence[Person], platform: str, user_id: str | int, groups: Collection[str] = ()
) -> Person | None:
    """The entry for this user: a direct match first, else the highest role via a group."""
    found = people_for(people, platform, user_id, groups)
    if not found:
        return None
    direct = [person for person in found if _names_directly(person, platform, str(user_id))]
    if direct:
        return direct[0]
    return max(found, key=lambda person: ROLES.index(person.role))


def may_approve(
    people: Sequence[Person],
    platform: str,
    user_id: str | int,
    brand_id: str | None,
    groups: Collection[str] = (),
) -> bool:
    """True when any entry for this user lets them approve for the brand (for any brand when
    `brand_id` is None).

    With no `people` configured the local console operator may approve everything (the
    out-of-the-box demo); on chat platforms nobody unknown ever may.
    """
    if not people and platform == "console":
        return True
    return any(p.may_approve(brand_id) for p in people_for(people, platform, user_id, groups))


def _names_directly(person: Person, platform: str, user: str) -> bool:
    if platform == "slack":
        return person.slack == user
    if platform == "telegram":
        return person.telegram is not None and str(person.telegram) == user
    return platform == "console" and person.console == user
