"""Qt item models that mirror the controller's session (they hold no game state of their own)."""
