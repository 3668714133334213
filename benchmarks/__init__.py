"""Benchmarks: a synthetic corpus maker (``benchmarks.corpus``) and the benchmark ``make bench`` runs (``benchmarks.run``)."""
