"""Helpers for the Sample model."""
