"""Inhibition: which firing alerts another firing alert mutes, by their labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.alerting.inhibition import inhibited
from bot.smm.engine import INHIBITS, Inhibit


@dataclass(frozen=True)
class _Alert:
    labels: dict[str, str]
    implied_labels: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return repr(sorted(self.labels.items()))


_PLACE = {"platform": "meta", "account": "a", "campaign": "Spring"}


def test_an_ad_sets_cpc_spike_mutes_its_own_ctr_drop_only() -> None:
    # A campaign's CTR drop may be spread over ad sets the CPC spike says nothing about.
    spike = _Alert({"alertname": "CPCSpike", **_PLACE, "adset": "Prospecting"})
    own = _Alert({"alertname": "CTRDrop", **_PLACE, "adset": "Prospecting"})
    sibling = _Alert({"alertname": "CTRDrop", **_PLACE, "adset": "Retargeting"})
    campaign = _Alert({"alertname": "CTRDrop", **_PLACE})
    assert inhibited([spike, own, sibling, campaign], INHIBITS) == {own.fingerprint}


def test_equal_labels_absent_on_both_sides_are_equal() -> None:
    rules = {"Source": Inhibit(frozenset({"Target"}), ("account", "brand"))}
    source = _Alert({"alertname": "Source", "account": "a"})
    target = _Alert({"alertname": "Target", "account": "a"})
    branded = _Alert({"alertname": "Target", "account": "a", "brand": "b"})
    assert inhibited([source, target, branded], rules) == {target.fingerprint}


def test_an_implied_label_is_matched_as_if_carried() -> None:
    # A campaign with one ad set is that ad set: its CTR drop implies the ad set it is.
    spike = _Alert({"alertname": "CPCSpike", **_PLACE, "adset": "Prospecting"})
    only = _Alert({"alertname": "CTRDrop", **_PLACE}, {"adset": "Prospecting"})
    other = _Alert(
        {"alertname": "CTRDrop", **_PLACE, "campaign": "Summer"}, {"adset": "Prospecting"}
    )
    several = _Alert({"alertname": "CTRDrop", **_PLACE, "campaign": "Autumn"})
    assert inhibited([spike, only, other, several], INHIBITS) == {only.fingerprint}


def test_a_carried_label_wins_over_an_implied_one() -> None:
    spike = _Alert({"alertname": "CPCSpike", **_PLACE, "adset": "Prospecting"})
    carried = _Alert(
        {"alertname": "CTRDrop", **_PLACE, "adset": "Retargeting"}, {"adset": "Prospecting"}
    )
    assert inhibited([spike, carried], INHIBITS) == set()
