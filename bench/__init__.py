"""Cityline's speed benchmarks (not tests): `make bench` or `python -m bench [NAME ...]`."""
