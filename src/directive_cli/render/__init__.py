"""Renderers: each output format in its own module; they turn data into text or files."""
