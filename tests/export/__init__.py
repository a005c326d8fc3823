"""Export and migration tests."""
