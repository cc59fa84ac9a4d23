"""The network canvas: populations, sources and connections drawn and edited by hand.

This module is the only one that knows panel-reactflow (pinned at 0.5.1): it
draws the state's network as nodes and edges and turns the canvas's events
(connect, delete, move, select) into calls on the state. The state stays the
truth; after each structural change the canvas is redrawn from it, so a refused
connection simply disappears again and its reason is shown as a message.

Node ids are ``"population:<label>"`` and ``"current_source:<label>"``; edge ids
``"projection:<label>"`` and ``"injection:<source>-><population>"``.
"""

import logging

import panel as pn
import param
from panel_reactflow import NodeType, ReactFlow

from adexlab.core.exceptions import LabError

from .plots import population_colors

__all__ = ["NetworkEditor", "PALETTE"]

logger = logging.getLogger(__name__)

#: What the palette buttons add: button text -> (kind, cell or source type).
PALETTE = {
    "+ AdEx population": ("population", "EIF_cond_exp_isfa_ista"),
    "+ LIF population": ("population", "IF_cond_exp"),
    "+ Poisson source": ("population", "SpikeSourcePoisson"),
    "+ Spike times": ("population", "SpikeSourceArray"),
    "+ DC current": ("current_source", "DCSource"),
    "+ Step current": ("current_source", "StepCurrentSource"),
    "+ Noisy current": ("current_source", "NoisyCurrentSource"),
}

#: Default sizes of new populations, by cell type.
NEW_SIZES = {"SpikeSourcePoisson": 100, "SpikeSourceArray": 1}
#: Default rate of a new Poisson source, in Hz.
NEW_POISSON_RATE = 20.0

_SHORT = {
    "EIF_cond_exp_isfa_ista": "AdEx",
    "EIF_cond_alpha_isfa_ista": "AdEx α",
    "IF_cond_exp": "LIF cond",
    "IF_cond_alpha": "LIF cond α",
    "IF_curr_exp": "LIF curr",
    "IF_curr_alpha": "LIF curr α",
    "SpikeSourcePoisson": "Poisson",
    "SpikeSourceArray": "spike times",
}

_NODE_TYPES = {
    "population": NodeType(
        type="population", label="Population", inputs=["in"], outputs=["out"]
    ),
    "source": NodeType(type="source", label="Spike source", outputs=["out"]),
    "current": NodeType(type="current", label="Current", outputs=["out"]),
}


def _no_editor(data, schema, *, id, type, on_patch):
    # The lab's parameter panel edits the selected object; the canvas shows none.
    return None


def node_id(kind, label):
    """Return the canvas id of an object."""
    return f"{kind}:{label}"


def parse_node_id(identifier):
    """Return ``(kind, label)`` of a canvas node id."""
    kind, _, label = identifier.partition(":")
    return kind, label


class NetworkEditor(pn.viewable.Viewer):
    """A canvas showing the network, with a palette to add to it.

    Parameters
    ----------
    state : LabState
    """

    state = param.Parameter(doc="The session's LabState.")

    def __init__(self, **params):
        super().__init__(**params)
        self.flow = ReactFlow(
            node_types=_NODE_TYPES,
            default_node_editor=_no_editor,
            default_edge_editor=_no_editor,
            min_zoom=0.3,
            allow_edge_loops=True,
            sizing_mode="stretch_both",
            min_height=340,
        )
        self._syncing = False
        self.flow.add_connection_validator(self._check_connection)
        self.flow.on("edge_added", self._on_edge_added)
        self.flow.on("node_deleted", self._on_node_deleted)
        self.flow.on("edge_deleted", self._on_edge_deleted)
        self.flow.on("node_moved", self._on_node_moved)
        self.flow.on("selection_changed", self._on_selection)
        self.buttons = {}
        for text, (kind, model) in PALETTE.items():
            button = pn.widgets.Button(label=text, color="light", margin=(2, 4))
            button.on_click(lambda event, k=kind, m=model: self.add(k, m))
            self.buttons[text] = button
        self.delete_button = pn.widgets.Button(
            label="Delete selected", margin=(2, 4), color="danger"
        )
        self.delete_button.on_click(lambda event: self.delete_selected())
        self.undo_button = pn.widgets.Button(label="Undo", margin=(2, 4))
        self.undo_button.on_click(lambda event: self.state.undo())
        self.undo_button.disabled = not self.state.can_undo
        self.state.param.watch(
            lambda e: setattr(self.undo_button, "disabled", not e.new), "can_undo"
        )
        help_text = pn.pane.Markdown(
            "Drag from a node's right handle to another node's left handle to "
            "connect them; select and press Delete (or the button) to remove.",
            styles={"font-size": "12px", "color": "#555"},
            margin=(0, 8),
        )
        self._layout = pn.Column(
            pn.FlexBox(*self.buttons.values(), self.delete_button, self.undo_button),
            help_text,
            self.flow,
            sizing_mode="stretch_both",
        )
        self.state.param.watch(self._redraw, ["structure"])
        self.state.param.watch(self._on_state_selection, ["selection"])
        self._redraw()

    def __panel__(self):
        return self._layout

    # ------------------------------------------------------------------
    # State -> canvas

    def _redraw(self, *events):
        network = self.state.network
        colors = population_colors(network)
        known = self.state.layout
        layout = {}
        nodes, edges = [], []
        for k, pop in enumerate(network.populations):
            kind = "source" if pop.model.is_source else "population"
            ident = node_id("population", pop.label)
            short = _SHORT.get(pop.cell_type, pop.cell_type)
            position = known.get(ident) or {
                "x": 260 * (k % 3) + 180,
                "y": 130 * (k // 3),
            }
            layout[ident] = position
            nodes.append(
                {
                    "id": ident,
                    "type": kind,
                    "label": f"{pop.label} · {pop.size} × {short}",
                    "position": position,
                    "data": {},
                    "style": {
                        "border": f"2px solid {colors[pop.label]}",
                        "borderRadius": "6px",
                        "background": "#ffffff",
                        "fontSize": "12px",
                        "width": 190,
                    },
                }
            )
        for k, source in enumerate(network.current_sources):
            ident = node_id("current_source", source.label)
            position = known.get(ident) or {"x": -60, "y": 130 * k}
            layout[ident] = position
            nodes.append(
                {
                    "id": ident,
                    "type": "current",
                    "label": f"{source.label} · {source.source_type}",
                    "position": position,
                    "data": {},
                    "style": {
                        "border": "2px dashed #888",
                        "borderRadius": "14px",
                        "background": "#fffbe6",
                        "fontSize": "12px",
                        "width": 170,
                    },
                }
            )
            for target in source.targets:
                edges.append(
                    {
                        "id": f"injection:{source.label}->{target.population}",
                        "source": ident,
                        "target": node_id("population", target.population),
                        "sourceHandle": "out",
                        "targetHandle": "in",
                        "data": {},
                        "style": {"strokeDasharray": "4 3", "stroke": "#888"},
                    }
                )
        for proj in network.projections:
            inhibitory = proj.receptor_type == "inhibitory"
            edges.append(
                {
                    "id": node_id("projection", proj.label),
                    "source": node_id("population", proj.pre),
                    "target": node_id("population", proj.post),
                    "sourceHandle": "out",
                    "targetHandle": "in",
                    "label": f"{proj.connector.type.replace('Connector', '')} · "
                    f"w={_short_value(proj.synapse.weight)}",
                    "data": {},
                    "style": {
                        "stroke": "#d62728" if inhibitory else "#1f77b4",
                        "strokeWidth": 2,
                    },
                }
            )
        updates = {"nodes": nodes, "edges": edges}
        if sorted(n["id"] for n in nodes) != sorted(n["id"] for n in self.flow.nodes):
            updates["viewport"] = fit_viewport([n["position"] for n in nodes])
        self._syncing = True
        try:
            self.flow.param.update(**updates)
        finally:
            self._syncing = False
        if layout != self.state.layout:
            self.state.layout = layout

    def _on_state_selection(self, event):
        pass

    # ------------------------------------------------------------------
    # Palette

    def add(self, kind, model):
        """Add an object from the palette; a current source targets the selection."""
        state = self.state
        try:
            if kind == "population":
                parameters = (
                    {"rate": NEW_POISSON_RATE} if model == "SpikeSourcePoisson" else {}
                )
                state.add_population(
                    size=NEW_SIZES.get(model, 10),
                    cell_type=model,
                    parameters=parameters,
                )
            else:
                target = None
                if state.selection and state.selection[0] == "population":
                    pop = state.network.population(state.selection[1])
                    target = None if pop.model.is_source else pop.label
                state.add_current_source(target, model)
        except LabError as error:
            state.notify(str(error), "error")

    def delete_selected(self):
        """Delete the selected object (and what depends on it)."""
        selection = self.state.selection
        if selection is None:
            self.state.notify("Select something on the canvas to delete it.")
            return
        try:
            self.state.remove(*selection)
        except LabError as error:
            self.state.notify(str(error), "error")

    # ------------------------------------------------------------------
    # Canvas -> state

    def _check_connection(self, payload):
        """Return None if the drag may end here, else the reason it may not."""
        return self.connection_problem(payload.get("source"), payload.get("target"))

    def connection_problem(self, source, target):
        """Return why ``source`` cannot connect to ``target`` (node ids), or None."""
        network = self.state.network
        if source is None or target is None:
            return "Connect an output handle to an input handle."
        source_kind, source_label = parse_node_id(source)
        target_kind, target_label = parse_node_id(target)
        if target_kind != "population" or not self.state.has(
            "population", target_label
        ):
            return "Connections end at a population."
        post = network.population(target_label)
        if post.model.is_source:
            return (
                f"{post.label!r} is a spike source ({post.cell_type}); "
                "it cannot receive connections."
            )
        if source_kind == "current_source":
            current = network.current_source(source_label)
            if any(t.population == target_label for t in current.targets):
                return f"{source_label!r} already injects into {target_label!r}."
        return None

    def _on_edge_added(self, payload):
        if self._syncing:
            return
        edge = payload.get("edge") or {}
        source, target = edge.get("source"), edge.get("target")
        problem = self.connection_problem(source, target)
        try:
            if problem is not None:
                raise LabError(f"Connection refused: {problem}")
            source_kind, source_label = parse_node_id(source)
            target_label = parse_node_id(target)[1]
            if source_kind == "current_source":
                self.state.add_injection(source_label, target_label)
            else:
                self.state.add_projection(source_label, target_label)
        except LabError as error:
            self.state.notify(str(error), "error")
            self._redraw()

    def _on_node_deleted(self, payload):
        if self._syncing:
            return
        kind, label = parse_node_id(payload.get("node_id", ""))
        if self.state.has(kind, label):
            self._guarded(self.state.remove, kind, label)

    def _on_edge_deleted(self, payload):
        if self._syncing:
            return
        identifier = payload.get("edge_id", "")
        kind, label = parse_node_id(identifier)
        if kind == "projection" and self.state.has(kind, label):
            self._guarded(self.state.remove, kind, label)
        elif kind == "injection":
            source, _, population = label.partition("->")
            self._guarded(self.state.remove_injection, source, population)

    def _guarded(self, function, *args):
        try:
            function(*args)
        except LabError as error:
            self.state.notify(str(error), "error")
            self._redraw()

    def _on_node_moved(self, payload):
        position = payload.get("position")
        kind, label = parse_node_id(payload.get("node_id", ""))
        if position is not None and self.state.has(kind, label):
            self.state.move(kind, label, position["x"], position["y"])

    def _on_selection(self, payload):
        nodes, edges = payload.get("nodes") or [], payload.get("edges") or []
        if nodes:
            kind, label = parse_node_id(nodes[0])
        elif edges:
            kind, label = parse_node_id(edges[0])
            if kind == "injection":
                kind, label = "current_source", label.partition("->")[0]
        else:
            return
        if self.state.has(kind, label):
            self.state.selection = (kind, label)


#: Canvas area the viewport is fitted into, in screen pixels (a lower estimate).
FIT_WIDTH, FIT_HEIGHT = 760, 300
#: Size of a node on the canvas, in canvas pixels (about).
NODE_WIDTH, NODE_HEIGHT = 200, 50


def fit_viewport(positions):
    """Return a React Flow viewport ``{x, y, zoom}`` showing every node position."""
    if not positions:
        return {"x": 0.0, "y": 0.0, "zoom": 1.0}
    xs = [p["x"] for p in positions]
    ys = [p["y"] for p in positions]
    width = max(xs) - min(xs) + NODE_WIDTH
    height = max(ys) - min(ys) + NODE_HEIGHT
    zoom = min(1.2, FIT_WIDTH / width, FIT_HEIGHT / height)
    return {"x": 30.0 - min(xs) * zoom, "y": 40.0 - min(ys) * zoom, "zoom": zoom}


def _short_value(value):
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return "…"
