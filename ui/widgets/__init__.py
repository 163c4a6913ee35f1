"""Widgets of the control console, the team screens and the public display."""
