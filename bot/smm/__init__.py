"""The ad-alert engine: KPIs, rules, anomalies, pacing, fatigue, outages, winners, suggestions."""
