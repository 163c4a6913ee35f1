"""Computer-played seats."""
