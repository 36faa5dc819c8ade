"""Cityline: an open-source 311 system for cities."""

__version__ = "0.1.0"
