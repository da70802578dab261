"""Platform edges: console (terminal), slack, discord.

Each renders replies; none decides what to say.
"""
