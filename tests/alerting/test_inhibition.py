"""Inhibition: which firing alerts another firing alert mutes, by their labels."""

from __future__ import annotations

from dataclasses import dataclass

from bot.alerting.inhibition import inhibited
from bot.smm.engine import INHIBITS, Inhibit


@dataclass(frozen=True)
class _Alert:
    labels: dict[str, str]

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
