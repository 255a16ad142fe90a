"""Blueprints, one package per feature, each with routes.py."""
