"""Parameters of the selected object as sliders and fields, generated from the schemas.

Every field comes from a :class:`~adexlab.core.celltypes.ParameterSpec`: its
label carries the unit, a slider spans the spec's slider range, and a typed
value outside it is accepted when it is physically valid. Each edit goes
through the state's validating methods; a refused value shows the core's
message under its field, the field returns to the value in force, and nothing
else changes.
"""

import logging

import numpy as np
import panel as pn
import param

from adexlab.core.celltypes import CELL_TYPES, CURRENT_SOURCES, SYNAPSE_TYPES
from adexlab.core.exceptions import LabError
from adexlab.core.network import CONNECTORS, RECEPTOR_TYPES
from adexlab.core.presets import FIRING_PATTERNS
from adexlab.core.random import RandomValue

__all__ = ["ParameterPanel", "Field"]

logger = logging.getLogger(__name__)

#: Steps across a slider's range.
SLIDER_STEPS = 200
#: Connector parameters that can be edited, with their kind.
CONNECTOR_FIELDS = {
    "p_connect": float,
    "n": int,
    "allow_self_connections": bool,
    "d_expression": str,
}


class Field(pn.viewable.Viewer):
    """One editable value: a widget, its error message, and the write-back.

    Parameters
    ----------
    widget : panel widget
        Shows the value; its ``value`` changes are written back.
    write : callable
        Called with the new value; raises LabError (or TypeError) to refuse it.
    """

    def __init__(self, widget, write, key="", **params):
        super().__init__(**params)
        self.widget = widget
        self._write = write
        self._accepted = widget.value
        self.error = pn.pane.HTML(
            "",
            visible=False,
            css_classes=["field-error"],
            margin=(0, 10, 6, 10),
            styles={"color": "#b00020", "font-size": "12px"},
        )
        self._restoring = False
        #: The message shown under the field; empty when the value was accepted.
        self.message = ""
        widget.param.watch(self._on_value, "value")
        self._layout = pn.Column(
            widget,
            self.error,
            margin=0,
            css_classes=["lab-field", f"field-{key}"],
            sizing_mode="stretch_width",
        )

    def __panel__(self):
        return self._layout

    def _on_value(self, event):
        if self._restoring:
            return
        try:
            if event.new is None:
                raise ValueError("needs a value; the field is empty")
            self._write(event.new)
        except (LabError, TypeError, ValueError) as error:
            self.show_error(str(error))
            self._restoring = True
            try:
                self.widget.value = self._accepted
            finally:
                self._restoring = False
            return
        self._accepted = event.new
        self.message = ""
        self.error.visible = False

    def show_error(self, text):
        """Show ``text`` under the field."""
        self.message = text
        self.error.object = _escape(text)
        self.error.visible = True


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SliderInput(pn.viewable.Viewer):
    """A slider over a range and a number field beside it, sharing one value.

    Typed values may leave the slider's range (the range grows to show them).

    Notes
    -----
    Panel 1.9.4's ``EditableFloatSlider`` keeps every closed session in memory
    (checked by opening and closing tabs on a served page), so the two widgets
    are composed here instead.
    """

    value = param.Number(default=None, allow_None=True, doc="The shared value.")
    label = param.String(default="", doc="Label with unit.")

    def __init__(self, start, end, step, **params):
        super().__init__(**params)
        self.slider = pn.widgets.FloatSlider(
            label=self.label,
            start=start,
            end=end,
            step=step,
            value=self.value if self.value is not None else start,
            format="0[.][000]",
            sizing_mode="stretch_width",
            margin=(5, 5, 5, 10),
        )
        self.input = pn.widgets.FloatInput(
            value=self.value, width=95, margin=(18, 10, 5, 0)
        )
        self._syncing = False
        self.slider.param.watch(self._from_widget, "value")
        self.input.param.watch(self._from_widget, "value")
        self.param.watch(self._to_widgets, "value")
        self._layout = pn.Row(self.slider, self.input, sizing_mode="stretch_width")

    def __panel__(self):
        return self._layout

    def _from_widget(self, event):
        if not self._syncing:
            self.value = event.new

    def _to_widgets(self, event):
        self._syncing = True
        try:
            value = event.new
            if value is not None:
                self.slider.start = min(self.slider.start, value)
                self.slider.end = max(self.slider.end, value)
                self.slider.value = value
            self.input.value = value
        finally:
            self._syncing = False


def number_widget(spec, value, name=None):
    """Return a slider with a field (if the spec has a slider range) or a field."""
    label = name or spec.label
    value = float(value) if value is not None else None
    if spec.soft_bounds is None:
        return pn.widgets.FloatInput(
            label=label, value=value, sizing_mode="stretch_width"
        )
    low, high = spec.soft_bounds
    if value is not None:
        low, high = min(low, value), max(high, value)
    return SliderInput(
        low, high, _nice_step((high - low) / SLIDER_STEPS), label=label, value=value
    )


def _nice_step(raw):
    exponent = np.floor(np.log10(raw)) if raw > 0 else -3
    return float(10.0**exponent)


def parse_numbers(text):
    """Parse ``"10, 20.5 30"`` into a float array; ValueError names the bad item."""
    items = [item for item in text.replace(",", " ").split() if item]
    values = []
    for item in items:
        try:
            values.append(float(item))
        except ValueError:
            raise ValueError(f"'{item}' is not a number") from None
    return np.asarray(values)


def _format_numbers(values):
    return ", ".join(f"{v:g}" for v in np.atleast_1d(np.asarray(values, float)))


class ParameterPanel(pn.viewable.Viewer):
    """Fields of the selected population, current source or projection.

    Parameters
    ----------
    state : LabState
    """

    state = param.Parameter(doc="The session's LabState.")

    def __init__(self, **params):
        super().__init__(**params)
        self.fields = {}
        self._body = pn.Column(sizing_mode="stretch_width", margin=0)
        self.state.param.watch(self._rebuild, ["selection", "structure"])
        self._rebuild()

    def __panel__(self):
        return self._body

    def _rebuild(self, *events):
        self.fields = {}
        selection = self.state.selection
        if selection is None or not self.state.has(*selection):
            self._body.objects = [
                pn.pane.Markdown(
                    "Select a population, source or connection to see its parameters."
                )
            ]
            return
        kind, label = selection
        build = {
            "population": self._population,
            "current_source": self._current_source,
            "projection": self._projection,
        }[kind]
        self._body.objects = build(label)

    def _field(self, key, widget, write):
        field = Field(widget, write, key=key)
        self.fields[key] = field
        return field

    # ------------------------------------------------------------------

    def _population(self, label):
        state = self.state
        pop = state.network.population(label)
        model = pop.model
        items = [
            pn.pane.Markdown(
                f"### Population '{label}'\n{model.description}", margin=(0, 10)
            ),
            self._field(
                "size",
                pn.widgets.IntInput(
                    label="size (neurons)",
                    value=pop.size,
                    start=1,
                    sizing_mode="stretch_width",
                ),
                lambda n: state.set_population_size(label, n),
            ),
            self._field(
                "cell_type",
                pn.widgets.Select(
                    label="cell type",
                    value=pop.cell_type,
                    options=list(CELL_TYPES),
                    sizing_mode="stretch_width",
                ),
                lambda name: state.set_cell_type(label, name),
            ),
        ]
        if model.adaptive:
            items.append(self._presets(label))
        items += self._value_fields(
            model.parameters,
            pop.parameters,
            lambda n, v: state.set_parameter(label, n, v),
        )
        return items

    def _presets(self, label):
        menu = pn.widgets.Select(
            label="firing-pattern preset (Naud et al. 2008)",
            options=["choose a preset..."] + list(FIRING_PATTERNS),
            sizing_mode="stretch_width",
        )

        def apply(event):
            if event.new in FIRING_PATTERNS:
                try:
                    self.state.apply_preset(label, event.new)
                except LabError as error:
                    self.state.notify(str(error), "error")
                self._rebuild()

        menu.param.watch(apply, "value")
        self.fields["preset"] = menu
        return menu

    def _value_fields(self, specs, values, write):
        """One field per spec, showing ``values`` or the default; ``write(name, v)``."""
        return [
            self._value_field(
                name,
                spec,
                values.get(name, spec.default),
                lambda v, n=name: write(n, v),
            )
            for name, spec in specs.items()
        ]

    def _value_field(self, name, spec, value, write):
        if isinstance(value, RandomValue) or (
            isinstance(value, np.ndarray) and not spec.is_array and value.size > 1
        ):
            return pn.pane.Markdown(
                f"{spec.label}: set per neuron (see the project file)", margin=(0, 10)
            )
        if spec.is_array:
            widget = pn.widgets.TextInput(
                label=f"{spec.label}, comma-separated",
                value=_format_numbers(value),
                sizing_mode="stretch_width",
            )
            return self._field(name, widget, lambda text: write(parse_numbers(text)))
        widget = number_widget(spec, value)
        return self._field(name, widget, write)

    def _current_source(self, label):
        state = self.state
        source = state.network.current_source(label)
        model = CURRENT_SOURCES[source.source_type]
        targets = ", ".join(t.population for t in source.targets)
        items = [
            pn.pane.Markdown(
                f"### {source.source_type} '{label}'\n{model.description} "
                f"Injected into: {targets}.",
                margin=(0, 10),
            )
        ]
        items += self._value_fields(
            model.parameters,
            source.parameters,
            lambda n, v: state.set_current_source_parameter(label, n, v),
        )
        return items

    def _projection(self, label):
        state = self.state
        proj = state.network.projection(label)
        synapse_model = SYNAPSE_TYPES[proj.synapse.type]
        unit = (
            "uS"
            if state.network.population(proj.post).model.conductance_based
            else "nA"
        )
        items = [
            pn.pane.Markdown(
                f"### Connection '{label}'\n{proj.pre} → {proj.post}", margin=(0, 10)
            ),
            self._field(
                "connector",
                pn.widgets.Select(
                    label="connector",
                    value=proj.connector.type,
                    options=[c for c in CONNECTORS if c != "FromListConnector"]
                    + (
                        [proj.connector.type]
                        if proj.connector.type == "FromListConnector"
                        else []
                    ),
                    sizing_mode="stretch_width",
                ),
                lambda kind: state.set_projection(label, connector=CONNECTORS[kind]()),
            ),
        ]
        for name, kind in CONNECTOR_FIELDS.items():
            if not hasattr(proj.connector, name):
                continue
            items.append(self._connector_field(label, proj, name, kind))
        items += [
            self._synapse_field(
                label, "weight", f"weight ({unit})", proj.synapse.weight
            ),
            self._synapse_field(label, "delay", "delay (ms)", proj.synapse.delay),
            self._field(
                "receptor_type",
                pn.widgets.Select(
                    label="receptor",
                    value=proj.receptor_type,
                    options=list(RECEPTOR_TYPES),
                    sizing_mode="stretch_width",
                ),
                lambda r: state.set_projection(label, receptor_type=r),
            ),
            self._field(
                "synapse_type",
                pn.widgets.Select(
                    label="synapse type",
                    value=proj.synapse.type,
                    options=list(SYNAPSE_TYPES),
                    sizing_mode="stretch_width",
                ),
                lambda t: state.set_projection(label, synapse_type=t),
            ),
        ]
        specs = {
            name: spec
            for name, spec in synapse_model.parameters.items()
            if name not in ("weight", "delay")
        }
        items += self._value_fields(
            specs,
            proj.synapse.parameters,
            lambda n, v: state.set_projection(label, synapse_parameters={n: v}),
        )
        return items

    def _synapse_field(self, label, name, title, value):
        if isinstance(value, (np.ndarray, RandomValue)):
            return pn.pane.Markdown(
                f"{title}: per connection (see the project file)", margin=(0, 10)
            )
        widget = pn.widgets.FloatInput(
            label=title, value=value, sizing_mode="stretch_width"
        )
        return self._field(
            name, widget, lambda v: self.state.set_synapse_value(label, name, v)
        )

    def _connector_field(self, label, proj, name, kind):
        value = getattr(proj.connector, name)
        if kind is bool:
            widget = pn.widgets.Checkbox(label=name.replace("_", " "), value=value)
        elif kind is int:
            widget = pn.widgets.IntInput(
                label=name, value=value, sizing_mode="stretch_width"
            )
        elif kind is float:
            widget = pn.widgets.FloatInput(
                label=name, value=value, step=0.01, sizing_mode="stretch_width"
            )
        else:
            widget = pn.widgets.TextInput(
                label=f"{name} (of distance d)",
                value=value,
                sizing_mode="stretch_width",
            )

        def write(new):
            connector = type(proj.connector)(
                **{
                    k: getattr(self.state.network.projection(label).connector, k)
                    for k in proj.connector.__dataclass_fields__
                }
            )
            setattr(connector, name, new)
            self.state.set_projection(label, connector=connector)

        return self._field(name, widget, write)
