"""Records read from feeds and the events the engines produce, as plain typed values."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from bot.fingerprint import fingerprint

if TYPE_CHECKING:
    from bot.notices import Notice
    from bot.smo.llm.brief import DraftBrief

__all__ = [
    "AD_PLATFORMS",
    "DRAFT_TRANSITIONS",
    "FINGERPRINT_MATCHER",
    "MAX_COUNT",
    "PLATFORMS",
    "UNTIL_RESOLVED",
    "AdMetricRow",
    "Alert",
    "AlertNotFound",
    "AlertRecord",
    "AlertState",
    "Analysis",
    "ChangeCounts",
    "Checkpoint",
    "Comment",
    "CommentChange",
    "CommentFact",
    "Draft",
    "DraftStatus",
    "Engagement",
    "Evidence",
    "FeedKind",
    "FeedRecord",
    "Granularity",
    "GroupNotice",
    "IngestCounts",
    "Logged",
    "Mark",
    "OpenAlert",
    "OrganicPost",
    "PostFact",
    "ProfileSnapshot",
    "QuarantineGroup",
    "QuarantineTally",
    "Quarantined",
    "Rejected",
    "Silence",
    "Suggestion",
    "SummaryKind",
    "Transition",
    "Verb",
    "WaitingDraft",
]

PLATFORMS: tuple[str, ...] = ("instagram", "facebook", "x", "youtube", "tiktok", "linkedin")
AD_PLATFORMS: tuple[str, ...] = ("meta", "google", "tiktok", "linkedin", "x")

# The largest whole number the store can hold (SQLite INTEGER); larger counts are bad input.
MAX_COUNT = 2**63 - 1

FeedKind = Literal["comments", "posts", "profiles", "ad_metrics"]
Granularity = Literal["day", "hour"]


@dataclass(frozen=True, slots=True)
class Comment:
    """A public comment on one of the brand's posts."""

    id: str
    platform: str
    brand: str
    post_id: str
    author: str
    text: str
    created_at: datetime
    parent_id: str | None = None
    author_followers: int = 0
    url: str | None = None
    lang: str | None = None

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.id}"


@dataclass(frozen=True, slots=True)
class OrganicPost:
    """One organic post on a brand profile with its latest metrics."""

    id: str
    platform: str
    brand: str
    published_at: datetime
    format: str
    text: str
    hashtags: tuple[str, ...] = ()
    impressions: int = 0
    reach: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    saves: int = 0
    clicks: int = 0

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.id}"


@dataclass(frozen=True, slots=True)
class ProfileSnapshot:
    """The state of a brand profile on one platform at one moment; None marks a gap."""

    platform: str
    brand: str
    handle: str
    captured_at: datetime
    followers: int
    posts_count: int = 0
    bio: str | None = None
    link: str | None = None
    has_avatar: bool = True
    contact: str | None = None
    category: str | None = None

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.handle}:{self.captured_at.isoformat()}"


@dataclass(frozen=True, slots=True)
class AdMetricRow:
    """Delivery and results of one campaign, ad set or ad in one day or hour.

    A blank ``adset`` or ``ad`` means the row is at the level above. ``bucket`` is the
    day (``YYYY-MM-DD``) or the hour (ISO-8601 with offset, normalised to UTC).
    """

    bucket: str
    granularity: Granularity
    platform: str
    account: str
    campaign: str
    adset: str
    ad: str
    impressions: int
    clicks: int
    spend: float
    conversions: float
    revenue: float
    leads: float | None = None
    reach: int | None = None
    currency: str | None = None
    breakdown: str = ""

    @property
    def day(self) -> date:
        """The day of the row: its bucket's, or the UTC date of its hour."""
        return date.fromisoformat(self.bucket[:10])

    @property
    def key(self) -> tuple[str, str, str, str, str, str, str]:
        return (
            self.bucket,
            self.platform,
            self.account,
            self.campaign,
            self.adset,
            self.ad,
            self.breakdown,
        )


@dataclass(frozen=True, slots=True)
class Rejected:
    """A record that could not be read, kept with where it came from and why."""

    source: str
    position: int
    raw: str
    reason: str


FeedRecord = Comment | OrganicPost | ProfileSnapshot | AdMetricRow


class DraftStatus(enum.StrEnum):
    NEW = "new"
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    EDITED = "edited"
    REJECTED = "rejected"
    PUBLISHED = "published"


DRAFT_TRANSITIONS: dict[DraftStatus, frozenset[DraftStatus]] = {
    DraftStatus.NEW: frozenset({DraftStatus.PENDING_REVIEW, DraftStatus.REJECTED}),
    DraftStatus.PENDING_REVIEW: frozenset(
        {DraftStatus.APPROVED, DraftStatus.EDITED, DraftStatus.REJECTED}
    ),
    DraftStatus.APPROVED: frozenset({DraftStatus.PUBLISHED}),
    DraftStatus.EDITED: frozenset({DraftStatus.PUBLISHED}),
    DraftStatus.REJECTED: frozenset(),
    DraftStatus.PUBLISHED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a label was given: the cue that fired."""

    label: str
    cue: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the engagement engine understood of one comment."""

    comment_key: str
    sentiment: str
    sentiment_score: float
    intents: tuple[str, ...]
    priority: float
    priority_reason: str
    language: str | None = None
    evidence: tuple[Evidence, ...] = ()
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    emojis: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Draft:
    """A proposed reply (or a proposed moderation action) waiting for a person's decision."""

    comment_key: str
    brand: str
    platform: str
    text: str
    action: str = "reply"
    status: DraftStatus = DraftStatus.NEW
    note: str = ""
    id: int | None = None
    # Who wrote the text, shown to the reviewer when a language model is configured
    # ("template" or "language model (<model>)"); empty when templates are the only drafter.
    drafter: str = ""


class AlertState(enum.StrEnum):
    PENDING = "pending"
    FIRING = "firing"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A concrete optimization with its expected effect."""

    action: str
    detail: str
    expected_effect: str = ""


@dataclass(frozen=True, slots=True)
class Alert:
    """A condition the ad engine noticed; identity is the fingerprint of its labels."""

    labels: dict[str, str]
    summary: str
    severity: str = "warning"
    value: float | None = None
    baseline: float | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    suggestions: tuple[Suggestion, ...] = ()
    pending_for: timedelta = timedelta(0)
    # Once firing, stays firing this long after it was last reported (Prometheus'
    # keep_firing_for), so a condition near its threshold does not fire and clear by turns.
    keep_firing_for: timedelta = timedelta(0)
    # Labels the alert stands for without carrying them: inhibition matches on them, the
    # fingerprint does not. A campaign with one ad set is that ad set, but the ad set is not
    # part of the campaign alert's identity, which must not change when a second appears.
    implied_labels: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.labels)


# --- Alerts as the store keeps them, and what the alert manager hands back -----------------

FINGERPRINT_MATCHER = "__fingerprint__"
"""A silence matcher on one alert's fingerprint rather than on a label."""

UNTIL_RESOLVED = "9999-12-31T00:00:00+00:00"
"""The end of a snooze that lasts until its alert resolves."""


class AlertNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """An alert with its lifecycle: when it started, fired, resolved, and who acknowledged it."""

    fingerprint: str
    alertname: str
    labels: dict[str, str]
    severity: str
    summary: str
    details: dict[str, object]
    state: AlertState
    value: float | None
    baseline: float | None
    started_at: str
    firing_at: str | None
    resolved_at: str | None
    acked_by: str | None
    # When the engine last reported the alert true (its last save).
    last_seen: str | None = None

    @property
    def keep_firing_for(self) -> timedelta:
        seconds = self.details.get("keep_firing_for", 0)
        return timedelta(seconds=float(seconds) if isinstance(seconds, int | float) else 0.0)

    @property
    def implied_labels(self) -> dict[str, str]:
        implied = self.details.get("implied_labels", {})
        if not isinstance(implied, dict):
            return {}
        return {str(k): str(v) for k, v in implied.items()}


@dataclass(frozen=True, slots=True)
class Silence:
    """Mutes every alert whose labels match all `matchers` until `ends_at`."""

    id: int
    matchers: dict[str, str]
    starts_at: str
    ends_at: str
    created_by: str
    comment: str

    def mutes(self, labels: dict[str, str], fingerprint: str) -> bool:
        return all(
            (fingerprint if k == FINGERPRINT_MATCHER else labels.get(k)) == v
            for k, v in self.matchers.items()
        )


@dataclass(frozen=True, slots=True)
class Transition:
    """An alert moving to (or re-saved in) a state; `alert` is None when it resolves."""

    alert: Alert | None
    fingerprint: str
    to: AlertState


@dataclass(frozen=True, slots=True)
class Logged:
    """What a receiver was last told about a group (the notification log entry)."""

    firing: frozenset[str]
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class GroupNotice:
    """What a receiver is told about an alert group now: the notice to queue (None when only
    the notification log moves on) and the alerts the log holds as firing and resolved."""

    receiver: str
    group_key: str
    firing: frozenset[str]
    resolved: frozenset[str]
    notice: Notice | None = None


@dataclass(frozen=True, slots=True)
class Engagement:
    """The engagement engine's result for one comment: what it is and what to answer."""

    comment: Comment
    analysis: Analysis
    draft: Draft | None
    review_receiver: str | None
    # What a language-model drafter needs to rewrite ``draft`` (only when one is configured).
    brief: DraftBrief | None = None


# --- What a stand-up summary is computed from, as the store returns it ----------------------

SummaryKind = Literal["daily", "weekly"]


@dataclass(frozen=True, slots=True)
class CommentFact:
    """A comment with what the engine understood and what the team did about it."""

    key: str
    brand: str
    platform: str
    created_at: datetime
    text: str
    sentiment: str | None
    intents: tuple[str, ...]
    draft_action: str | None
    draft_status: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class PostFact:
    """An organic post's hashtags and its latest engagement."""

    brand: str
    platform: str
    published_at: datetime
    hashtags: tuple[str, ...]
    impressions: int
    engagements: int


@dataclass(frozen=True, slots=True)
class OpenAlert:
    """A firing or pending alert with its suggestions."""

    fingerprint: str
    alertname: str
    severity: str
    state: str
    labels: dict[str, str]
    summary: str
    suggestions: tuple[dict[str, str], ...]
    started_at: str
    acked_by: str | None
    # What the engine gave as evidence; the money at stake is read from it (bot.smm.money).
    evidence: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WaitingDraft:
    """A draft still waiting for review: when it was made and when its comment came in."""

    id: int
    brand: str
    created_at: datetime
    comment_created_at: datetime


@dataclass(frozen=True, slots=True)
class QuarantineGroup:
    """Records of one file quarantined for one reason; `whole_file` when nothing of it was read."""

    source: str
    reason: str
    whole_file: bool
    count: int


@dataclass(frozen=True, slots=True)
class QuarantineTally:
    """What was quarantined in a window: lines, whole files, and the groups, largest first."""

    records: int
    files: int
    groups: tuple[QuarantineGroup, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    """What was persisted for a (receiver, kind): since when it is watched, the last slot sent
    and when it was made."""

    receiver: str
    kind: SummaryKind
    tracked_since: datetime
    slot_at: datetime | None = None
    sent_at: datetime | None = None


# --- What reading the feeds is stored as, and what the store counts back -------------------


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far a feed source has been read; saved in the same transaction as its records."""

    source: str
    offset: int
    line: int
    identity: str
    header: str | None = None
    # A digest of the bytes before `offset` (bot/ingest/tail.py); None when never taken.
    fingerprint: str | None = None


@dataclass(slots=True)
class IngestCounts:
    stored: int = 0
    updated: int = 0
    duplicate: int = 0
    quarantined: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, other: IngestCounts) -> None:
        self.stored += other.stored
        self.updated += other.updated
        self.duplicate += other.duplicate
        self.quarantined += other.quarantined
        for kind, n in other.by_kind.items():
            self.by_kind[kind] = self.by_kind.get(kind, 0) + n


@dataclass(frozen=True, slots=True)
class Quarantined:
    id: int
    source: str
    position: int
    raw: str
    reason: str
    created_at: str


# What a connector says happened to a comment.
Verb = Literal["add", "edited", "remove"]


@dataclass(frozen=True, slots=True)
class CommentChange:
    """One thing a platform said about one comment. An add or an edit carries the whole
    comment (an edit that arrives before its add stores it); a removal needs only the key.
    ``changed_at`` is when the platform says it happened (for an add: when it was written)."""

    verb: Verb
    key: str
    changed_at: datetime
    comment: Comment | None = None
    position: int = 0


@dataclass(slots=True)
class ChangeCounts:
    stored: int = 0
    duplicate: int = 0
    edited: int = 0
    removed: int = 0
    # Edits and removals older than what is stored already, and adds of removed comments.
    stale: int = 0
    withdrawn: int = 0
    quarantined: int = 0

    def add(self, other: ChangeCounts) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
