"""okrtui: a keyboard-first terminal app for running OKRs as a team."""

__version__ = "0.1.0"
