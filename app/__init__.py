"""The application layer: the ``adexlab`` command and the browser lab.

Composes core state and widgets per browser session (``lab.py``, ``session.py``,
``runner.py``), and is the only place that configures logging.
"""
