"""Benchmarks run by `make bench`; each prints figures and a ratio to a baseline of the same run."""
