"""Level shifts of spend, impressions or a price against the ad set's own seasonal history."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Literal

import numpy as np

from bot.labels import how_sure
from bot.models import Alert, Granularity, Suggestion
from bot.smm.anomaly import poisson_low_z
from bot.smm.context import Context, LevelView, make_alert
from bot.smm.frame import CLICKS, IMPRESSIONS, SPEND, BoolArray, FloatArray, IntArray
from bot.smm.money import Period, paid_above
from bot.smm.seasonal import LogBaseline, fit_log_baseline, nanmedian, recent_run
from bot.smm.settings import EngineSettings
from bot.smm.text import fmt_change, fmt_kpi, fmt_money

__all__ = [
    "Finding",
    "Shift",
    "Suggest",
    "detect_shifts",
    "scan",
    "shift_views",
]

Measure = Literal["spend", "impressions", "cpc", "cpm"]
Suggest = Callable[["Finding", LevelView], tuple[Suggestion, ...]]


@dataclass(frozen=True, slots=True)
class Shift:
    """One alert: a measure moving one way by at least ``effect`` (a ratio to normal),
    ``overwhelming`` being the ratio at which one bucket alone may speak."""

    name: str
    measure: Measure
    rising: bool
    effect: float
    overwhelming: float
    severity: str = "warning"
    # One day (rather than one hour) alone may speak at this ratio instead: a day is a whole
    # budget cycle, an hour is pacing. None: ``overwhelming`` for both.
    overwhelming_daily: float | None = None

    def one_bucket(self, granularity: Granularity) -> float:
        """The ratio to normal at which one bucket of ``granularity`` alone may speak."""
        if granularity == "day" and self.overwhelming_daily is not None:
            return self.overwhelming_daily
        return self.overwhelming


@dataclass(frozen=True, slots=True)
class Finding:
    """A confirmed run of straying buckets of one group, with its numbers."""

    shift: Shift
    group: int
    granularity: Granularity
    length: int
    actual: float
    expected: float
    # The run's sums as seen and as usual; for a price, the clicks (impressions) bought and
    # what the same spend would have bought at the usual price, with that spend as ``priced``.
    run_actual: float
    run_expected: float
    spend: float
    spend_expected: float
    z: float
    priced: float = 0.0


def _phase(view: LevelView, idx: IntArray) -> tuple[IntArray, int]:
    bucket = view.origin + idx
    if view.granularity == "day":
        return (bucket % 7).astype(np.int64), 7
    return (bucket % 24).astype(np.int64), 24


def _values(measure: Measure, series: FloatArray, usable: BoolArray) -> FloatArray:
    """The measure per bucket, NaN where it cannot be read (a price with nothing bought)."""
    spend = series[SPEND]
    if measure == "spend":
        return np.where(usable, spend, np.nan)
    if measure == "impressions":
        return np.where(usable, series[IMPRESSIONS], np.nan)
    per = series[CLICKS] if measure == "cpc" else series[IMPRESSIONS] / 1000.0
    ok = usable & (spend > 0) & (per > 0)
    out: FloatArray = np.where(ok, spend / np.where(per > 0, per, 1.0), np.nan)
    return out


@dataclass(frozen=True, slots=True)
class _Logged:
    """A measure on the log scale: ``log(x + pad)``; a volume is padded so zero is finite."""

    values: FloatArray
    pad: FloatArray

    def raw(self, logged: FloatArray) -> FloatArray:
        out: FloatArray = np.exp(logged) - self.pad[:, None]
        return out


def _log(values: FloatArray, history: int, volume: bool) -> _Logged:
    if not volume:
        with np.errstate(divide="ignore", invalid="ignore"):
            return _Logged(np.log(values), np.zeros(values.shape[0]))
    past = values[:, :history]
    typical = nanmedian(np.where(past > 0, past, np.nan))
    pad = np.where(np.isfinite(typical), 0.05 * typical, 1.0)
    return _Logged(np.log(values + pad[:, None]), pad)


@dataclass(frozen=True, slots=True)
class _Window:
    history: int
    guard: int
    floor: float
    min_spend: float
    stopped_after: int
    slot: int
    min_clicks: float


def _window(settings: EngineSettings, granularity: Granularity) -> _Window:
    if granularity == "day":
        return _Window(
            settings.shift_history_days,
            settings.shift_guard_days,
            settings.shift_sigma_floor_daily,
            settings.shift_min_spend_daily,
            settings.shift_stopped_after[0],
            0,
            settings.min_clicks_daily,
        )
    return _Window(
        settings.shift_history_hours,
        settings.shift_guard_hours,
        settings.shift_sigma_floor_hourly,
        settings.shift_min_spend_hourly,
        settings.shift_stopped_after[1],
        1,
        settings.min_clicks_hourly,
    )


def scan(ctx: Context, view: LevelView, shifts: Sequence[Shift], keep: BoolArray) -> list[Finding]:
    """The confirmed shifts now, per group of ``view`` where ``keep`` holds.

    History is the ``history`` buckets ending ``guard`` buckets before the newest one, so a
    fresh incident is not part of its own baseline; the run may reach back into the guard.
    """
    s = ctx.settings
    win = _window(s, view.granularity)
    span = win.history + win.guard
    chosen = np.flatnonzero(keep & view.active)
    if len(chosen) == 0:
        return []
    end = view.end[chosen]
    idx = end[:, None] - span + np.arange(span)[None, :]
    series = view.series(span)[:, chosen, :]
    first = view.groups.first[chosen]
    usable = (idx >= 0) & (idx >= first[:, None])
    phase, period = _phase(view, idx)
    hist = slice(0, win.history)
    recent = slice(win.history, span)
    min_points = max(int(s.shift_min_history * win.history), 3)

    def fit(logged: FloatArray) -> LogBaseline:
        return fit_log_baseline(
            logged[:, hist], phase[:, hist], period, min_points=min_points, sigma_floor=win.floor
        )

    spend_log = _log(_values("spend", series, usable), win.history, volume=True)
    spend_base = fit(spend_log.values)
    spend_expected = spend_log.raw(spend_base.expected(phase[:, recent]))
    spend_now = series[SPEND][:, recent]
    # An ad set that has sent no row for a while has stopped; that is not an ongoing drop.
    quiet_for = end - 1 - view.groups.last[chosen]
    running = quiet_for < win.stopped_after
    # A CPC speaks only on a line that usually gets enough clicks a bucket to read one.
    seen = usable[:, hist]
    clicks_usual = np.where(seen, series[CLICKS][:, hist], 0.0).sum(axis=1) / np.maximum(
        seen.sum(axis=1), 1
    )
    clicky = clicks_usual >= win.min_clicks

    findings: list[Finding] = []
    for shift in shifts:
        raw = _values(shift.measure, series, usable)
        volume = shift.measure in ("spend", "impressions")
        counted = series[CLICKS if shift.measure == "cpc" else IMPRESSIONS]
        if volume:
            logged = _log(raw, win.history, True) if shift.measure != "spend" else spend_log
            base = fit(logged.values) if shift.measure != "spend" else spend_base
        else:
            logged, base = _price_baseline(
                shift.measure, raw, series, usable, phase, period, win, s
            )
            base = replace(base, ok=base.ok & spend_base.ok)
        expected_log = base.expected(phase[:, recent])
        expected = logged.raw(expected_log)
        actual = raw[:, recent]
        speaks = spend_expected >= win.min_spend
        if shift.rising and shift.measure == "spend":
            speaks |= spend_now >= win.min_spend
        else:
            speaks &= running[:, None]
        speaks &= base.ok[:, None]
        if shift.measure == "cpc":
            speaks &= clicky[:, None]
        test = _Pooled(
            shift, actual, expected, spend_now, counted[:, recent], logged.pad, base.sigma
        )
        single_ratio, single_z = test.window(np.arange(win.guard), 1)
        if volume:
            readable = ~np.isnan(actual)
        else:
            # A price is readable where the spend should have bought enough clicks
            # (impressions) at the usual price: what was bought is what a spike cuts.
            least = _least_count(shift.measure, s, win.slot)
            readable = test.buyable(np.arange(win.guard), 1) >= least
        halfway_level = 1 + (shift.effect - 1) / 2
        halfway = _beyond(single_ratio, halfway_level, shift.rising)
        strays = readable & (single_z >= s.shift_z_stay) & halfway
        # A bucket too thin to read a price from neither breaks nor starts a run.
        weak = speaks & (strays | ~readable)
        if not volume:
            # An hour read from a few clicks can look usual by Poisson noise alone in the
            # middle of a spike (8 clicks bought where 11 were due at the spiked price and
            # 10 at the usual one): between two straying buckets, one that is not clearly
            # back under halfway bridges the run. The windows pooled over it are tested.
            back = test.against(np.arange(win.guard), halfway_level)
            unclear = speaks & readable & ~strays & (back > -s.shift_z_stay)
            weak[:, 1:-1] |= unclear[:, 1:-1] & strays[:, :-2] & strays[:, 2:]
        weak[:, -1] &= readable[:, -1] | (test.spend[:, -1] > 0)
        run = recent_run(weak)
        if not volume:
            # On a thin line (a few clicks an hour) no single bucket can show a doubled price,
            # so the run is also read pooled: back from the newest bucket for as long as the
            # buckets since then, taken together, still stray halfway.
            # A bucket clearly back under halfway on its own count ends the run all the same.
            pooled = test.pooled_run(halfway_level, ~(readable & (back <= -s.shift_z_stay)))
            run = np.maximum(run, np.where(speaks[:, -1], pooled, 0))
        confirmed = np.zeros(len(chosen), dtype=np.bool_)
        best_z = np.full(len(chosen), -np.inf)
        for last in range(win.guard):
            for k in range(1, last + 2):
                first_bucket = last - k + 1
                inside = first_bucket >= win.guard - run
                if not inside.any():
                    continue
                ratio, z = test.window(np.full(1, last), k)
                ratio, z = ratio[:, 0], z[:, 0]
                strong = (k >= s.shift_confirm) & (z >= s.shift_z)
                strong &= _beyond(ratio, shift.effect, shift.rising)
                if k == 1:
                    strong |= (z >= s.shift_z_overwhelming) & _beyond(
                        ratio, shift.one_bucket(view.granularity), shift.rising
                    )
                if volume:
                    enough = readable[:, last]
                else:
                    enough = test.buyable(np.full(1, last), k)[:, 0] >= least
                    enough &= spend_now[:, last] > 0
                hit = strong & inside & speaks[:, last] & enough
                confirmed |= hit
                best_z = np.where(hit, np.maximum(best_z, z), best_z)
        for i in np.flatnonzero(confirmed).tolist():
            length = int(run[i])
            part = slice(win.guard - length, win.guard)
            now, usual = (
                _last_readable(actual[i], readable[i]),
                _last_readable(expected[i], readable[i]),
            )
            run_actual = float(np.nansum(actual[i, part]))
            run_expected = float(np.nansum(expected[i, part]))
            priced = 0.0
            if not volume:
                # A price is said over its run, as paid: spend over what it bought (a thin
                # hour may have bought nothing), against spend over what it would have.
                now, usual, run_actual, run_expected, priced = test.run_price(i, part)
            findings.append(
                Finding(
                    shift=shift,
                    group=int(chosen[i]),
                    granularity=view.granularity,
                    length=length,
                    actual=float(now),
                    expected=float(usual),
                    run_actual=run_actual,
                    run_expected=run_expected,
                    spend=float(spend_now[i, part].sum()),
                    spend_expected=float(spend_expected[i, part].sum()),
                    z=float(best_z[i]) if shift.rising else -float(best_z[i]),
                    priced=priced,
                )
            )
    return findings


def _last_readable(values: FloatArray, readable: BoolArray) -> float:
    where = np.flatnonzero(readable)
    return float(values[where[-1]]) if len(where) else math.nan


@dataclass(frozen=True, slots=True)
class _Pooled:
    """Windows of recent buckets pooled into one ratio to normal and its z.

    A volume is summed (with the log pad per bucket); a price is pooled as spend over what
    it bought, against the spend over what the usual price would have bought. The noise is
    the history's spread shrunk by the window length, plus Poisson noise of the clicks
    (impressions) a price was read from.
    """

    shift: Shift
    actual: FloatArray
    expected: FloatArray
    spend: FloatArray
    counted: FloatArray
    pad: FloatArray
    sigma: FloatArray

    def window(self, last: IntArray, length: int) -> tuple[FloatArray, FloatArray]:
        """Ratio and z ``[group, j]`` of the ``length`` buckets ending at each of ``last``."""
        ratios, zs = [], []
        for e in last.tolist():
            part = slice(e - length + 1, e + 1)
            act, exp = self.actual[:, part], self.expected[:, part]
            seen = ~np.isnan(act) & (exp > 0)
            n = seen.sum(axis=1)
            if self.shift.measure in ("spend", "impressions"):
                top = np.where(seen, act, 0).sum(axis=1) + n * self.pad
                bottom = np.where(seen, exp, 0).sum(axis=1) + n * self.pad
                with np.errstate(divide="ignore", invalid="ignore"):
                    ratio = np.where((n > 0) & (bottom > 0), top / bottom, np.nan)
                    spread = np.sqrt(self.sigma**2 / np.maximum(n, 1))
                    z = np.log(ratio) / spread
            else:
                ratio, z = self._price(part)
            sign = 1.0 if self.shift.rising else -1.0
            ratios.append(ratio)
            zs.append(np.nan_to_num(sign * z, nan=-np.inf))
        return np.stack(ratios, axis=1), np.stack(zs, axis=1)

    def _paid(self, part: slice) -> tuple[BoolArray, FloatArray, FloatArray]:
        """Buckets with spend and a usual price, the clicks (impressions) the spend would have
        bought at the usual price, and what it bought: zero is a count too."""
        spend, exp = self.spend[:, part], self.expected[:, part]
        paid = (spend > 0) & np.isfinite(exp) & (exp > 0)
        scale = _PER[self.shift.measure]
        usual = np.where(paid, spend / np.where(paid, exp, 1.0), 0.0).sum(axis=1) * scale
        got = np.where(paid, self.counted[:, part], 0.0).sum(axis=1)
        return paid, usual, got

    def _price(self, part: slice) -> tuple[FloatArray, FloatArray]:
        """The window's price against usual (usual count over the count bought) and its z.

        A higher price buys fewer clicks (impressions): the count bought is tested against
        the count the spend would have bought at the usual price, by the Poisson lower tail
        with the history's price spread beyond Poisson (shrunk by the buckets pooled) as
        overdispersion. Read under the usual price, not from the few clicks a spike leaves:
        spreading the test by what was bought undersold 14 clicks where 31 were due
        (1 in 1,600) as z 2.9.
        """
        paid, usual, got = self._paid(part)
        n = paid.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(usual > 0, usual / got, np.nan)
            variance = usual + self.sigma**2 * usual**2 / np.maximum(n, 1)
            z = poisson_low_z(got, usual, variance)
        return ratio, np.where(usual > 0, z, np.nan)

    def run_price(self, i: int, part: slice) -> tuple[float, float, float, float, float]:
        """Group ``i``'s price over the buckets ``part`` as paid and as usual (infinite
        where its spend bought nothing), the clicks (impressions) bought and the ones the
        spend would have bought at the usual price, and that spend."""
        paid, usual, got = self._paid(part)
        spend = float(np.where(paid, self.spend[:, part], 0.0)[i].sum())
        scale = _PER[self.shift.measure]
        paid_price = scale * spend / float(got[i]) if got[i] > 0 else math.inf
        usual_price = scale * spend / float(usual[i]) if usual[i] > 0 else math.nan
        return paid_price, usual_price, float(got[i]), float(usual[i]), spend

    def pooled_run(self, level: float, unclear: BoolArray) -> IntArray:
        """Per group, how many buckets back from the newest the price stays at least
        ``level`` times the usual one, read pooled: over each stretch back to the newest
        bucket and over the older half of that stretch (so a few dear hours do not carry
        the quiet ones before them into the run), each bucket ``unclear`` (not clearly
        back to usual on its own). A price only."""
        spend, exp = self.spend, self.expected
        paid = (spend > 0) & np.isfinite(exp) & (exp > 0)
        scale = _PER[self.shift.measure]
        bought = np.where(paid, spend / np.where(paid, exp, 1.0), 0.0) * scale
        zero = np.zeros((bought.shape[0], 1))
        usual = np.concatenate([zero, bought[:, ::-1].cumsum(axis=1)], axis=1)
        got = np.concatenate([zero, np.where(paid, self.counted, 0.0)[:, ::-1].cumsum(axis=1)], 1)
        back = np.arange(1, bought.shape[1] + 1)
        older_usual = usual[:, back] - usual[:, back // 2]
        older_got = got[:, back] - got[:, back // 2]
        straying = (usual[:, back] > 0) & (usual[:, back] >= level * got[:, back])
        straying &= (older_usual > 0) & (older_usual >= level * older_got)
        straying &= unclear[:, ::-1]
        return recent_run(straying[:, ::-1])

    def against(self, last: IntArray, level: float) -> FloatArray:
        """Per bucket ``[group, j]`` of ``last``: the z of its price against ``level`` times
        the usual one, negative where it is below that (a price only)."""
        out = []
        for e in last.tolist():
            paid, usual, got = self._paid(slice(e, e + 1))
            n = paid.sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                spread = np.sqrt(self.sigma**2 / np.maximum(n, 1) + 1.0 / (got + 0.5))
                z = np.log((usual / level + 0.5) / (got + 0.5)) / spread
            out.append(np.where(usual > 0, z, np.nan))
        return np.stack(out, axis=1)

    def buyable(self, last: IntArray, length: int) -> FloatArray:
        """Per window ``[group, j]``: the clicks (impressions) its spend would have bought at
        the usual price, which is how much evidence the window holds about the price."""
        out = [self._paid(slice(e - length + 1, e + 1))[1] for e in last.tolist()]
        return np.stack(out, axis=1)


# A price is spend per click, or per thousand impressions.
_PER: dict[Measure, float] = {"cpc": 1.0, "cpm": 1000.0}


def _least_count(measure: Measure, settings: EngineSettings, slot: int) -> float:
    """The clicks (impressions) a bucket or window must be worth to read a price from."""
    if measure == "cpc":
        return settings.price_min_clicks[slot]
    return settings.price_min_impressions[slot]


def _price_baseline(
    measure: Measure,
    raw: FloatArray,
    series: FloatArray,
    usable: BoolArray,
    phase: IntArray,
    period: int,
    win: _Window,
    settings: EngineSettings,
) -> tuple[_Logged, LogBaseline]:
    """The usual price on the log scale, fitted on the history buckets whose spend should
    have bought enough clicks (impressions) to read a price from.

    Buckets are chosen by what their spend would buy at the history's overall price, never
    by what they bought: keeping only the hours that happened to get many clicks would make
    the usual CPC too cheap on a thin line. The spread is the prices' own beyond the Poisson
    noise of their counts, which the window test adds back for the counts it pools.
    """
    hist = slice(0, win.history)
    spend = np.where(usable, series[SPEND], 0.0)
    counted = np.where(usable, series[CLICKS if measure == "cpc" else IMPRESSIONS], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        overall = spend[:, hist].sum(axis=1) / counted[:, hist].sum(axis=1)
        would_buy = spend / overall[:, None]
    fitted = usable & (counted > 0) & (would_buy >= _least_count(measure, settings, win.slot))
    logged = np.where(fitted, np.log(np.where(fitted, raw, 1.0)), np.nan)
    least_buckets = min(
        max(int(settings.shift_min_history * win.history), 3),
        settings.price_min_buckets[win.slot],
    )
    base = fit_log_baseline(
        logged[:, hist],
        phase[:, hist],
        period,
        min_points=least_buckets,
        sigma_floor=win.floor,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        poisson = np.where(fitted[:, hist], 1.0 / counted[:, hist], np.nan)
    share = np.nan_to_num(nanmedian(poisson), nan=0.0)
    beyond = np.sqrt(np.maximum(base.sigma**2 - share, win.floor**2))
    return _Logged(logged, np.zeros(raw.shape[0])), replace(base, sigma=beyond)


def _beyond(ratio: FloatArray, effect: float, rising: bool) -> BoolArray:
    with np.errstate(invalid="ignore"):
        out: BoolArray = ratio >= effect if rising else ratio <= effect
    return out & ~np.isnan(ratio)


def shift_views(ctx: Context, granularity: Granularity) -> list[tuple[LevelView, BoolArray]]:
    """Ad sets, and the campaigns that have no ad-set rows, with which groups to judge."""
    out: list[tuple[LevelView, BoolArray]] = []
    adsets = ctx.view("adset", granularity)
    with_adsets: set[tuple[str, ...]] = set()
    if adsets is not None and len(adsets):
        with_adsets = {k[:3] for k in adsets.keys}
        out.append((adsets, np.ones(len(adsets), dtype=np.bool_)))
    campaigns = ctx.view("campaign", granularity)
    if campaigns is not None and len(campaigns):
        bare = np.array([k[:3] not in with_adsets for k in campaigns.keys], dtype=np.bool_)
        if bare.any():
            out.append((campaigns, bare))
    return out


_WORDS: dict[Measure, tuple[str, str]] = {
    "spend": ("Spend", "spend"),
    "impressions": ("Impressions", "count"),
    "cpc": ("CPC", "cpc"),
    "cpm": ("CPM", "cpm"),
}


def detect_shifts(
    ctx: Context,
    shifts: Sequence[tuple[Shift, Suggest]],
    *,
    explained_by: dict[str, str] | None = None,
) -> list[Alert]:
    """Alerts for ``shifts`` on hourly rows (fresher, first) and on daily rows.

    ``explained_by[name] = other``: a group where ``other`` fires does not also get ``name``
    (a delivery collapse explains the spend drop that comes with it).
    """
    alerts: list[Alert] = []
    advice = {shift.name: suggest for shift, suggest in shifts}
    for granularity in ("hour", "day"):
        for view, keep in shift_views(ctx, granularity):
            found = scan(ctx, view, [shift for shift, _ in shifts], keep)
            firing = {(f.group, f.shift.name) for f in found}
            for finding in found:
                other = (explained_by or {}).get(finding.shift.name)
                if other is not None and (finding.group, other) in firing:
                    continue
                suggest = advice[finding.shift.name]
                alerts.append(_alert(ctx, view, finding, suggest(finding, view)))
    return alerts


def _alert(ctx: Context, view: LevelView, f: Finding, suggestions: tuple[Suggestion, ...]) -> Alert:
    g = f.group
    labels = view.labels(g)
    where = "/".join(v for k, v in labels.items() if k != "brand")
    title, kind = _WORDS[f.shift.measure]
    unit: Period = "day" if f.granularity == "day" else "hour"
    span = view.span(g, f.length)
    shown = f"{fmt_kpi(kind, f.actual)} ({fmt_change(f.actual, f.expected)})"
    if math.isinf(f.actual):
        bought = "clicks" if f.shift.measure == "cpc" else "impressions"
        shown = f"no {bought} for {fmt_money(f.spend)} spent"
    p = 0.5 * math.erfc(abs(f.z) / math.sqrt(2))
    plural = "s" if f.length != 1 else ""
    window = _window(ctx.settings, f.granularity)
    seasonal = "weekday" if unit == "day" else "hour-of-day"
    history = f"{window.history}d" if unit == "day" else f"{window.history // 24}d of hours"
    evidence = {
        "metric": f.shift.measure,
        "current": shown,
        "baseline": (
            f"{fmt_kpi(kind, f.expected)} ({seasonal}-seasonal median over {history}, "
            f"ending {window.guard} {unit}s back)"
        ),
        "window": f"{span} ({f.length} {unit}{plural} out of line)",
        "volume": (
            f"spend {fmt_money(f.spend)} against {fmt_money(f.spend_expected)} usual over "
            f"the same {unit}s"
        ),
        "confidence": how_sure(p),
        "test": f"z={f.z:.1f} on the log scale, robust spread (median/MAD) of its own history",
        "granularity": "hourly rows" if unit == "hour" else "daily rows",
    }
    extra = f.spend - f.spend_expected
    if f.shift.measure == "spend" and f.shift.rising:
        evidence["money"] = f"{fmt_money(extra)} more spent than usual so far"
    elif f.shift.measure == "spend":
        evidence["money"] = f"{fmt_money(-extra)} less delivered than usual so far"
    elif f.shift.measure in ("cpc", "cpm") and f.expected > 0:
        money = paid_above(
            f.priced,
            f.run_actual,
            f.run_expected,
            f"{title} {fmt_money(f.expected)}",
            f.length,
            f"the run's {f.length} {unit}{plural}",
            unit,
        )
        evidence.update(money.evidence())
    summary = (
        f"{title} {shown} vs {fmt_kpi(kind, f.expected)} usual on {where}, {span} "
        f"({f.length} {unit}{plural} in a row)"
    )
    return make_alert(
        f.shift.name,
        labels,
        summary,
        severity=f.shift.severity,
        value=f.actual if math.isfinite(f.actual) else None,
        baseline=f.expected,
        evidence=evidence,
        suggestions=suggestions,
        implied_labels=ctx.implied_labels(view, g),
        pending_for=timedelta(0),
    )
