"""Monte Carlo analysis over computer-played games."""
