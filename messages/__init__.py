"""Every sentence Rebound says, as jinja2 templates grouped by flow and step.

A package only so the templates install with the bot and load through
importlib.resources wherever it runs.
"""
