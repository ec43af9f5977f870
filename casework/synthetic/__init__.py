"""Synthetic, invented clients for benchmarks and demonstrations: generator.py draws them, plan.py validates
their events, paths.py and tables.py hold the shapes and proportions of their histories."""
