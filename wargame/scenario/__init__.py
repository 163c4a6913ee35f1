"""Scenario files: loading, position-tracking YAML parsing and validation."""
