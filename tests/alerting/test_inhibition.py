"""Inhibition: which firing alerts another firing alert mutes, by their labels."""

from __future__ import annotations

from dataclasses import dataclass

from bot.alerting.inhibition import inhibited
from bot.smm.engine import Inhibit

_RULES = {"Source": Inhibit(frozenset({"Target"}), ("account", "campaign"), ("adset",))}


@dataclass(frozen=True)
class _Alert:
    labels: dict[str, str]

    @property
    def fingerprint(self) -> str:
        return repr(sorted(self.labels.items()))


def _target(**labels: str) -> _Alert:
    return _Alert({"alertname": "Target", "account": "a", "campaign": "c", **labels})


def test_a_label_named_by_both_must_be_equal_and_one_the_target_lacks_matches() -> None:
    source = _Alert({"alertname": "Source", "account": "a", "campaign": "c", "adset": "x"})
    same, above = _target(adset="x"), _target()
    sibling, elsewhere = _target(adset="y"), _target(campaign="d")
    muted = inhibited([source, same, above, sibling, elsewhere], _RULES)
    assert muted == {same.fingerprint, above.fingerprint}


def test_a_source_without_the_label_mutes_only_targets_without_it() -> None:
    # Above the target's level the source does not say which ad set it is about.
    source = _Alert({"alertname": "Source", "account": "a", "campaign": "c"})
    adset, campaign = _target(adset="x"), _target()
    assert inhibited([source, adset, campaign], _RULES) == {campaign.fingerprint}


def test_equal_labels_absent_on_both_sides_are_equal() -> None:
    rules = {"Source": Inhibit(frozenset({"Target"}), ("account", "brand"))}
    source = _Alert({"alertname": "Source", "account": "a"})
    target, branded = _target(), _target(brand="b")
    assert inhibited([source, target, branded], rules) == {target.fingerprint}
