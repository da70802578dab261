"""Listening while someone vents: what they feel, what they said, what to say back."""
