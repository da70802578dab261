"""The terminal adapter: the whole bot with no account, for trying, scripting and tests."""
