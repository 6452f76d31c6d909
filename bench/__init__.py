"""Benchmarks of the portal at national scale (`make bench`); never run by `make test`."""
