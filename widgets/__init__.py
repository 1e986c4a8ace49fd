"""Aligned: widgets, charts and analysis for the organizational-alignment workshop kit.

Notebooks import from here. Pure logic lives in `widgets.core` and imports no UI code.
"""
