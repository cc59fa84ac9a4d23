"""Views of the browser lab: each renders a state object and writes user edits back.

Views import only the core, panel, param and bokeh; they never run a simulation,
own a timer or import ``adexlab.app`` (a test checks this).
"""
