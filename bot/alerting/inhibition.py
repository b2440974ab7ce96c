"""Inhibition: an alert that explains others (a stale feed, a tracking outage) mutes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.store.alerts import AlertRecord

# source alertname → alertnames it mutes, when the `equal` labels agree.
INHIBIT_RULES: Mapping[str, frozenset[str]] = {
    "DataMissing": frozenset(
        {
            "CPASpike",
            "ROASDrop",
            "CTRDrop",
            "CVRDrop",
            "BudgetUnderdelivery",
            "TrackingOutage",
            "Anomaly",
            "RuleBreach",
        }
    ),
    "TrackingOutage": frozenset({"CPASpike", "ROASDrop", "CVRDrop", "Anomaly", "RuleBreach"}),
}
EQUAL_LABELS: tuple[str, ...] = ("platform", "account")
CAMPAIGN_LABEL = "campaign"


def inhibited(alerts: Sequence[AlertRecord]) -> set[str]:
    """Fingerprints of firing alerts muted by another firing alert on the same account.

    A source that names a campaign only mutes alerts of that campaign; an account-wide
    source (no campaign label) mutes the whole account.
    """
    sources = [a for a in alerts if a.alertname in INHIBIT_RULES]
    muted: set[str] = set()
    for target in alerts:
        for source in sources:
            if source.fingerprint == target.fingerprint:
                continue
            if target.alertname not in INHIBIT_RULES[source.alertname]:
                continue
            if any(source.labels.get(k, "") != target.labels.get(k, "") for k in EQUAL_LABELS):
                continue
            scope = source.labels.get(CAMPAIGN_LABEL, "")
            if scope and scope != target.labels.get(CAMPAIGN_LABEL, ""):
                continue
            muted.add(target.fingerprint)
            break
    return muted
