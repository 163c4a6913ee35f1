"""Dialogs: new game, scenario errors, rulings, about, unexpected errors."""
