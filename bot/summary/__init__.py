"""Stand-up summaries: what happened, what waits and what to do today, per receiver's day."""
