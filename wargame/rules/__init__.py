"""Generic rules of the engine, one module per phase."""
