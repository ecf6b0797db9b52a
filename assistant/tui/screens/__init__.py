"""Modal screens: help, confirm, and a one-line text prompt."""
