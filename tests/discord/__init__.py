"""The Discord adapter's tests: real discord.py objects against a fake Discord."""

import warnings

# discord.py imports audioop for voice, which Rebound never uses (Python 3.13 drops it).
warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
