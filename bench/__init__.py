"""okrtui benchmarks (issue 9): run with `python -m bench [--quick]`; see bench/RESULTS.md."""
