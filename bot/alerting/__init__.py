"""The alert lifecycle and delivery rules, after Prometheus Alertmanager."""
