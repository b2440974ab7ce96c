"""Profile audit per platform: a weighted checklist from the latest snapshot, and what to fix."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config.brands import Brand
from bot.models import ProfileSnapshot
from bot.smo.lexicon import ENGLISH_STOP_WORDS

__all__ = [
    "BIO_LIMITS",
    "CHECK_WEIGHTS",
    "HANDLE_LIMITS",
    "PROFILE_STALE_AFTER",
    "Check",
    "ProfileAudit",
    "ProfileAuditReport",
    "audit_profile",
    "audit_profiles",
    "brand_keywords",
    "has_call_to_action",
    "latest_snapshots",
    "normalize_handle",
]

# Longest bio each platform shows (check): Instagram bio, Facebook Page intro, X bio, TikTok
# bio, YouTube channel description, LinkedIn About.
BIO_LIMITS: dict[str, int] = {
    "instagram": 150,
    "facebook": 101,
    "x": 160,
    "tiktok": 80,
    "youtube": 1000,
    "linkedin": 2000,
}
DEFAULT_BIO_LIMIT = 150

# Longest handle a platform allows (check); a brand's full name may not fit X's 15.
HANDLE_LIMITS: dict[str, int] = {
    "instagram": 30,
    "facebook": 50,
    "x": 15,
    "tiktok": 24,
    "youtube": 30,
    "linkedin": 100,
}

PROFILE_STALE_AFTER = timedelta(days=14)
"""Snapshots come weekly; two missed ones mean the profile may have changed since."""

CHECK_WEIGHTS: dict[str, int] = {
    "bio": 20,
    "bio_length": 5,
    "keywords": 10,
    "call_to_action": 10,
    "link": 15,
    "picture": 15,
    "contact": 10,
    "category": 5,
    "handle": 10,
}
"""Points per check out of 100: what a visitor needs first (who you are, a face, a way in)."""

_CTA = re.compile(
    r"\b(shop|buy|order|book|visit|join|subscribe|sign[ -]?up|follow|tap|click|dm|"
    r"message us|get yours|discover|try|explore|download|learn more|call us|email us|"
    r"contact us|link (?:in|below)|see more|watch)\b|[👇⬇➡👉]",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_HANDLE_NOISE = re.compile(r"[\s@._\-]+")
_MIN_KEYWORD = 3


def _fold(word: str) -> str:
    """Lower case, accents off, a plural -s or -es off: 'Cafés' and 'cafe' meet."""
    plain = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    if len(plain) > 4 and plain.endswith("es") and plain[-3] in "sxz":
        return plain[:-2]
    if len(plain) > 3 and plain.endswith("s") and not plain.endswith("ss"):
        return plain[:-1]
    return plain


_STOP = frozenset(_fold(w) for w in ENGLISH_STOP_WORDS)


def _words(text: str) -> list[str]:
    return [_fold(w) for w in _WORD.findall(text)]


def brand_keywords(brand: Brand) -> tuple[str, ...]:
    """Words of the brand's name, then of its FAQ questions by frequency (folded, no stop words).

    The questions are what customers ask about: products, services and places.
    """
    found: Counter[str] = Counter()
    for entry in brand.faq:
        found.update(w for w in _words(entry.question) if len(w) >= _MIN_KEYWORD and w not in _STOP)
    name = [w for w in _words(brand.name) if len(w) >= _MIN_KEYWORD and w not in _STOP]
    ranked = sorted(found, key=lambda w: (-found[w], w))
    return tuple(dict.fromkeys([*name, *ranked]))


def has_call_to_action(text: str) -> bool:
    return _CTA.search(text) is not None


def normalize_handle(handle: str) -> str:
    """@Alpenglow.Outfitters, alpenglow-outfitters and AlpenglowOutfitters are one name."""
    return _HANDLE_NOISE.sub("", handle).casefold()


@dataclass(frozen=True, slots=True)
class Check:
    """One item of the checklist; ``fix`` says what to do when it failed ("" when covered)."""

    key: str
    label: str
    passed: bool
    weight: int
    detail: str = ""
    fix: str = ""


@dataclass(frozen=True, slots=True)
class ProfileAudit:
    """The checklist of one profile, scored out of 100 by the weights of the checks passed."""

    brand: str
    platform: str
    handle: str
    captured_at: datetime
    followers: int
    score: int
    checks: tuple[Check, ...]
    notes: tuple[str, ...] = ()

    @property
    def fixes(self) -> tuple[str, ...]:
        return tuple(c.fix for c in self.checks if not c.passed and c.fix)

    @property
    def failed(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.checks if not c.passed)


@dataclass(frozen=True, slots=True)
class ProfileAuditReport:
    """Every profile of one brand, weakest first, and platforms with a handle but no snapshot."""

    brand: str
    audits: tuple[ProfileAudit, ...]
    missing: tuple[str, ...]

    @property
    def average_score(self) -> float | None:
        if not self.audits:
            return None
        return sum(a.score for a in self.audits) / len(self.audits)

    def audit(self, platform: str) -> ProfileAudit | None:
        return next((a for a in self.audits if a.platform == platform), None)


def latest_snapshots(
    snapshots: Iterable[ProfileSnapshot], brand_id: str
) -> dict[str, ProfileSnapshot]:
    """The newest snapshot of each platform of one brand."""
    latest: dict[str, ProfileSnapshot] = {}
    for snap in snapshots:
        if snap.brand != brand_id:
            continue
        kept = latest.get(snap.platform)
        if kept is None or snap.captured_at > kept.captured_at:
            latest[snap.platform] = snap
    return latest


def _canonical_handle(handles: Sequence[str]) -> str | None:
    """The normalised handle most profiles use, when one form clearly leads."""
    counts = Counter(normalize_handle(h) for h in handles)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _handle_check(
    snap: ProfileSnapshot, canonical: str | None, expected: str | None, others: int
) -> Check:
    weight = CHECK_WEIGHTS["handle"]
    mine = normalize_handle(snap.handle)
    if expected is not None and normalize_handle(expected) != mine:
        return Check(
            "handle",
            "handle as configured",
            False,
            weight,
            f"the workspace lists {expected}, the profile shows {snap.handle}",
            f"Check which handle is right and update the profile or the workspace "
            f"({expected} vs {snap.handle})",
        )
    if canonical is None or mine == canonical:
        return Check("handle", "same handle as elsewhere", True, weight, snap.handle)
    limit = HANDLE_LIMITS.get(snap.platform)
    if limit is not None and len(canonical) > limit and mine in canonical:
        return Check(
            "handle",
            "same handle as elsewhere",
            True,
            weight,
            f"{snap.handle}: the full name does not fit {snap.platform}'s {limit} characters",
        )
    return Check(
        "handle",
        "same handle as elsewhere",
        False,
        weight,
        f"{snap.handle} differs from '{canonical}' used on {others} other platforms",
        f"Use the handle '{canonical}' here too, or claim it, so people find one name",
    )


def audit_profile(
    snap: ProfileSnapshot,
    brand: Brand,
    now: datetime,
    *,
    keywords: Sequence[str] = (),
    canonical_handle: str | None = None,
    same_handle_elsewhere: int = 0,
) -> ProfileAudit:
    """The checklist of one snapshot."""
    w = CHECK_WEIGHTS
    limit = BIO_LIMITS.get(snap.platform, DEFAULT_BIO_LIMIT)
    bio = (snap.bio or "").strip()
    checks: list[Check] = []
    if not bio:
        checks.append(
            Check(
                "bio",
                "bio",
                False,
                w["bio"],
                "no bio",
                f"Write a bio (up to {limit} characters) saying what {brand.name} offers, "
                "with a call to action",
            )
        )
        for key, label in (
            ("bio_length", "bio length"),
            ("keywords", "brand keywords in bio"),
            ("call_to_action", "call to action"),
        ):
            checks.append(Check(key, label, False, w[key], "no bio"))
    else:
        checks.append(Check("bio", "bio", True, w["bio"], f"{len(bio)} characters"))
        over = len(bio) - limit
        checks.append(
            Check(
                "bio_length",
                "bio length",
                over <= 0,
                w["bio_length"],
                f"{len(bio)}/{limit} characters",
                f"Shorten the bio by {over} characters: {snap.platform} shows {limit}"
                if over > 0
                else "",
            )
        )
        words = set(_words(bio))
        hits = [k for k in keywords if k in words]
        checks.append(
            Check(
                "keywords",
                "brand keywords in bio",
                bool(hits) or not keywords,
                w["keywords"],
                f"mentions {', '.join(hits[:4])}" if hits else "no brand keyword",
                ""
                if hits or not keywords
                else f"Work in words people search for, e.g. {', '.join(keywords[:4])}",
            )
        )
        cta = has_call_to_action(bio)
        checks.append(
            Check(
                "call_to_action",
                "call to action",
                cta,
                w["call_to_action"],
                "" if cta else "the bio asks nothing of the visitor",
                ""
                if cta
                else "End the bio with a call to action (shop, book, join, DM us, link below 👇)",
            )
        )
    checks.append(_presence("link", "link", snap.link, "Add the website link (or a link page)"))
    checks.append(
        Check(
            "picture",
            "profile picture",
            snap.has_avatar,
            w["picture"],
            "" if snap.has_avatar else "no picture",
            "" if snap.has_avatar else "Upload the brand logo as the profile picture",
        )
    )
    checks.append(_presence("contact", "contact", snap.contact, "Add a contact email or phone"))
    checks.append(_presence("category", "category", snap.category, "Set the profile category"))
    checks.append(
        _handle_check(
            snap, canonical_handle, brand.handles.get(snap.platform), same_handle_elsewhere
        )
    )
    total = sum(c.weight for c in checks)
    score = round(100 * sum(c.weight for c in checks if c.passed) / total) if total else 0
    notes: list[str] = []
    age = now - snap.captured_at
    if age > PROFILE_STALE_AFTER:
        notes.append(f"latest snapshot is {age.days} days old; the profile may have changed")
    return ProfileAudit(
        brand=snap.brand,
        platform=snap.platform,
        handle=snap.handle,
        captured_at=snap.captured_at,
        followers=snap.followers,
        score=score,
        checks=tuple(checks),
        notes=tuple(notes),
    )


def _presence(key: str, label: str, value: str | None, fix: str) -> Check:
    if value and value.strip():
        return Check(key, label, True, CHECK_WEIGHTS[key], value.strip())
    return Check(key, label, False, CHECK_WEIGHTS[key], "missing", fix)


def audit_profiles(
    snapshots: Iterable[ProfileSnapshot], brand: Brand, now: datetime
) -> ProfileAuditReport:
    """Audit the latest snapshot of each of the brand's platforms, weakest profile first."""
    latest = latest_snapshots(snapshots, brand.id)
    keywords = brand_keywords(brand)
    canonical = _canonical_handle([s.handle for s in latest.values()])
    audits = []
    for platform, snap in latest.items():
        others = sum(
            1
            for other in latest.values()
            if other.platform != platform and normalize_handle(other.handle) == canonical
        )
        audits.append(
            audit_profile(
                snap,
                brand,
                now,
                keywords=keywords,
                canonical_handle=canonical,
                same_handle_elsewhere=others,
            )
        )
    audits.sort(key=lambda a: (a.score, a.platform))
    missing = tuple(sorted(p for p in brand.handles if p not in latest))
    return ProfileAuditReport(brand.id, tuple(audits), missing)
