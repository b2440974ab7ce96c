"""Training and evaluation of socialpulse's learned readers (dev tools, not the runtime)."""
