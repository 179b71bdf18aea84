"""Expectation versus experience: SERVQUAL-style gap analysis, zone of
tolerance, importance-performance analysis (IPA) and subjective
disconfirmation.

:class:`GapSurvey` is the library's mergeable accumulator with the Python
idioms added here: items declared by id, respondents from sequences,
dicts or NumPy arrays, batches of respondents read in place from NumPy
arrays or pandas columns, pickling, ``a + b``.  :class:`GapResult` is plain
data: one :class:`GapItemRow` per item, one :class:`GapDimensionRow` per
dimension, the overall and weighted scores and the IPA crosshair, with
pandas output.  Nothing here computes a statistic (formulas:
``docs/methodology/gap.md``)::

    s = cx.GapSurvey.servqual()
    s.add_batch(expectation=E, perception=P)     # respondents x 22 arrays
    r = s.result()
    r.items_dataframe()                          # one row per item
    r["SQ5"].mean, r["SQ5"].p_t_holm
    r.dimension("reliability").mean

Undefined statistics are ``nan``; quadrants are their names (``None``
when unknown).
"""

import html
import math

from . import core
from .limits import read_limits
from .errors import InvalidArgument, NotFound
from .metrics import _Record, _keep_owner, _num
from .scale import Scale, _choice, _graft, preset

__all__ = [
    "GapSurvey", "GapResult", "GapItemRow", "GapDimensionRow", "GapScore",
    "KINDS", "QUADRANTS", "ZERO_METHODS", "OVERALL", "CROSSHAIRS",
    "quadrant_name", "read_csv", "read_csv_buffer", "read_csv_segments",
    "read_csv_segments_buffer", "LINK_LISTS", "link_report",
]

GapSurvey = core.GapSurvey

# Rows, statistics and the weighted score are views into their result.
for _name in ("item_row", "dimension_row", "options", "weighted"):
    _keep_owner(core.GapResult, _name)
_keep_owner(core.GapItemResult, "gap")
_keep_owner(core.GapDimensionResult, "gap")
del _name

#: The answers of one item, in the order of the C API's response struct.
KINDS = ("expectation", "perception", "adequate", "desired", "importance",
         "disconfirmation")
#: Quadrant names, index = the library's enum value.
QUADRANTS = tuple(core.gap_quadrant_name(i) for i in range(4))
#: Zero methods of the Wilcoxon signed-rank test (SciPy's names).
ZERO_METHODS = {"wilcox": core.GAP_ZERO_WILCOX, "pratt": core.GAP_ZERO_PRATT,
                "zsplit": core.GAP_ZERO_ZSPLIT}
#: Rules of the overall unweighted score.
OVERALL = {"dimensions": core.GAP_OVERALL_DIMENSIONS,
           "items": core.GAP_OVERALL_ITEMS}
#: Where the IPA crosshair lies.
CROSSHAIRS = {"mean": core.GAP_CROSSHAIR_MEAN,
              "median": core.GAP_CROSSHAIR_MEDIAN,
              "midpoint": core.GAP_CROSSHAIR_MIDPOINT,
              "custom": core.GAP_CROSSHAIR_CUSTOM}
_LAYOUTS = {"auto": core.GAP_CSV_AUTO, "long": core.GAP_CSV_LONG,
            "wide": core.GAP_CSV_WIDE}
_NO_DIMENSION = core.GAP_NO_DIMENSION
_THEMES = {"light": core.THEME_LIGHT, "dark": core.THEME_DARK,
           "print": core.THEME_PRINT}
_ORDERS = {"gap": core.GAP_ORDER_GAP, "items": core.GAP_ORDER_ITEMS}
_AXES = {"performance": core.IPA_PERFORMANCE, "gap": core.IPA_GAP}
#: Lists of a journey link report, index = the library's enum value.
LINK_LISTS = ("matched", "no_data", "item_only", "touchpoint_only")


def link_report(raw):
    """A journey link report as a dict of id lists."""
    return {name: [raw.id(k, i) for i in range(raw.count(k))]
            for k, name in enumerate(LINK_LISTS)}


def quadrant_name(quadrant):
    """Name of a quadrant enum value; ``None`` for "none" (-1)."""
    return None if quadrant == core.GAP_QUADRANT_NONE \
        else core.gap_quadrant_name(int(quadrant))


# --------------------------------------------------------------------------
# Results: plain records

class _GapRecord(_Record):
    def __reduce__(self):
        return (_rebuild, (type(self).__name__, self.to_dict()))


def _rebuild(name, values):
    return globals()[name](**values)


#: Fields of the statistics of one gap variable (cx_gap_stats).
STATS_FIELDS = (
    "n", "sum_weights", "n_eff", "mean_e", "mean_p", "sd_e", "sd_p", "mean",
    "median", "sd", "se", "ci_low", "ci_high", "t", "df", "p_t", "p_t_holm",
    "p_t_bh", "n_zero", "n_ranked", "w_plus", "w_minus", "w", "z", "p_w",
    "p_w_holm", "p_w_bh", "d_z", "d_av", "g_z", "g_av")

_ITEM_OWN = (
    "n_missing", "n_not_applicable", "n_dont_know", "zot_n",
    "zot_inversions", "zot_below", "zot_within", "zot_above", "msa_mean",
    "msa_sd", "mss_mean", "mss_sd", "width_mean", "width_sd",
    "importance_n", "importance_mean", "importance_sd", "performance_n",
    "performance_mean", "priority", "disconfirmation_n",
    "disconfirmation_mean", "disconfirmation_sd")


class GapItemRow(_GapRecord):
    """Every figure of one item: the gap P - E (``mean``, ``sd``, the t
    interval ``ci_low`` .. ``ci_high``, paired t-test, Wilcoxon test,
    adjusted p-values, effect sizes), the zone of tolerance (``zot_*``,
    ``msa_*``, ``mss_*``, ``width_*``), IPA (``importance_mean``,
    ``performance_mean``, ``quadrant``, ``gap_quadrant``, ``priority``) and
    the direct disconfirmation rating.  See ``cx_gap_item_result`` and
    ``cx_gap_stats`` for each field."""

    fields = ("id", "label", "dimension") + STATS_FIELDS + _ITEM_OWN + (
        "quadrant", "gap_quadrant")
    _shown = ("id", "dimension", "n", "mean", "ci_low", "ci_high", "p_t",
              "quadrant")

    @classmethod
    def _from_raw(cls, raw, dimensions):
        v = {"id": raw.id, "label": raw.label}
        d = raw.dimension_index()
        v["dimension"] = None if d == _NO_DIMENSION else dimensions[d]
        g = raw.gap
        for name in STATS_FIELDS:
            v[name] = getattr(g, name)
        for name in _ITEM_OWN:
            v[name] = getattr(raw, name)
        v["quadrant"] = quadrant_name(raw.quadrant)
        v["gap_quadrant"] = quadrant_name(raw.gap_quadrant)
        return cls(**v)

    @property
    def gap(self):
        """The mean gap P - E (same as ``mean``)."""
        return self.mean


class GapDimensionRow(_GapRecord):
    """The statistics of one dimension over the respondents whose
    dimension gap is defined (see ``cx_gap_dimension_result``)."""

    fields = ("name", "n_items", "n_too_few", "n_none") + STATS_FIELDS
    _shown = ("name", "n_items", "n", "mean", "ci_low", "ci_high", "p_t")

    @classmethod
    def _from_raw(cls, raw):
        v = {"name": raw.name, "n_items": raw.n_items,
             "n_too_few": raw.n_too_few, "n_none": raw.n_none}
        g = raw.gap
        for name in STATS_FIELDS:
            v[name] = getattr(g, name)
        return cls(**v)

    @property
    def gap(self):
        """The mean dimension gap (same as ``mean``)."""
        return self.mean


class GapScore(_GapRecord):
    """The weighted SERVQUAL score (``cx_gap_score``)."""

    fields = ("n", "n_no_points", "n_incomplete", "sum_weights", "n_eff",
              "mean", "sd", "se", "ci_low", "ci_high")
    _shown = ("n", "mean", "ci_low", "ci_high")


def _options(level=None, confidence=None, zero_method=None,
             tie_correction=None, continuity=None, overall=None,
             drop_inversions=None, crosshair=None):
    o = core.GapOptions()
    if level is not None and confidence is not None:
        raise InvalidArgument("give level or confidence, not both")
    if confidence is not None:
        level = confidence
    if level is not None:
        o.level = float(level)
    if zero_method is not None:
        o.zero_method = _choice(zero_method, ZERO_METHODS, "zero method")
    if tie_correction is not None:
        o.tie_correction = 1 if tie_correction else 0
    if continuity is not None:
        o.continuity = 1 if continuity else 0
    if overall is not None:
        o.overall = _choice(overall, OVERALL, "overall rule")
    if drop_inversions is not None:
        o.drop_inversions = 1 if drop_inversions else 0
    if crosshair is not None:
        if isinstance(crosshair, (tuple, list)):
            if len(crosshair) != 3:
                raise InvalidArgument("a custom crosshair is (importance, "
                                      "performance, gap)")
            o.crosshair = core.GAP_CROSSHAIR_CUSTOM
            (o.custom_importance, o.custom_performance,
             o.custom_gap) = (float(x) for x in crosshair)
        else:
            o.crosshair = _choice(crosshair, CROSSHAIRS, "crosshair")
    return o


def _options_dict(o):
    def name(table, value):
        return {v: k for k, v in table.items()}[value]
    d = {"level": o.level,
         "zero_method": name(ZERO_METHODS, o.zero_method),
         "tie_correction": bool(o.tie_correction),
         "continuity": bool(o.continuity),
         "overall": name(OVERALL, o.overall),
         "drop_inversions": bool(o.drop_inversions),
         "crosshair": name(CROSSHAIRS, o.crosshair)}
    if o.crosshair == core.GAP_CROSSHAIR_CUSTOM:
        d["crosshair"] = (o.custom_importance, o.custom_performance,
                          o.custom_gap)
    return d


class GapResult:
    """The results of a gap survey: plain data that does not depend on the
    survey and pickles.

    ``result["SQ5"]`` or ``result[4]`` is an item's :class:`GapItemRow`;
    iteration yields the item rows in order; ``result.dimensions`` the
    :class:`GapDimensionRow` rows, ``result.dimension("reliability")`` one
    of them; ``overall`` the unweighted score, ``weighted`` the weighted
    SERVQUAL score (:class:`GapScore`), ``crosshair`` the IPA crosshair."""

    def __init__(self, items, dimensions, overall, weighted, crosshair,
                 options, _raw=None):
        # The library's result, kept for pictures and journey links (None
        # once unpickled).
        self._raw = _raw
        self.items = list(items)
        self.dimensions = list(dimensions)
        self.overall = overall
        self.weighted = weighted
        self.crosshair = dict(crosshair)
        self.options = dict(options)

    @classmethod
    def _from_raw(cls, raw, dimension_names):
        items = [GapItemRow._from_raw(raw.item_row(i), dimension_names)
                 for i in range(raw.n_items())]
        dims = [GapDimensionRow._from_raw(raw.dimension_row(i))
                for i in range(raw.n_dimensions())]
        w = raw.weighted()
        weighted = GapScore(**{f: getattr(w, f) for f in GapScore.fields})
        imp, perf, gap = raw.crosshair()
        return cls(items, dims, raw.overall(), weighted,
                   {"importance": imp, "performance": perf, "gap": gap},
                   _options_dict(raw.options()), raw)

    @property
    def item_ids(self):
        return [r.id for r in self.items]

    @property
    def dimension_names(self):
        return [r.name for r in self.dimensions]

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, key):
        if isinstance(key, str):
            for row in self.items:
                if row.id == key:
                    return row
            raise NotFound("no item %r" % key)
        return self.items[key]

    def dimension(self, key):
        """The :class:`GapDimensionRow` of a dimension (name or index)."""
        if isinstance(key, str):
            for row in self.dimensions:
                if row.name == key:
                    return row
            raise NotFound("no dimension %r" % key)
        return self.dimensions[key]

    def _frame(self, rows):
        try:
            import pandas
        except ImportError as e:  # pragma: no cover - pandas is optional
            raise ImportError("data frames need pandas") from e
        return pandas.DataFrame.from_records([r.to_dict() for r in rows])

    def items_dataframe(self):
        """One row per item, every field a column (pandas)."""
        return self._frame(self.items)

    def dimensions_dataframe(self):
        """One row per dimension (pandas)."""
        return self._frame(self.dimensions)

    def to_dataframe(self, what="items"):
        """``"items"`` (default) or ``"dimensions"`` as a pandas DataFrame."""
        if what == "items":
            return self.items_dataframe()
        if what == "dimensions":
            return self.dimensions_dataframe()
        raise InvalidArgument("to_dataframe takes 'items' or 'dimensions'")

    def ipa(self):
        """Importance-performance analysis, one row per item: importance,
        performance, gap, both quadrants and the priority (pandas)."""
        frame = self.items_dataframe()
        return frame[["id", "label", "dimension", "importance_mean",
                      "performance_mean", "mean", "quadrant", "gap_quadrant",
                      "priority"]].rename(columns={"mean": "gap"})

    def _library_result(self):
        if self._raw is None:
            raise InvalidArgument(
                "this GapResult was unpickled and has no library result; "
                "compute it again from its survey")
        return self._raw

    def __reduce__(self):
        return (GapResult, (self.items, self.dimensions, self.overall,
                            self.weighted, self.crosshair, self.options))

    def gap_svg(self, width=720, title=None, theme="light", order="gap",
                zone=True, labels=False, x_range=None):
        """The gap chart as SVG text: a bar per item with its interval,
        sorted by gap (``order="gap"``) or in item order (``"items"``),
        the zone of tolerance behind items that have one."""
        lo, hi = (0.0, 0.0) if x_range is None else map(float, x_range)
        return core.render_gap_svg(
            self._library_result(), int(width), title,
            _choice(theme, _THEMES, "theme"),
            _choice(order, _ORDERS, "order"), 1 if zone else 0,
            1 if labels else 0, lo, hi)

    def ipa_svg(self, width=640, height=560, title=None, theme="light",
                x_axis="performance", diagonal=False, labels=False,
                x_range=None, y_range=None):
        """The importance-performance chart as SVG text; ``x_axis``
        "performance" (classic IPA) or "gap" (gap-based IPA);
        ``diagonal`` draws the iso-priority line."""
        x0, x1 = (0.0, 0.0) if x_range is None else map(float, x_range)
        y0, y1 = (0.0, 0.0) if y_range is None else map(float, y_range)
        return core.render_ipa_svg(
            self._library_result(), int(width), int(height), title,
            _choice(theme, _THEMES, "theme"),
            _choice(x_axis, _AXES, "axis"), 1 if diagonal else 0,
            1 if labels else 0, x0, x1, y0, y1)

    def _repr_svg_(self):
        if self._raw is None:
            return None
        return self.gap_svg()

    def link_journey(self, journey, scale=None, zone=True, importance=True):
        """Write each item's mean expectation, experience (and, with
        ``zone`` / ``importance``, adequate and desired levels and mean
        importance) into the touchpoint of ``journey`` with the item's
        id.  ``scale`` ``(min, max)`` of the answers maps levels onto the
        journey's scale.  Returns the link report: a dict of id lists
        ``matched``, ``no_data``, ``item_only``, ``touchpoint_only``."""
        lo, hi = (0.0, 0.0) if scale is None else map(float, scale)
        return link_report(core.gap_result_link_journey(
            self._library_result(), journey, lo, hi, 1 if zone else 0,
            1 if importance else 0))

    def to_dict(self):
        return {"items": [r.to_dict() for r in self.items],
                "dimensions": [r.to_dict() for r in self.dimensions],
                "overall": self.overall, "weighted": self.weighted.to_dict(),
                "crosshair": self.crosshair, "options": self.options}

    def __eq__(self, other):
        if not isinstance(other, GapResult):
            return NotImplemented
        from .metrics import _same
        return _same(self.to_dict()["overall"], other.overall) and \
            self.items == other.items and \
            self.dimensions == other.dimensions and \
            self.weighted == other.weighted and \
            self.options == other.options

    __hash__ = None

    def _repr_html_(self):
        def cell(v):
            if isinstance(v, float):
                return "&ndash;" if v != v else "%.3f" % v
            return "&ndash;" if v is None else html.escape(str(v))
        cols = ("id", "dimension", "n", "mean_e", "mean_p", "mean", "ci_low",
                "ci_high", "p_t_holm", "quadrant")
        head = "".join("<th>%s</th>" % c for c in cols)
        body = "".join("<tr>%s</tr>" % "".join(
            "<td>%s</td>" % cell(getattr(r, c)) for c in cols)
            for r in self.items)
        return ("<table class=\"cx-gap\"><caption>Gap analysis (overall "
                "%s)</caption><thead><tr>%s</tr></thead><tbody>%s</tbody>"
                "</table>" % (cell(self.overall), head, body))

    def __repr__(self):
        return "<GapResult: %d items, %d dimensions, overall %s>" % (
            len(self.items), len(self.dimensions), _num(self.overall))


# --------------------------------------------------------------------------
# Accumulator

def _scale_arg(scale):
    if scale is None or isinstance(scale, Scale):
        return scale
    if isinstance(scale, str):
        return preset(scale)
    raise TypeError("a scale is a cx.Scale, a preset name or None")


def _doubles(values, names, what):
    """A float64 array of one value per name from a sequence, dict or
    array (``None`` entries are NaN)."""
    import numpy
    if values is None:
        return None
    if isinstance(values, dict):
        unknown = set(values) - set(names)
        if unknown:
            raise NotFound("%s names unknown %s: %s" % (
                what, "dimensions" if what == "dimension_points" else "items",
                ", ".join(sorted(map(str, unknown)))))
        values = [values.get(n) for n in names]
    if not hasattr(values, "dtype"):
        values = [math.nan if v is None else v for v in values]
    return numpy.ascontiguousarray(values, dtype="float64")


def _as_column(values):
    """Buffers pass untouched; pandas Series and lists become arrays."""
    if values is None:
        return None
    try:
        memoryview(values).release()
        return values
    except TypeError:
        pass
    if hasattr(values, "to_numpy"):
        import pandas
        if isinstance(values.dtype, pandas.api.extensions.ExtensionDtype):
            return values.to_numpy(dtype="float64", na_value=math.nan)
        return values.to_numpy()
    import numpy
    return numpy.asarray([math.nan if v is None else v for v in values],
                         dtype="float64")


def _columns(values, names, what):
    """One column per name from a 2-D array (rows are respondents; columns
    are read as strided views, not copied), a pandas DataFrame (columns by
    name), a dict of columns, or a sequence of columns."""
    if values is None:
        return None
    if hasattr(values, "columns") and hasattr(values, "to_numpy"):
        missing = [n for n in names if n not in values.columns]
        if missing:
            raise NotFound("%s: no column for %s" % (what, ", ".join(missing)))
        return [_as_column(values[n]) for n in names]
    if isinstance(values, dict):
        missing = [n for n in names if n not in values]
        if missing:
            raise NotFound("%s: no column for %s" % (what, ", ".join(missing)))
        return [_as_column(values[n]) for n in names]
    if getattr(values, "ndim", None) == 2:
        if values.shape[1] != len(names):
            raise InvalidArgument(
                "%s has %d columns; the survey has %d %s" % (
                    what, values.shape[1], len(names),
                    "dimensions" if what == "dimension_points" else "items"))
        return [values[:, j] for j in range(values.shape[1])]
    return [_as_column(c) for c in values]


_CSV_DEFAULTS = dict(
    layout="auto", delimiter=",", respondent_column="respondent",
    item_column="item", label_column="label", dimension_column="dimension",
    expectation_column="expectation", perception_column="perception",
    adequate_column="adequate", desired_column="desired",
    importance_column="importance",
    disconfirmation_column="disconfirmation",
    expectation_suffix="_expectation", perception_suffix="_perception",
    adequate_suffix="_adequate", desired_suffix="_desired",
    importance_suffix="_importance",
    disconfirmation_suffix="_disconfirmation", points_suffix="_points",
    segment_column="segment", segment=None, weight_column="weight",
    require_segment=False, require_weight=False, numeric_codes=True,
    na_text="n/a,not applicable",
    dk_text="don't know,dont know,do not know,dk", limits=None)
_CSV_NAMES = tuple(_CSV_DEFAULTS)[2:22]


def _csv_args(options):
    unknown = set(options) - set(_CSV_DEFAULTS)
    if unknown:
        raise TypeError("unknown CSV option(s): %s"
                        % ", ".join(sorted(unknown)))
    o = dict(_CSV_DEFAULTS, **options)

    def texts(v):
        return v if v is None or isinstance(v, str) else ",".join(v)
    return ([_choice(o["layout"], _LAYOUTS, "layout"), o["delimiter"]]
            + [o[n] for n in _CSV_NAMES]
            + [int(bool(o["require_segment"])), int(bool(o["require_weight"])),
               int(bool(o["numeric_codes"])), texts(o["na_text"]),
               texts(o["dk_text"]), read_limits(o["limits"])])


def _survey_from_bytes(data):
    return core.gap_survey_deserialize(data)


_survey_init = GapSurvey.__init__
_survey_add_item = GapSurvey.add_item
_survey_merge = GapSurvey.merge
_survey_scale = GapSurvey.scale
_survey_importance_scale = GapSurvey.importance_scale
_survey_disconfirmation_scale = GapSurvey.disconfirmation_scale
_survey_min_share = GapSurvey.min_share


@_graft(GapSurvey)
class _Survey:
    def __init__(self, items=(), scale=None, importance_scale=None,
                 disconfirmation_scale=None, min_share=0.75, servqual=False):
        """An empty survey.

        ``scale`` is the scale of expectation, perception, adequate and
        desired answers (a :class:`cx.Scale` or a preset name; default
        1-7, neutral 4), ``importance_scale`` and
        ``disconfirmation_scale`` those of the other two questions (1-7).
        A respondent's dimension gap needs ``min_share`` of the dimension's
        items answered.  ``items`` declares items: ids, ``(id, label,
        dimension)`` tuples or dicts with those keys and ``reversed``;
        ``servqual=True`` declares the 22 SERVQUAL items instead."""
        _survey_init(self, _scale_arg(scale), _scale_arg(importance_scale),
                     _scale_arg(disconfirmation_scale), float(min_share))
        if servqual:
            self.declare_servqual()
        for item in items:
            if isinstance(item, str):
                self.add_item(item)
            elif isinstance(item, dict):
                self.add_item(**item)
            else:
                self.add_item(*item)

    @classmethod
    def servqual(cls, scale=None, **settings):
        """A survey with the 22 SERVQUAL items in five dimensions
        (Parasuraman, Zeithaml & Berry 1988), ids ``SQ1`` .. ``SQ22``."""
        return cls(scale=scale, servqual=True, **settings)

    def add_item(self, id, label=None, dimension=None, reversed=False):
        """Declare an item (before any answer); returns its index.
        ``reversed`` items are negatively worded and reverse-scored."""
        return _survey_add_item(self, id, label, dimension,
                                core.GAP_ITEM_REVERSED if reversed else 0)

    @property
    def items(self):
        """Item ids, in index order."""
        return [self.item_id(i) for i in range(self.n_items())]

    @property
    def dimensions(self):
        """Dimension names, in index order."""
        return [self.dimension_name(i) for i in range(self.n_dimensions())]

    def item(self, key):
        """An item (id or index) as a dict: id, label, dimension."""
        i = self.find_item(key) if isinstance(key, str) else int(key)
        if not 0 <= i < self.n_items():
            raise IndexError("item index %d out of range" % i)
        d = self.dimension_of(i)
        return {"id": self.item_id(i), "label": self.item_label(i),
                "dimension": None if d == _NO_DIMENSION
                else self.dimension_name(d)}

    @property
    def scale(self):
        """A copy of the E/P scale (without labels)."""
        return _survey_scale(self)

    @property
    def importance_scale(self):
        return _survey_importance_scale(self)

    @property
    def disconfirmation_scale(self):
        return _survey_disconfirmation_scale(self)

    @property
    def min_share(self):
        return _survey_min_share(self)

    @property
    def n_respondents(self):
        """Number of respondents added."""
        return self.respondents()

    def add_respondent(self, expectation=None, perception=None,
                       adequate=None, desired=None, importance=None,
                       disconfirmation=None, dimension_points=None,
                       weight=1.0, respondent=None):
        """Add one respondent.

        Each answer argument holds one value per item (a sequence in item
        order, a NumPy array, or a dict by item id; ``None`` or NaN for a
        missing answer) or is ``None`` when the question was not asked.
        ``dimension_points`` gives 100 points over the dimensions (a
        sequence or a dict by name).  Codes of the scale count as "not
        applicable" / "don't know".  :class:`cx.RangeError` names the
        respondent, item and value of a bad answer; nothing is added then."""
        items = self.items
        self.add_respondent_doubles(
            None if respondent is None else str(respondent), float(weight),
            _doubles(expectation, items, "expectation"),
            _doubles(perception, items, "perception"),
            _doubles(adequate, items, "adequate"),
            _doubles(desired, items, "desired"),
            _doubles(importance, items, "importance"),
            _doubles(disconfirmation, items, "disconfirmation"),
            _doubles(dimension_points, self.dimensions, "dimension_points"))
        return self

    def add_batch(self, expectation=None, perception=None, adequate=None,
                  desired=None, importance=None, disconfirmation=None,
                  dimension_points=None, weight=None):
        """Add one respondent per row.

        Each answer argument is a 2-D NumPy array (respondents x items; its
        columns are read in place as strided views), a pandas DataFrame
        with one column per item id, a dict of columns by item id, or a
        sequence of one column per item; any integer or float dtype, NaN
        missing.  ``dimension_points`` likewise per dimension, ``weight``
        one column.  Every row is checked first: a bad row raises, naming
        it as ``row <i>``, and adds nothing."""
        items, dims = self.items, self.dimensions
        answers = [_columns(v, items, k) for k, v in zip(KINDS, (
            expectation, perception, adequate, desired, importance,
            disconfirmation))]
        self.add_batch_buffers(answers,
                               _columns(dimension_points, dims,
                                        "dimension_points"),
                               _as_column(weight))
        return self

    def add_dataframe(self, df, expectation="{}_expectation",
                      perception="{}_perception", adequate=None,
                      desired=None, importance=None, disconfirmation=None,
                      dimension_points=None, weight=None):
        """Add the respondents of a wide pandas DataFrame (one row per
        respondent).  Each answer argument is a column-name pattern with
        ``{}`` for the item id (``None``: not asked); ``dimension_points``
        a pattern with ``{}`` for the dimension name; ``weight`` a column.
        Numeric columns are read in place."""
        def cols(pattern, names):
            if pattern is None:
                return None
            return {n: df[pattern.format(n)] for n in names}
        items, dims = self.items, self.dimensions
        return self.add_batch(
            cols(expectation, items), cols(perception, items),
            cols(adequate, items), cols(desired, items),
            cols(importance, items), cols(disconfirmation, items),
            cols(dimension_points, dims),
            None if weight is None else df[weight])

    @staticmethod
    def deserialize(data):
        """Rebuild a survey from :meth:`serialize` output.
        :class:`cx.ParseError` for damaged bytes, :class:`cx.VersionError`
        for a format this library cannot read."""
        return core.gap_survey_deserialize(data)

    def merge(self, *others):
        """Add every respondent of ``others`` (same settings and items);
        returns ``self``.  :class:`cx.StateError` when they differ."""
        for other in others:
            _survey_merge(self, other)
        return self

    def __iadd__(self, other):
        if not isinstance(other, GapSurvey):
            return NotImplemented
        return self.merge(other)

    def __add__(self, other):
        if not isinstance(other, GapSurvey):
            return NotImplemented
        return self.copy().merge(other)

    def copy(self):
        """An independent copy."""
        return core.gap_survey_deserialize(self.serialize())

    __copy__ = copy

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        return (_survey_from_bytes, (self.serialize(),))

    def result(self, **options):
        """Compute every statistic: a :class:`GapResult`.

        Options: ``level`` (or ``confidence``; 0.95), ``zero_method``
        ("wilcox", "pratt", "zsplit"), ``tie_correction`` (True),
        ``continuity`` (False), ``overall`` ("dimensions" or "items"),
        ``drop_inversions`` (False), ``crosshair`` ("mean", "median",
        "midpoint", or a custom ``(importance, performance, gap)``)."""
        raw = core.gap_result_compute(self, _options(**options))
        return GapResult._from_raw(raw, self.dimensions)

    def read_csv(self, path, **options):
        """Add a gap survey CSV file (see :func:`read_csv`); unchanged on
        failure."""
        core.gap_read_csv(self, str(path), None, None, *_csv_args(options))
        return self

    def read_csv_buffer(self, data, name=None, **options):
        """Add CSV text (``str`` or bytes); ``name`` is what errors call
        the input."""
        core.gap_read_csv(self, None, data, name, *_csv_args(options))
        return self

    def __len__(self):
        return self.n_items()

    def __repr__(self):
        s = self.scale
        return "<GapSurvey: %d items, %d dimensions, %d respondents, " \
            "scale %d-%d>" % (self.n_items(), self.n_dimensions(),
                              self.respondents(), s.min, s.max)


# --------------------------------------------------------------------------
# Files

def read_csv(path, survey=None, **options):
    """Read a gap survey CSV file into a new survey (items from the file,
    default settings) or into ``survey`` (items matched by id).

    Options (defaults as in ``cx_gap_csv_options``): ``layout`` ("auto",
    "long", "wide"), ``delimiter``, the long-layout columns
    ``respondent_column``, ``item_column``, ``label_column``,
    ``dimension_column``, ``expectation_column``, ``perception_column``,
    ``adequate_column``, ``desired_column``, ``importance_column``,
    ``disconfirmation_column``, the wide-layout suffixes
    ``expectation_suffix`` .. ``disconfirmation_suffix``,
    ``points_suffix``, ``segment_column``, ``segment`` (read only that
    segment), ``weight_column``, ``require_segment``, ``require_weight``,
    ``numeric_codes``, ``na_text``, ``dk_text``.  Errors raise
    :class:`cx.ParseError` / :class:`cx.RangeError` with the file, line,
    column and value, or :class:`cx.IOError`."""
    return (GapSurvey() if survey is None else survey).read_csv(path,
                                                                **options)


def read_csv_buffer(data, name=None, survey=None, **options):
    """Like :func:`read_csv`, from CSV text or bytes."""
    return (GapSurvey() if survey is None else survey).read_csv_buffer(
        data, name, **options)


def _segments(raw):
    out = {raw.name(i): raw.survey_copy(i) for i in range(raw.count())}
    out[None] = raw.survey_copy(_NO_DIMENSION)
    return out


def read_csv_segments(path, like=None, **options):
    """Read a gap survey CSV into one survey per value of the segment
    column and one of all respondents: a dict from segment name to
    :class:`GapSurvey`, the pooled survey under ``None``.  Every survey has
    the settings and items of ``like`` (not changed), or items from the
    file."""
    return _segments(core.gap_read_csv_segments(
        like, str(path), None, None, *_csv_args(options)))


def read_csv_segments_buffer(data, name=None, like=None, **options):
    """Like :func:`read_csv_segments`, from CSV text or bytes."""
    return _segments(core.gap_read_csv_segments(
        like, None, data, name, *_csv_args(options)))
