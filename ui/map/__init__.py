"""The theatre map: a ``QGraphicsScene`` that mirrors the scenario map and the game state."""
