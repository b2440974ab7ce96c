"""Feed parsing: JSON Lines records, canonical ad-metrics CSV and ad-platform exports."""
