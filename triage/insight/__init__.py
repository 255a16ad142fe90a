"""Managers' insight: aggregation, dashboard figures, alerts, complaint themes and the weekly report."""
