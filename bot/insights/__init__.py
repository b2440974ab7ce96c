"""Organic insights from posts, profile snapshots and comments: pure engines, async entry points."""
