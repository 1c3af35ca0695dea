"""Domain: models, scoring, pace, coach and the KPI lens. No I/O, no textual, no rich."""
