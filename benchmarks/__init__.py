"""The start-up benchmark (issue 9): ``python -m benchmarks``; see benchmarks/run.py."""
