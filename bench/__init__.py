"""Benchmarks (`make bench`): each figure measured next to a baseline in the same run, reported as a ratio.

Not tests: nothing here fails on time. bench/run.py builds the datasets, runs every benchmark module in a
process of its own against them, and writes bench/results/latest.json; docs/performance.md discusses them.
"""
