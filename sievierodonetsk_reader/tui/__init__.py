"""The Textual reader. Nothing in the core package imports this."""
