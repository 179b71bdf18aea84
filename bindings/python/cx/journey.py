"""Customer-journey maps: stages and touchpoints, scores, gaps, pain
points, comparisons, JSON and Mermaid, and the journey picture.

:class:`Journey` is the library's journey with the Python idioms added
here.  Stages, touchpoints and actors are addressed by their stable ids:
a :class:`Stage` or :class:`Touchpoint` is a view made of its journey
(which it keeps alive) and an id, so it stays valid across every edit
that keeps the element, and its fields are properties that read and
write the journey::

    j = cx.Journey("onboarding", title="Becoming a customer")
    sign_up = j.add_stage("sign-up", "Sign-up")
    form = sign_up.add_touchpoint("form", "Online form", channel="web",
                                  score=2, expectation=4, experience=2)
    form.pain_points.append("asks for the same data twice")
    for stage in j:
        for tp in stage:
            print(stage.name, tp.name, tp.score)
    j.score().mean, j.pain_points()[0].id
    j.to_json(), cx.Journey.from_mermaid(text), j.to_svg()

Unset numbers are ``nan``; unset texts are ``""``.  Nothing here computes
a score: every number comes from libcx (``docs/methodology/journey.md``).
"""

import math
import os

from . import core
from .errors import InvalidArgument, NotFound, ParseError
from .metrics import _Record, _num, _same
from .scale import _choice, _graft

__all__ = [
    "Journey", "Stage", "Touchpoint", "Actor", "Problem", "JourneyScores",
    "TouchpointGap", "PainPoint", "Dropoff", "Ending", "Change",
    "JourneyDiff", "CHANNELS", "OWNERS", "LAYERS", "AGGREGATES", "ZONES",
    "LANES", "load",
]

Journey = core.Journey

#: Channel names, index = the library's enum value.
CHANNELS = tuple(core.channel_name(i) for i in range(12))
#: Owner types, index = enum value.
OWNERS = tuple(core.owner_name(i) for i in range(5))
#: Layers, index = enum value.
LAYERS = tuple(core.layer_name(i) for i in range(3))
#: Aggregate score names, index = enum value.
AGGREGATES = tuple(core.journey_aggregate_name(i)
                   for i in range(core.JOURNEY_AGG_COUNT))
#: Zones of tolerance, index = enum value.
ZONES = tuple(core.journey_zone_name(i) for i in range(5))
#: Lanes of the picture.
LANES = {"touchpoints": core.LANE_TOUCHPOINTS, "emotion": core.LANE_EMOTION,
         "gaps": core.LANE_GAPS, "pain_points": core.LANE_PAIN_POINTS,
         "all": core.LANE_ALL}
_THEMES = {"light": core.THEME_LIGHT, "dark": core.THEME_DARK,
           "print": core.THEME_PRINT}
_UNKNOWN = {"preserve": core.UNKNOWN_PRESERVE, "reject": core.UNKNOWN_REJECT}
_END = core.JOURNEY_END

_TEXTS = {"name": core.TP_NAME, "description": core.TP_DESCRIPTION,
          "department": core.TP_DEPARTMENT}
_NUMBERS = {core.tp_number_name(i): i for i in range(core.TP_NUMBER_COUNT)}
_LISTS = {core.tp_list_name(i): i for i in range(core.TP_LIST_COUNT)}


def _position(position):
    return _END if position is None else int(position)


# --------------------------------------------------------------------------
# Views of the elements

class _ListField:
    """A list field of a touchpoint (actors, pain points, opportunities,
    quotes) as a mutable sequence of strings backed by the journey."""

    __slots__ = ("_tp", "_list")

    def __init__(self, tp, list_code):
        self._tp = tp
        self._list = list_code

    def _args(self):
        return self._tp._journey, self._tp._id, self._list

    def __len__(self):
        j, i, k = self._args()
        return j.touchpoint_list_count(i, k)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("list index out of range")
        j, i, k = self._args()
        return j.touchpoint_list_get(i, k, index)

    def __iter__(self):
        return iter([self[i] for i in range(len(self))])

    def __contains__(self, text):
        j, i, k = self._args()
        try:
            j.touchpoint_list_find(i, k, text)
            return True
        except NotFound:
            return False

    def index(self, text):
        j, i, k = self._args()
        try:
            return j.touchpoint_list_find(i, k, text)
        except NotFound:
            raise ValueError("%r is not in the list" % (text,)) from None

    def append(self, text):
        j, i, k = self._args()
        j.touchpoint_list_add(i, k, text)

    def extend(self, texts):
        for t in texts:
            self.append(t)

    def __delitem__(self, index):
        n = len(self)
        if index < 0:
            index += n
        j, i, k = self._args()
        j.touchpoint_list_remove(i, k, index)

    def remove(self, text):
        del self[self.index(text)]

    def clear(self):
        while len(self):
            del self[-1]

    def __eq__(self, other):
        return list(self) == list(other)

    __hash__ = None

    def __repr__(self):
        return repr(list(self))


class _Metrics:
    """The named metrics of a touchpoint as a mutable mapping."""

    __slots__ = ("_tp",)

    def __init__(self, tp):
        self._tp = tp

    def keys(self):
        j, i = self._tp._journey, self._tp._id
        return [j.touchpoint_metric_name(i, k)
                for k in range(j.touchpoint_metric_count(i))]

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return self._tp._journey.touchpoint_metric_count(self._tp._id)

    def __getitem__(self, name):
        return self._tp._journey.touchpoint_metric_get(self._tp._id, name)

    def get(self, name, default=None):
        try:
            return self[name]
        except NotFound:
            return default

    def __contains__(self, name):
        return name in self.keys()

    def __setitem__(self, name, value):
        self._tp._journey.touchpoint_metric_set(self._tp._id, name,
                                                float(value))

    def __delitem__(self, name):
        self._tp._journey.touchpoint_metric_remove(self._tp._id, name)

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def values(self):
        return [self[k] for k in self.keys()]

    def update(self, other=(), **kw):
        for k, v in dict(other, **kw).items():
            self[k] = v

    def to_dict(self):
        return dict(self.items())

    def __eq__(self, other):
        return self.to_dict() == dict(other)

    __hash__ = None

    def __repr__(self):
        return repr(self.to_dict())


def _number_property(code):
    name = core.tp_number_name(code)

    def get(self):
        return self._journey.touchpoint_get_number(self._id, code)

    def set(self, value):
        self._journey.touchpoint_set_number(
            self._id, code, math.nan if value is None else float(value))
    return property(get, set, doc="The touchpoint's %s (nan when unset; "
                    "None or nan unsets it)." % name)


def _text_property(code):
    def get(self):
        return self._journey.touchpoint_get_text(self._id, code)

    def set(self, value):
        self._journey.touchpoint_set_text(self._id, code, value)
    return property(get, set)


def _list_property(code):
    def get(self):
        return _ListField(self, code)

    def set(self, values):
        field = _ListField(self, code)
        values = list(values)
        field.clear()
        field.extend(values)
    return property(get, set)


class Touchpoint:
    """One touchpoint of a journey, addressed by its id.

    Text fields (``name``, ``description``, ``department``), numbers
    (``score``, ``expectation``, ``experience``, ``adequate``, ``desired``,
    ``importance``, ``duration``, ``reach``), ``channel``, ``owner``,
    ``layer``, ``moment_of_truth``, the lists ``actors``, ``pain_points``,
    ``opportunities``, ``quotes`` and the mapping ``metrics`` are
    properties that read and write the journey."""

    __slots__ = ("_journey", "_id")

    def __init__(self, journey, id):
        self._journey = journey
        self._id = id

    @property
    def id(self):
        return self._id

    @property
    def journey(self):
        return self._journey

    @property
    def exists(self):
        """False once the touchpoint has been removed from its journey."""
        try:
            self._journey.touchpoint_find(self._id)
            return True
        except NotFound:
            return False

    @property
    def stage(self):
        """The :class:`Stage` the touchpoint is in."""
        s, _ = self._journey.touchpoint_find(self._id)
        return Stage(self._journey, self._journey.stage_id(s))

    @property
    def position(self):
        """Position within its stage."""
        return self._journey.touchpoint_find(self._id)[1]

    name = _text_property(core.TP_NAME)
    description = _text_property(core.TP_DESCRIPTION)
    department = _text_property(core.TP_DEPARTMENT)
    score = _number_property(core.TP_SCORE)
    expectation = _number_property(core.TP_EXPECTATION)
    experience = _number_property(core.TP_EXPERIENCE)
    adequate = _number_property(core.TP_ADEQUATE)
    desired = _number_property(core.TP_DESIRED)
    importance = _number_property(core.TP_IMPORTANCE)
    duration = _number_property(core.TP_DURATION)
    reach = _number_property(core.TP_REACH)
    actors = _list_property(core.TP_ACTORS)
    pain_points = _list_property(core.TP_PAIN_POINTS)
    opportunities = _list_property(core.TP_OPPORTUNITIES)
    quotes = _list_property(core.TP_QUOTES)

    @property
    def channel(self):
        """Channel name: a built-in one ("web", "email"...), the custom
        name, or "none".  Setting a name that is not built in stores it as
        a custom channel; ``None`` unsets it."""
        return self._journey.touchpoint_get_channel(self._id)[1]

    @channel.setter
    def channel(self, value):
        if value is None or value == "":
            self._journey.touchpoint_set_channel(self._id, core.CHANNEL_NONE,
                                                 None)
            return
        if isinstance(value, int):
            self._journey.touchpoint_set_channel(self._id, value, None)
            return
        try:
            code = core.channel_parse(value)
        except ParseError:
            self._journey.touchpoint_set_channel(self._id,
                                                 core.CHANNEL_CUSTOM, value)
            return
        self._journey.touchpoint_set_channel(self._id, code, None)

    @property
    def channel_kind(self):
        """Channel enum name ("custom" for a named channel)."""
        return CHANNELS[self._journey.touchpoint_get_channel(self._id)[0]]

    @property
    def owner(self):
        """Owner type: "none", "brand", "partner", "customer", "social"."""
        return OWNERS[self._journey.touchpoint_get_owner(self._id)]

    @owner.setter
    def owner(self, value):
        code = core.OWNER_NONE if value is None else (
            value if isinstance(value, int) else core.owner_parse(value))
        self._journey.touchpoint_set_owner(self._id, code)

    @property
    def layer(self):
        """"none", "frontstage" or "backstage"."""
        return LAYERS[self._journey.touchpoint_get_layer(self._id)]

    @layer.setter
    def layer(self, value):
        code = core.LAYER_NONE if value is None else (
            value if isinstance(value, int) else core.layer_parse(value))
        self._journey.touchpoint_set_layer(self._id, code)

    @property
    def moment_of_truth(self):
        return bool(self._journey.touchpoint_get_moment_of_truth(self._id))

    @moment_of_truth.setter
    def moment_of_truth(self, flag):
        self._journey.touchpoint_set_moment_of_truth(self._id,
                                                     1 if flag else 0)

    @property
    def metrics(self):
        """Named metric values ("NPS", "CSAT"...) as a mutable mapping."""
        return _Metrics(self)

    @metrics.setter
    def metrics(self, values):
        m = _Metrics(self)
        values = dict(values)
        for k in m.keys():
            del m[k]
        m.update(values)

    @property
    def normalized_score(self):
        """The score mapped to [-1, 1] around the journey's neutral point."""
        return self._journey.normalize(self.score)

    def gap(self):
        """The :class:`TouchpointGap`: experience - expectation, adequacy,
        superiority and the zone of tolerance."""
        g = self._journey.touchpoint_gap(self._id)
        return TouchpointGap(id=self._id, gap=g.gap, adequacy=g.adequacy,
                             superiority=g.superiority, zone=ZONES[g.zone])

    def move(self, stage=None, position=None):
        """Move to ``stage`` (a Stage or id; ``None`` keeps the stage) at
        ``position`` (``None``: last)."""
        if isinstance(stage, Stage):
            stage = stage.id
        self._journey.touchpoint_move(self._id, stage, _position(position))
        return self

    def remove(self):
        """Remove the touchpoint from its journey."""
        self._journey.touchpoint_remove(self._id)

    def update(self, **fields):
        """Set several fields at once (any property name)."""
        for name, value in fields.items():
            if name not in _TP_FIELDS:
                raise TypeError("unknown touchpoint field %r" % name)
            setattr(self, name, value)
        return self

    def to_dict(self):
        """Every field as plain data."""
        d = {"id": self._id, "stage": self.stage.id}
        for name in _TP_FIELDS:
            v = getattr(self, name)
            if isinstance(v, _ListField):
                v = list(v)
            elif isinstance(v, _Metrics):
                v = v.to_dict()
            d[name] = v
        return d

    def __eq__(self, other):
        if not isinstance(other, Touchpoint):
            return NotImplemented
        return self._journey is other._journey and self._id == other._id

    def __hash__(self):
        return hash((id(self._journey), self._id))

    def __repr__(self):
        return "Touchpoint(%r, name=%r, score=%s)" % (
            self._id, self.name, _num(self.score))


_TP_FIELDS = ("name", "description", "department", "channel", "owner",
              "layer", "moment_of_truth", "score", "expectation",
              "experience", "adequate", "desired", "importance", "duration",
              "reach", "actors", "pain_points", "opportunities", "quotes",
              "metrics")


class Stage:
    """One stage of a journey, addressed by its id.  Iterating yields its
    :class:`Touchpoint` views in order; ``stage["form"]`` or ``stage[0]``
    picks one."""

    __slots__ = ("_journey", "_id")

    def __init__(self, journey, id):
        self._journey = journey
        self._id = id

    @property
    def id(self):
        return self._id

    @property
    def journey(self):
        return self._journey

    @property
    def index(self):
        """Position of the stage in the journey."""
        return self._journey.stage_find(self._id)

    @property
    def name(self):
        return self._journey.stage_get_text(self._id, core.STAGE_NAME)

    @name.setter
    def name(self, value):
        self._journey.stage_set_text(self._id, core.STAGE_NAME,
                                     "" if value is None else value)

    @property
    def description(self):
        return self._journey.stage_get_text(self._id, core.STAGE_DESCRIPTION)

    @description.setter
    def description(self, value):
        self._journey.stage_set_text(self._id, core.STAGE_DESCRIPTION, value)

    @property
    def touchpoints(self):
        """The stage's touchpoints, in order."""
        s = self.index
        return [Touchpoint(self._journey, self._journey.touchpoint_at(s, p))
                for p in range(self._journey.stage_size(s))]

    def __iter__(self):
        return iter(self.touchpoints)

    def __len__(self):
        return self._journey.stage_size(self.index)

    def __getitem__(self, key):
        if isinstance(key, str):
            tp = self._journey.touchpoint(key)
            if tp.stage.id != self._id:
                raise NotFound("touchpoint %r is not in stage %r"
                               % (key, self._id))
            return tp
        return self.touchpoints[key]

    def add_touchpoint(self, id, name=None, position=None, **fields):
        """Add a touchpoint to this stage (at ``position``; ``None``: last)
        and set ``fields`` (any :class:`Touchpoint` property)."""
        if position is None:
            self._journey.touchpoint_add(self._id, id, name)
        else:
            self._journey.touchpoint_insert(self._id, int(position), id, name)
        tp = Touchpoint(self._journey, id)
        try:
            tp.update(**fields)
        except BaseException:
            self._journey.touchpoint_remove(id)
            raise
        return tp

    def move(self, index):
        """Move the stage (with its touchpoints) to ``index`` (``None``:
        last)."""
        self._journey.stage_move(self._id, _position(index))
        return self

    def remove(self, touchpoints=False):
        """Remove the stage; one that still has touchpoints needs
        ``touchpoints=True`` (which removes them too)."""
        self._journey.stage_remove(
            self._id, core.JOURNEY_REMOVE_TOUCHPOINTS if touchpoints else 0)

    def score(self, **options):
        """The :class:`JourneyScores` of this stage's touchpoints."""
        return JourneyScores._from_raw(self._journey.score_stage(
            self._id, _score_options(**options)))

    def dropoff(self):
        """The :class:`Dropoff` into this stage."""
        d = self._journey.stage_dropoff(self._id)
        return Dropoff(stage=self._id, reach=d.reach, previous=d.previous,
                       drop=d.drop, drop_share=d.drop_share)

    def __eq__(self, other):
        if not isinstance(other, Stage):
            return NotImplemented
        return self._journey is other._journey and self._id == other._id

    def __hash__(self):
        return hash((id(self._journey), self._id))

    def __repr__(self):
        return "Stage(%r, name=%r, %d touchpoints)" % (self._id, self.name,
                                                       len(self))


class Actor:
    """An actor (persona) of a journey, addressed by its id."""

    __slots__ = ("_journey", "_id")

    def __init__(self, journey, id):
        self._journey = journey
        self._id = id

    @property
    def id(self):
        return self._id

    @property
    def name(self):
        return self._journey.actor_get_name(self._id)

    @name.setter
    def name(self, value):
        self._journey.actor_set_name(self._id, value)

    def score(self, **options):
        """The :class:`JourneyScores` of this actor's touchpoints."""
        return JourneyScores._from_raw(self._journey.score_actor(
            self._id, _score_options(**options)))

    def remove(self):
        """Remove the actor, also from every touchpoint."""
        self._journey.actor_remove(self._id)

    def __eq__(self, other):
        if not isinstance(other, Actor):
            return NotImplemented
        return self._journey is other._journey and self._id == other._id

    def __hash__(self):
        return hash((id(self._journey), self._id))

    def __repr__(self):
        return "Actor(%r, name=%r)" % (self._id, self.name)


# --------------------------------------------------------------------------
# Plain records

class _JRecord(_Record):
    def __reduce__(self):
        return (_rebuild, (type(self).__name__, self.to_dict()))


def _rebuild(name, values):
    return globals()[name](**values)


class Problem(_JRecord):
    """One problem found by :meth:`Journey.validate`: ``code`` (e.g.
    "duplicate-id"), ``element`` ("journey", "actor", "stage",
    "touchpoint"), the element's ``id``, the ``field`` and a ``message``."""

    fields = ("code", "element", "id", "field", "message")
    _shown = fields

    def __str__(self):
        return self.message


class JourneyScores(_JRecord):
    """Aggregate scores over the normalised touchpoint scores (see
    ``cx_journey_scores``)."""

    fields = ("n", "n_weighted") + AGGREGATES
    _shown = ("n", "mean", "peak", "trough", "end", "peak_end")

    @classmethod
    def _from_raw(cls, raw):
        return cls(**{f: getattr(raw, f) for f in cls.fields})

    def __getitem__(self, name):
        if name not in AGGREGATES:
            raise KeyError(name)
        return getattr(self, name)


class TouchpointGap(_JRecord):
    """Gap figures of one touchpoint (``cx_journey_gap``)."""

    fields = ("id", "gap", "adequacy", "superiority", "zone")
    _shown = fields


class PainPoint(_JRecord):
    """A touchpoint ranked by improvement priority."""

    fields = ("rank", "id", "name", "priority", "gap")
    _shown = fields


class Dropoff(_JRecord):
    """Reach of a stage and the drop-off into it."""

    fields = ("stage", "reach", "previous", "drop", "drop_share")
    _shown = fields


class Ending(_JRecord):
    """The "end on a positive note" check (``cx_journey_ending``);
    ``final_stage`` is the stage id (``None`` when no stage is scored)."""

    fields = ("flagged", "final_stage", "final_mean", "journey_mean",
              "shortfall")
    _shown = fields

    def __bool__(self):
        return bool(self.flagged)


class Change(_JRecord):
    """One change record of a :class:`JourneyDiff`."""

    fields = ("kind", "element", "id", "field", "old", "new")
    _shown = fields


class JourneyDiff:
    """Differences between two journeys: ``changes`` (a list of
    :class:`Change`), ``before`` and ``after`` (:class:`JourneyScores`) and
    ``score_changes`` (after - before per aggregate).  Iterating yields the
    changes."""

    def __init__(self, changes, before, after, score_changes):
        self.changes = list(changes)
        self.before = before
        self.after = after
        self.score_changes = dict(score_changes)

    @classmethod
    def _from_raw(cls, raw):
        changes = [Change(kind=core.journey_change_kind_name(raw.kind(i)),
                          element=core.journey_element_name(raw.element(i)),
                          id=raw.id(i), field=raw.field(i),
                          old=raw.old_value(i), new=raw.new_value(i))
                   for i in range(raw.count())]
        return cls(changes, JourneyScores._from_raw(raw.scores_before()),
                   JourneyScores._from_raw(raw.scores_after()),
                   {a: raw.score_change(i) for i, a in enumerate(AGGREGATES)})

    def __iter__(self):
        return iter(self.changes)

    def __len__(self):
        return len(self.changes)

    def __getitem__(self, i):
        return self.changes[i]

    def of_kind(self, kind):
        """The changes of one kind ("added", "removed", "moved",
        "changed")."""
        return [c for c in self.changes if c.kind == kind]

    def to_records(self):
        return [c.to_dict() for c in self.changes]

    def to_dataframe(self):
        """The changes as a pandas DataFrame."""
        import pandas
        return pandas.DataFrame.from_records(
            self.to_records(),
            columns=list(Change.fields))

    def __eq__(self, other):
        if not isinstance(other, JourneyDiff):
            return NotImplemented
        return (self.changes == other.changes and self.before == other.before
                and self.after == other.after
                and _same(self.score_changes, other.score_changes))

    __hash__ = None

    def __repr__(self):
        return "<JourneyDiff: %d changes, mean %s>" % (
            len(self.changes), _num(self.score_changes["mean"]))


def _score_options(peak_end_weight=None, unassigned_for_all=None):
    o = core.JourneyScoreOptions()
    if peak_end_weight is not None:
        o.peak_end_weight = float(peak_end_weight)
    if unassigned_for_all is not None:
        o.unassigned_for_all = 1 if unassigned_for_all else 0
    return o


def _lanes(lanes):
    if isinstance(lanes, int):
        return lanes
    if isinstance(lanes, str):
        lanes = [lanes]
    bits = 0
    for lane in lanes:
        bits |= _choice(lane, LANES, "lane")
    return bits


# --------------------------------------------------------------------------
# The journey

def _from_json(text=None, path=None, name=None, unknown="preserve",
               validate=False, max_bytes=0, max_depth=0, max_string=0,
               max_touchpoints=0):
    return core.journey_from_json(
        None if path is None else str(path), text, name,
        _choice(unknown, _UNKNOWN, "unknown-fields policy"), int(max_bytes),
        int(max_depth), int(max_string), int(max_touchpoints),
        1 if validate else 0)


def _from_mermaid(text=None, path=None, name=None, lenient=False,
                  scale=(1.0, 3.0, 5.0), max_bytes=0, max_touchpoints=0):
    lo, neutral, hi = (float(x) for x in scale)
    return core.journey_from_mermaid(
        None if path is None else str(path), text, name, 1 if lenient else 0,
        lo, neutral, hi, int(max_bytes), int(max_touchpoints))


def _journey_from_json_text(text):
    return _from_json(text)


_MERMAID_EXT = (".mmd", ".mermaid")


def load(path, format=None, **options):
    """Load a journey file: JSON (``.json``) or Mermaid (``.mmd``,
    ``.mermaid``), by extension unless ``format`` says ("json" or
    "mermaid").  Options as for :meth:`Journey.from_json` /
    :meth:`Journey.from_mermaid`."""
    path = os.fspath(path)
    if format is None:
        format = "mermaid" if path.lower().endswith(_MERMAID_EXT) else "json"
    if format == "json":
        return _from_json(path=path, **options)
    if format == "mermaid":
        return _from_mermaid(path=path, **options)
    raise InvalidArgument("unknown journey format %r; expected 'json' or "
                          "'mermaid'" % (format,))


_journey_init = Journey.__init__
_journey_id = Journey.id
_journey_score = Journey.score
_journey_validate = Journey.validate
_journey_to_json = Journey.to_json
_journey_to_mermaid = Journey.to_mermaid


@_graft(Journey)
class _Journey:
    def __init__(self, id=None, title=None, description=None, scale=None):
        """An empty journey with the id ``id`` (fixed for its lifetime),
        optionally a title, a description and a scale ``(min, neutral,
        max)`` (default 1, 3, 5 as Mermaid)."""
        _journey_init(self, id)
        if title is not None:
            self.title = title
        if description is not None:
            self.description = description
        if scale is not None:
            self.scale = scale

    # --- files and text ---------------------------------------------------

    @staticmethod
    def from_json(text, name=None, unknown="preserve", validate=False,
                  max_bytes=0, max_depth=0, max_string=0, max_touchpoints=0):
        """A journey from JSON text (docs/journey-format.md).  Unknown
        members are kept (``unknown="preserve"``) or refused
        (``"reject"``); ``validate`` also fails on the first validation
        problem; the ``max_*`` limits (0: the defaults) guard against
        hostile uploads.  :class:`cx.ParseError` carries the line, column
        and the member's path."""
        return _from_json(text, None, name, unknown, validate, max_bytes,
                          max_depth, max_string, max_touchpoints)

    @staticmethod
    def from_mermaid(text, name=None, lenient=False, scale=(1, 3, 5),
                     max_bytes=0, max_touchpoints=0):
        """A journey from a Mermaid ``journey`` diagram.  Strict by
        default: a score that is not a number inside ``scale`` ``(min,
        neutral, max)`` is an error with line and column; ``lenient``
        accepts what Mermaid accepts."""
        return _from_mermaid(text, None, name, lenient, scale, max_bytes,
                             max_touchpoints)

    load = staticmethod(load)

    def to_json(self, indent=2):
        """The journey as JSON text (deterministic)."""
        return _journey_to_json(self, int(indent))

    def to_mermaid(self):
        """The journey as a Mermaid ``journey`` diagram."""
        return _journey_to_mermaid(self)

    def save(self, path, format=None, indent=2):
        """Write the journey as JSON or Mermaid (by extension unless
        ``format`` says)."""
        path = os.fspath(path)
        if format is None:
            format = "mermaid" if path.lower().endswith(_MERMAID_EXT) \
                else "json"
        if format == "json":
            text = self.to_json(indent)
        elif format == "mermaid":
            text = self.to_mermaid()
        else:
            raise InvalidArgument("unknown journey format %r" % (format,))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return self

    def to_svg(self, width=0, theme="light", lanes="all", title=None):
        """The journey map as SVG text: ``width`` in pixels (0 fits the
        touchpoints), ``theme`` "light", "dark" or "print", ``lanes`` a
        lane name or a list of them ("touchpoints", "emotion", "gaps",
        "pain_points", "all"), ``title`` (default the journey's)."""
        return core.journey_render_svg(self, int(width),
                                       _choice(theme, _THEMES, "theme"),
                                       _lanes(lanes), title)

    def _repr_svg_(self):
        return self.to_svg()

    # --- fields -----------------------------------------------------------

    @property
    def id(self):
        """The journey's id ("" for none)."""
        return _journey_id(self)

    @property
    def title(self):
        return self.get_text(core.JOURNEY_TITLE)

    @title.setter
    def title(self, value):
        self.set_text(core.JOURNEY_TITLE, value)

    @property
    def description(self):
        return self.get_text(core.JOURNEY_DESCRIPTION)

    @description.setter
    def description(self, value):
        self.set_text(core.JOURNEY_DESCRIPTION, value)

    @property
    def scale(self):
        """The score scale ``(min, neutral, max)``."""
        return tuple(self.get_scale())

    @scale.setter
    def scale(self, value):
        lo, neutral, hi = value
        self.set_scale(float(lo), float(neutral), float(hi))

    # --- actors -----------------------------------------------------------

    @property
    def actors(self):
        """The actors (personas), in order."""
        return [Actor(self, self.actor_id(i)) for i in range(self.n_actors())]

    def add_actor(self, id, name=None):
        """Declare an actor (``name`` defaults to the id)."""
        self.actor_add(id, name)
        return Actor(self, id)

    def actor(self, id):
        """The :class:`Actor` with this id (:class:`cx.NotFound`)."""
        self.actor_find(id)
        return Actor(self, id)

    # --- stages and touchpoints -------------------------------------------

    @property
    def stages(self):
        """The stages, in order."""
        return [Stage(self, self.stage_id(i)) for i in range(self.n_stages())]

    def __iter__(self):
        """The stages, in order."""
        return iter(self.stages)

    def __len__(self):
        return self.n_stages()

    @property
    def touchpoints(self):
        """Every touchpoint in journey order."""
        return [Touchpoint(self, self.touchpoint_id(i))
                for i in range(self.n_touchpoints())]

    def add_stage(self, id, name=None, position=None, description=None):
        """Add a stage at ``position`` (``None``: last)."""
        if position is None:
            self.stage_add(id, name)
        else:
            self.stage_insert(int(position), id, name)
        stage = Stage(self, id)
        if description is not None:
            stage.description = description
        return stage

    def stage(self, key):
        """A stage by id or index."""
        if isinstance(key, str):
            self.stage_find(key)
            return Stage(self, key)
        n = self.n_stages()
        if key < 0:
            key += n
        if not 0 <= key < n:
            raise IndexError("stage index %d out of range" % key)
        return Stage(self, self.stage_id(key))

    def touchpoint(self, id):
        """A touchpoint by id (:class:`cx.NotFound`)."""
        self.touchpoint_find(id)
        return Touchpoint(self, id)

    def __getitem__(self, key):
        """``j["sign-up"]`` a stage or touchpoint by id; ``j[0]`` a stage
        by index."""
        if isinstance(key, str):
            try:
                self.stage_find(key)
                return Stage(self, key)
            except NotFound:
                return self.touchpoint(key)
        return self.stage(key)

    def __contains__(self, key):
        try:
            self[key]
            return True
        except (NotFound, IndexError):
            return False

    # --- analysis ---------------------------------------------------------

    def validate(self):
        """Every problem at once, as a list of :class:`Problem` (empty when
        the journey is valid)."""
        p = _journey_validate(self)
        return [Problem(code=core.journey_problem_code_name(p.code(i)),
                        element=core.journey_element_name(p.element(i)),
                        id=p.id(i), field=p.field(i), message=p.message(i))
                for i in range(p.count())]

    @property
    def valid(self):
        return not self.validate()

    def score(self, stage=None, actor=None, peak_end_weight=None,
              unassigned_for_all=None):
        """The :class:`JourneyScores` of the journey, of one ``stage`` or
        of one ``actor`` (ids or views).  ``peak_end_weight`` (0.5) weighs
        the most intense moment against the end; ``unassigned_for_all``
        (True) counts touchpoints without actors for every actor."""
        o = _score_options(peak_end_weight, unassigned_for_all)
        if stage is not None and actor is not None:
            raise InvalidArgument("score a stage or an actor, not both")
        if stage is not None:
            sid = stage.id if isinstance(stage, Stage) else stage
            return JourneyScores._from_raw(self.score_stage(sid, o))
        if actor is not None:
            aid = actor.id if isinstance(actor, Actor) else actor
            return JourneyScores._from_raw(self.score_actor(aid, o))
        return JourneyScores._from_raw(_journey_score(self, o))

    def stage_scores(self, **options):
        """A dict from stage id to its :class:`JourneyScores`."""
        return {s.id: s.score(**options) for s in self.stages}

    def gaps(self):
        """The :class:`TouchpointGap` of every touchpoint, journey order."""
        return [tp.gap() for tp in self.touchpoints]

    def pain_points(self):
        """Touchpoints whose experience falls short of expectation, ranked
        by priority = -gap x importance x reach (a list of
        :class:`PainPoint`)."""
        r = self.rank_pain_points()
        out = []
        for i in range(r.count()):
            tid = r.id(i)
            out.append(PainPoint(rank=i + 1, id=tid,
                                 name=self.touchpoint_get_text(
                                     tid, core.TP_NAME),
                                 priority=r.priority(i), gap=r.gap(i)))
        return out

    def dropoff(self):
        """The :class:`Dropoff` of every stage, in order."""
        return [s.dropoff() for s in self.stages]

    def ending(self):
        """The "end on a positive note" check (:class:`Ending`, true when
        flagged)."""
        e = self.check_ending()
        final = None if e.final_stage == core.JOURNEY_END \
            else self.stage_id(e.final_stage)
        return Ending(flagged=bool(e.flagged), final_stage=final,
                      final_mean=e.final_mean, journey_mean=e.journey_mean,
                      shortfall=e.shortfall)

    def diff(self, other, peak_end_weight=None, unassigned_for_all=None):
        """Compare this journey (before) with ``other`` (after): a
        :class:`JourneyDiff`."""
        raw = core.journey_diff_new(self, other, _score_options(
            peak_end_weight, unassigned_for_all))
        return JourneyDiff._from_raw(raw)

    def to_dataframe(self):
        """One row per touchpoint with every field and its gap (pandas)."""
        import pandas
        rows = []
        for tp in self.touchpoints:
            d = tp.to_dict()
            g = tp.gap()
            d.update(gap=g.gap, adequacy=g.adequacy,
                     superiority=g.superiority, zone=g.zone,
                     normalized_score=tp.normalized_score)
            rows.append(d)
        return pandas.DataFrame.from_records(rows)

    # --- copies and comparison --------------------------------------------

    def copy(self):
        """An independent deep copy."""
        return core.journey_copy(self)

    __copy__ = copy

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        return (_journey_from_json_text, (self.to_json(0),))

    def __eq__(self, other):
        if not isinstance(other, Journey):
            return NotImplemented
        return bool(self.equal(other))

    __hash__ = None

    def __repr__(self):
        return "<Journey %r: %d stages, %d touchpoints>" % (
            self.id, self.n_stages(), self.n_touchpoints())
