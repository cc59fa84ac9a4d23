"""The application layer: the ``adexlab`` command now, the browser lab later.

Composes core (and, later, widgets); the only place that configures logging.
"""
