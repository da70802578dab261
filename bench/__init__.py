"""Benchmarks (not tests): `python -m bench` prints JSON figures."""
