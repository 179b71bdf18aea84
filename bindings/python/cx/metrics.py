"""Net Promoter Score, customer satisfaction (CSAT) and customer effort
(CES): a mergeable accumulator and results as plain data.

:class:`MetricSurvey` is the library's accumulator with the Python idioms
added here: named segments, NumPy and pandas input read in place, pickling,
``a + b``.  Results are plain records (:class:`NpsRow`, :class:`CsatRow`,
:class:`CesRow`, :class:`NpsDiff`) and :class:`MetricResult`, a collection
of one row per segment.  Nothing here computes a statistic: every number
comes from libcx (formulas: ``docs/methodology/metrics.md``)::

    s = cx.MetricSurvey.nps()
    for score in (9, 10, 9, 10, 9, 7, 8, 7, 0, 6):
        s.add(score)
    s.compute().nps                  # 0.3
    s.compute(percent=True).nps      # 30.0

Results draw themselves as SVG charts (``to_svg()``, and inline in
Jupyter): one row per segment, the pooled row first.  Undefined
statistics are ``nan``.
"""

import math

from . import core
from .limits import read_limits
from .errors import InvalidArgument, NotFound
from .scale import DIRECTIONS, _choice, _graft, preset

__all__ = [
    "MetricSurvey", "MetricResult", "NpsRow", "CsatRow", "CesRow",
    "NpsDiff", "METRICS", "CSAT_METHODS", "ALL", "THEMES", "NPS_INTERVALS",
    "nps_diff", "to_svg", "read_csv", "read_csv_buffer", "from_dataframe",
]

#: Metric names, index = the library's enum value.
METRICS = ("nps", "csat", "ces")
#: CSAT methods; the library has no default, so one must be named.
CSAT_METHODS = {"top2box": core.CSAT_TOP2BOX, "mean": core.CSAT_MEAN}
#: Segment index meaning "all segments pooled" in the low-level API.
ALL = core.METRIC_ALL
#: Colour themes of the charts.
THEMES = {"light": core.THEME_LIGHT, "dark": core.THEME_DARK,
          "print": core.THEME_PRINT}
#: Intervals the NPS chart can draw.
NPS_INTERVALS = {"wald": core.NPS_SVG_WALD,
                 "adjusted_wald": core.NPS_SVG_ADJUSTED_WALD,
                 "bootstrap": core.NPS_SVG_BOOTSTRAP}

MetricSurvey = core.MetricSurvey


def _keep_owner(cls, name):
    """Make attribute or method ``name`` of the SWIG class ``cls``, which
    returns a view into the object, keep that object alive for as long as
    the view lives."""
    attr = getattr(cls, name)
    if isinstance(attr, property):
        getter = attr.fget

        def get(self):
            view = getter(self)
            if view is not None:
                object.__setattr__(view, "_owner", self)
            return view
        setattr(cls, name, property(get, doc=attr.__doc__))
    else:
        def method(self, *args):
            view = attr(self, *args)
            if view is not None:
                object.__setattr__(view, "_owner", self)
            return view
        method.__doc__ = attr.__doc__
        setattr(cls, name, method)


for _cls in (core.NpsResult, core.CsatResult, core.CesResult):
    _keep_owner(_cls, "sample")
    _keep_owner(_cls, "options")
del _cls

_METRIC_CODES = {name: i for i, name in enumerate(METRICS)}
_CES_VERSIONS = {"1": core.CES_1, "1.0": core.CES_1, "2": core.CES_2,
                 "2.0": core.CES_2}
_LAYOUTS = {"auto": core.METRIC_CSV_AUTO, "long": core.METRIC_CSV_LONG,
            "wide": core.METRIC_CSV_WIDE}


def _ces_version(version):
    if isinstance(version, (str, float)):
        return _choice(str(version), _CES_VERSIONS, "CES version")
    return int(version)


def _same(a, b):
    """Equality that treats NaN as equal to NaN (undefined == undefined)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    return a == b


def _num(v):
    return "nan" if v != v else "%.4g" % v


# --------------------------------------------------------------------------
# Results: plain records

class _Record:
    """Plain data: named fields, ``to_dict()``, iteration over ``(field,
    value)``, ``==`` with NaN equal to NaN, pickling."""

    fields = ()
    _shown = ()

    def __init__(self, **values):
        for name in self.fields:
            object.__setattr__(self, name, values[name])

    def to_dict(self):
        """Every field as a plain dict (``counts`` and ``counts_raw`` map
        scale points to counts)."""
        return {name: getattr(self, name) for name in self.fields}

    def __iter__(self):
        return iter(self.to_dict().items())

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return _same(self.to_dict(), other.to_dict())

    __hash__ = None

    def __setattr__(self, name, value):
        raise AttributeError("%s is read-only" % type(self).__name__)

    def __reduce__(self):
        return (_rebuild, (type(self).__name__, self.to_dict()))

    def __repr__(self):
        parts = []
        for name in self._shown:
            v = getattr(self, name)
            parts.append("%s=%s" % (name, _num(v) if isinstance(v, float)
                                    else repr(v)))
        return "%s(%s)" % (type(self).__name__, ", ".join(parts))


def _rebuild(name, values):
    return globals()[name](**values)


class _ResultRow(_Record):
    """A row computed by the library: it keeps the library's result (for
    charts and differences) until it is pickled, and draws itself."""

    def __init__(self, _raw=None, **values):
        super().__init__(**values)
        # None once unpickled: the record carries the numbers only.
        object.__setattr__(self, "_raw", _raw)

    def _library_result(self):
        if self._raw is None:
            raise InvalidArgument(
                "this %s was unpickled and has no library result; compute "
                "it again from its survey" % type(self).__name__)
        return self._raw

    def to_svg(self, **options):
        """This row alone as a one-row chart (SVG text); options as for
        :func:`to_svg`."""
        return to_svg([self], **options)

    def _repr_svg_(self):
        if self._raw is None:
            return None
        return self.to_svg()


_SAMPLE_FIELDS = ("metric", "segment", "n_raw", "n_missing",
                  "n_not_applicable", "n_dont_know", "n", "n_effective",
                  "counts", "counts_raw", "confidence")


def _sample_values(metric, raw):
    s = raw.sample
    return {
        "metric": metric,
        "segment": raw.segment,
        "n_raw": s.n_raw,
        "n_missing": s.n_missing,
        "n_not_applicable": s.n_not_applicable,
        "n_dont_know": s.n_dont_know,
        "n": s.n,
        "n_effective": s.n_effective,
        "counts": {s.scale_min + i: s.count_at(i) for i in range(s.n_points)},
        "counts_raw": {s.scale_min + i: s.count_raw_at(i)
                       for i in range(s.n_points)},
        "confidence": raw.options.confidence,
    }


class NpsRow(_ResultRow):
    """Every NPS figure of one segment (``segment`` ``None``: all pooled).

    Scores, standard errors and interval bounds are in [-1, 1], or x100
    when computed with ``percent=True``; shares are proportions.  See
    ``cx_nps_result`` for each field.  ``row_a - row_b`` or
    ``row_a.diff(row_b)`` compares two independent samples."""

    fields = _SAMPLE_FIELDS + (
        "percent", "detractors", "passives", "promoters", "share_detractors",
        "share_passives", "share_promoters", "nps", "variance", "se", "z",
        "wald_lo", "wald_hi", "adjusted_nps", "adjusted_se", "adjusted_lo",
        "adjusted_hi", "bootstrap", "bootstrap_se", "bootstrap_lo",
        "bootstrap_hi", "seed", "mean_score")
    _shown = ("segment", "n", "nps", "se", "wald_lo", "wald_hi",
              "adjusted_lo", "adjusted_hi")

    @classmethod
    def _from_raw(cls, raw):
        v = _sample_values("nps", raw)
        for name in cls.fields[len(_SAMPLE_FIELDS):]:
            if name not in ("percent", "seed"):
                v[name] = getattr(raw, name)
        v["percent"] = bool(raw.options.percent)
        v["seed"] = raw.options.seed
        return cls(_raw=raw, **v)

    @property
    def value(self):
        """The score (same as ``nps``)."""
        return self.nps

    def diff(self, other):
        """The :class:`NpsDiff` ``self - other`` of two independent
        samples; both rows need the same confidence and ``percent``."""
        return nps_diff(self, other)

    def __sub__(self, other):
        if not isinstance(other, NpsRow):
            return NotImplemented
        return self.diff(other)


class CsatRow(_ResultRow):
    """Every CSAT figure of one segment (``segment`` ``None``: all pooled).

    Both the top-2-box share (Wilson interval) and the mean (t interval)
    are computed; ``value``, ``lo`` and ``hi`` repeat those of ``method``.
    See ``cx_csat_result`` for each field."""

    fields = _SAMPLE_FIELDS + (
        "method", "direction", "value", "lo", "hi", "top2", "top2_lo",
        "top2_hi", "bottom2", "mean", "sd", "se", "df", "mean_lo", "mean_hi")
    _shown = ("segment", "n", "method", "value", "lo", "hi")

    @classmethod
    def _from_raw(cls, raw):
        v = _sample_values("csat", raw)
        for name in cls.fields[len(_SAMPLE_FIELDS) + 2:]:
            v[name] = getattr(raw, name)
        methods = {code: name for name, code in CSAT_METHODS.items()}
        v["method"] = methods[raw.options.method]
        v["direction"] = DIRECTIONS[raw.direction]
        return cls(_raw=raw, **v)


class CesRow(_ResultRow):
    """Every CES figure of one segment (``segment`` ``None``: all pooled).

    The mean is on the scale as asked: check ``direction`` (CES 1.0:
    higher means more effort).  ``share_easy`` is the share on the good
    side of the neutral point.  See ``cx_ces_result`` for each field."""

    fields = _SAMPLE_FIELDS + (
        "ces_version", "direction", "neutral", "mean", "sd", "se", "df",
        "mean_lo", "mean_hi", "share_easy", "easy_lo", "easy_hi",
        "share_neutral", "share_difficult")
    _shown = ("segment", "n", "ces_version", "mean", "mean_lo", "mean_hi",
              "share_easy")

    @classmethod
    def _from_raw(cls, raw):
        v = _sample_values("ces", raw)
        for name in cls.fields[len(_SAMPLE_FIELDS) + 2:]:
            v[name] = getattr(raw, name)
        v["ces_version"] = int(raw.ces_version)
        v["direction"] = DIRECTIONS[raw.direction]
        return cls(_raw=raw, **v)

    @property
    def value(self):
        """The mean answer (same as ``mean``)."""
        return self.mean


class NpsDiff(_Record):
    """Difference of two NPS from independent samples, ``a - b``: the
    difference, its standard error, Wald interval, z and two-sided
    p-value (see ``cx_nps_diff``)."""

    fields = ("a", "b", "difference", "se", "confidence", "lo", "hi", "z",
              "p_value", "percent")
    _shown = ("a", "b", "difference", "se", "lo", "hi", "p_value")


def nps_diff(a, b, **options):
    """Compare two NPS from independent samples (two segments, two waves,
    two products): an :class:`NpsDiff` of ``a - b``.

    ``a`` and ``b`` are :class:`NpsRow` results, or NPS surveys (then their
    pooled NPS is computed with ``options``, see
    :meth:`MetricSurvey.compute`).
    The segment names (or ``None``) are kept in ``a`` and ``b``."""
    rows = []
    for x in (a, b):
        if isinstance(x, MetricSurvey):
            x = x.compute(None, **options)
        elif options:
            raise InvalidArgument("options apply to surveys, not to results")
        if not isinstance(x, NpsRow):
            raise TypeError("nps_diff compares NpsRow results or NPS surveys, "
                            "not %s" % type(x).__name__)
        rows.append(x)
    raw = core.nps_diff_compute(rows[0]._library_result(),
                                rows[1]._library_result())
    return NpsDiff(a=rows[0].segment, b=rows[1].segment,
                   difference=raw.difference, se=raw.se,
                   confidence=raw.confidence, lo=raw.lo, hi=raw.hi, z=raw.z,
                   p_value=raw.p_value, percent=bool(raw.percent))


class MetricResult:
    """The results of one metric for every segment of a survey.

    Iteration yields one row per named segment (the pooled row when the
    survey has none); ``result["north"]`` or ``result[0]`` picks a segment,
    ``result[None]`` or ``result.pooled`` the pooled row.  Plain data:
    it does not depend on the survey and pickles."""

    def __init__(self, metric, options, pooled, rows):
        self.metric = metric
        self.options = dict(options)
        self.pooled = pooled
        self._rows = list(rows)

    @property
    def segments(self):
        """Segment names, in index order (empty when unsegmented)."""
        return [r.segment for r in self._rows]

    def _index(self, key):
        if isinstance(key, str):
            names = self.segments
            if key not in names:
                raise NotFound("no segment named %r" % key)
            return names.index(key)
        return int(key)

    def __getitem__(self, key):
        if key is None:
            return self.pooled
        if not self._rows:
            raise IndexError("the survey has no segments; use result.pooled")
        return self._rows[self._index(key)]

    def __iter__(self):
        return iter(self._rows or [self.pooled])

    def __len__(self):
        return len(self._rows) or 1

    def rows(self, pooled=True):
        """Every row: the pooled one first (with ``pooled``), then one per
        segment."""
        return ([self.pooled] if pooled else []) + self._rows

    def diff(self, a, b):
        """NPS difference of two segments (names, indices, ``None`` for
        all pooled): an :class:`NpsDiff`."""
        if self.metric != "nps":
            raise InvalidArgument("differences are defined for NPS only")
        return nps_diff(self[a], self[b])

    def to_records(self, pooled=True):
        """The rows as flat dicts (``count_9``, ``count_raw_9``...)."""
        records = []
        for row in self.rows(pooled):
            flat = {}
            for key, value in row.to_dict().items():
                if isinstance(value, dict):
                    prefix = "count" if key == "counts" else "count_raw"
                    for point, v in value.items():
                        flat["%s_%d" % (prefix, point)] = v
                else:
                    flat[key] = value
            records.append(flat)
        return records

    def to_dataframe(self, pooled=True):
        """The rows as a pandas DataFrame (segment ``None`` for the pooled
        row).  Needs pandas."""
        try:
            import pandas
        except ImportError as e:  # pragma: no cover - pandas is optional
            raise ImportError("to_dataframe() needs pandas") from e
        return pandas.DataFrame.from_records(self.to_records(pooled))

    def to_svg(self, *, pooled=True, **options):
        """The chart of this metric as SVG text: one row per segment, the
        pooled row first (with ``pooled``).  Options as for
        :func:`to_svg`."""
        return to_svg(self.rows(pooled), **options)

    def _repr_svg_(self):
        if any(row._raw is None for row in self.rows()):
            return None
        return self.to_svg()

    def to_dict(self):
        return {"metric": self.metric, "options": self.options,
                "pooled": self.pooled.to_dict(),
                "segments": {r.segment: r.to_dict() for r in self._rows}}

    def __eq__(self, other):
        if not isinstance(other, MetricResult):
            return NotImplemented
        return (self.metric == other.metric and self.options == other.options
                and self.rows() == other.rows())

    __hash__ = None

    def __repr__(self):
        return "<MetricResult %s: %d segments, pooled %r>" % (
            self.metric, len(self._rows), self.pooled)


# --------------------------------------------------------------------------
# Charts

_CHARTS = {NpsRow: "NPS", CsatRow: "CSAT", CesRow: "CES"}


def to_svg(rows, *, width=720, title=None, theme="light", all_label=None,
           interval=None):
    """The chart of ``rows`` as SVG text, one row per result in the order
    given: :class:`NpsRow`, :class:`CsatRow` or :class:`CesRow` results of
    one metric (a list, a single row, or a :class:`MetricResult`: its
    pooled row, then its segments).

    ``width`` in pixels (400-4000; the height follows from the rows),
    ``title`` (``None``: the metric's name), ``theme`` ("light", "dark",
    "print"), ``all_label`` the label of a pooled row (``None``: "All
    respondents").  NPS charts also take ``interval``: "adjusted_wald"
    (the default, defined for every sample), "wald" or "bootstrap" (absent
    for rows computed with ``bootstrap=0``).

    Rows of one chart must share the options that change the axis
    (confidence, ``percent``, the CSAT method, scale, CES version), or
    :class:`cx.InvalidArgument` is raised; a row of another class is a
    ``TypeError``; an unpickled row, which carries its numbers but no
    library result, is :class:`cx.InvalidArgument`.  See
    ``cx_render_nps_svg`` for the layout."""
    if isinstance(rows, MetricResult):
        rows = rows.rows()
    elif isinstance(rows, _ResultRow):
        rows = [rows]
    elif isinstance(rows, (str, bytes)):
        raise TypeError("to_svg draws NpsRow, CsatRow or CesRow results, "
                        "not %s" % type(rows).__name__)
    rows = list(rows)
    if not rows:
        raise InvalidArgument("no results to draw")
    kind = type(rows[0])
    if kind not in _CHARTS:
        raise TypeError("to_svg draws NpsRow, CsatRow or CesRow results, "
                        "not %s" % kind.__name__)
    for i, row in enumerate(rows):
        if type(row) is not kind:
            raise TypeError("element %d is a %s; a chart of %s rows draws "
                            "%s results only"
                            % (i, type(row).__name__, kind.__name__,
                               _CHARTS[kind]))
    raws = [row._library_result() for row in rows]
    args = (int(width), title, all_label, _choice(theme, THEMES, "theme"))
    if kind is NpsRow:
        return core.render_nps_svg(
            raws, *args, _choice("adjusted_wald" if interval is None
                                 else interval, NPS_INTERVALS, "interval"))
    if interval is not None:
        raise TypeError("interval applies to NPS charts only")
    if kind is CsatRow:
        return core.render_csat_svg(raws, *args)
    return core.render_ces_svg(raws, *args)


# --------------------------------------------------------------------------
# Options

def _nps_options(confidence=None, bootstrap=None, seed=None, percent=None):
    o = core.NpsOptions()
    if confidence is not None:
        o.confidence = float(confidence)
    if bootstrap is not None:
        if bootstrap < 0:
            raise InvalidArgument("bootstrap must be >= 0")
        o.bootstrap = int(bootstrap)
    if seed is not None:
        o.seed = int(seed)
    if percent is not None:
        o.percent = 1 if percent else 0
    return o


def _csat_options(method=None, confidence=None):
    o = core.CsatOptions()
    if method is not None:
        o.method = _choice(method, CSAT_METHODS, "CSAT method")
    if confidence is not None:
        o.confidence = float(confidence)
    return o


def _ces_options(confidence=None):
    o = core.CesOptions()
    if confidence is not None:
        o.confidence = float(confidence)
    return o


# --------------------------------------------------------------------------
# Accumulator

_CSV_DEFAULTS = dict(
    layout="auto", delimiter=",", score_column=None, metric_column="metric",
    metric_name=None, respondent_column="respondent",
    segment_column="segment", weight_column="weight", require_segment=False,
    require_weight=False, numeric_codes=True,
    na_text="n/a,not applicable",
    dk_text="don't know,dont know,do not know,dk", limits=None)


def _texts(value):
    if value is None or isinstance(value, str):
        return value
    return ",".join(value)


def _read_csv(survey, path, data, name, options):
    unknown = set(options) - set(_CSV_DEFAULTS)
    if unknown:
        raise TypeError("unknown CSV option(s): %s" % ", ".join(sorted(unknown)))
    o = dict(_CSV_DEFAULTS, **options)
    core.metric_read_csv(
        survey, None if path is None else str(path), data, name,
        _choice(o["layout"], _LAYOUTS, "layout"), o["delimiter"],
        o["score_column"], o["metric_column"], o["metric_name"],
        o["respondent_column"], o["segment_column"], o["weight_column"],
        int(bool(o["require_segment"])), int(bool(o["require_weight"])),
        int(bool(o["numeric_codes"])), _texts(o["na_text"]),
        _texts(o["dk_text"]), read_limits(o["limits"]))
    return survey


def _survey_from_bytes(data):
    return core.metric_survey_deserialize(data)


def _new_handle(metric, scale, version):
    if isinstance(scale, str):
        scale = preset(scale)
    code = _choice(metric, _METRIC_CODES, "metric")
    if code == core.METRIC_NPS:
        if version is not None:
            raise InvalidArgument("a CES version applies to CES surveys only")
        return core.metric_survey_new_nps(scale)
    if code == core.METRIC_CSAT:
        if version is not None:
            raise InvalidArgument("a CES version applies to CES surveys only")
        return core.metric_survey_new_csat(scale)
    if code == core.METRIC_CES:
        if version is None:
            raise InvalidArgument("a CES survey needs its version: 1 (CES "
                                  "1.0, effort 1-5) or 2 (CES 2.0, "
                                  "agreement 1-7)")
        return core.metric_survey_new_ces(_ces_version(version), scale)
    raise InvalidArgument("unknown metric %r" % (metric,))


def _as_column(values):
    """Pass buffers through untouched; turn anything else (a pandas Series,
    a list) into a NumPy array."""
    if values is None:
        return None
    try:
        memoryview(values).release()
        return values
    except TypeError:
        pass
    if hasattr(values, "to_numpy"):
        try:
            return values.to_numpy()
        except (TypeError, ValueError):
            pass
    import numpy
    return numpy.asarray(values)


def _is_names(values):
    """True for a column of segment names rather than indices."""
    if values is None:
        return False
    dtype = getattr(values, "dtype", None)
    if dtype is not None:
        return dtype.kind in "OUSc" or str(dtype) in ("category", "string")
    if isinstance(values, (bytes, bytearray, memoryview)):
        return False
    try:
        first = next(iter(values))
    except (TypeError, StopIteration):
        return False
    return isinstance(first, str)


_survey_add_segment = MetricSurvey.add_segment
_survey_add = MetricSurvey.add
_survey_merge = MetricSurvey.merge
_survey_scale = MetricSurvey.scale
_survey_kind = MetricSurvey.kind
_survey_ces_version = MetricSurvey.ces_version


@_graft(MetricSurvey)
class _Survey:
    def __init__(self, metric="nps", scale=None, version=None, segments=()):
        """An empty accumulator for ``metric`` (``"nps"``, ``"csat"`` or
        ``"ces"``) on ``scale`` (a :class:`cx.Scale`; ``None``: the
        metric's usual scale).  A CES survey needs ``version`` 1 or 2.
        ``segments`` declares segment names up front.  The class methods
        :meth:`nps`, :meth:`csat` and :meth:`ces` read better."""
        handle = _new_handle(metric, scale, version)
        # Adopt the new handle: both proxies share one owning pointer
        # object, freed once when the last of them goes.
        self.this = handle.this
        for name in segments:
            self.add_segment(name)

    @classmethod
    def nps(cls, scale=None, segments=()):
        """An empty NPS accumulator (0-10 unless ``scale`` says otherwise,
        e.g. to declare "don't know" codes)."""
        return cls("nps", scale, None, segments)

    @classmethod
    def csat(cls, scale=None, segments=()):
        """An empty CSAT accumulator (1-5 unless ``scale`` says otherwise)."""
        return cls("csat", scale, None, segments)

    @classmethod
    def ces(cls, version=2, scale=None, segments=()):
        """An empty CES accumulator: ``version`` 2 (agreement 1-7, higher
        is easier; the default) or 1 (effort 1-5, higher is worse)."""
        return cls("ces", scale, version, segments)

    @property
    def metric(self):
        """``"nps"``, ``"csat"`` or ``"ces"``."""
        return METRICS[_survey_kind(self)]

    @property
    def ces_version(self):
        """1 or 2 for CES, ``None`` for the other metrics."""
        v = _survey_ces_version(self)
        return None if v == core.CES_NONE else int(v)

    @property
    def scale(self):
        """A copy of the answer scale (without labels)."""
        return _survey_scale(self)

    @property
    def segments(self):
        """Segment names, in index order (empty when unsegmented)."""
        return [self.segment_name(i) for i in range(self.n_segments())]

    def segment_index(self, segment, create=False):
        """Index of a segment given by name or index (``None``: 0, the
        only group of an unsegmented survey); ``create`` adds a new name."""
        if segment is None:
            return 0
        if isinstance(segment, str):
            try:
                return self.find_segment(segment)
            except NotFound:
                if not create:
                    raise
                return _survey_add_segment(self, segment)
        return int(segment)

    def add(self, score, segment=None, weight=1.0, respondent=None):
        """Add one answer: a whole point of the scale, ``None`` or NaN for
        a missing answer, or one of the scale's codes.  ``segment`` is a
        name (added when new) or an index; ``respondent`` names the answer
        in error messages."""
        _survey_add(self, self.segment_index(segment, create=True),
                    math.nan if score is None else float(score),
                    float(weight), None if respondent is None
                    else str(respondent))
        return self

    def add_many(self, scores, segment=None, weight=1.0):
        """Add several answers of one segment and weight (a convenience
        over :meth:`add_batch`)."""
        import numpy
        scores = numpy.array([math.nan if s is None else s for s in scores],
                             dtype="float64")
        index = self.segment_index(segment, create=True)
        self.add_batch(scores,
                       numpy.full(len(scores), index, dtype="uint32")
                       if self.n_segments() else None,
                       numpy.full(len(scores), float(weight)))
        return self

    def add_batch(self, score, segment=None, weight=None):
        """Add one answer per row from columns.

        Each column is any one-dimensional buffer of integers or floats
        (NumPy arrays of any integer or float dtype, any stride; bytes;
        array.array; memoryview) and is read in place, without a copy.
        ``score`` holds answers (NaN = missing in float columns),
        ``segment`` indices or names (names are mapped once per distinct
        value, new ones added), ``weight`` survey weights.  pandas Series
        and lists are converted with NumPy.  The whole batch is checked
        first: a bad row raises and adds nothing."""
        if _is_names(segment):
            segment = _index_column(
                segment, lambda s: self.segment_index(s, create=True))
        self.add_batch_buffers(_as_column(score), _as_column(segment),
                               _as_column(weight))
        return self

    def add_dataframe(self, df, score, segment=None, weight=None):
        """Add the answers of a pandas DataFrame: ``score`` names the
        column of answers (numeric; NA is missing), ``segment`` a column
        of segment names, ``weight`` a numeric column."""
        seg = None
        if segment is not None:
            seg = _index_column(df[segment],
                                lambda s: self.segment_index(s, create=True))
        self.add_batch(_score_column(df[score]), seg,
                       None if weight is None
                       else df[weight].to_numpy(dtype="float64"))
        return self

    @classmethod
    def from_dataframe(cls, df, score, segment=None, weight=None,
                       metric=None, scale=None, version=None):
        """See :func:`cx.metrics.from_dataframe`."""
        return from_dataframe(df, score, segment, weight, metric, scale,
                              version)

    @staticmethod
    def deserialize(data):
        """Rebuild an accumulator from :meth:`serialize` output (any
        bytes-like object).  :class:`cx.ParseError` for damaged bytes,
        :class:`cx.VersionError` for a format this library cannot read."""
        return core.metric_survey_deserialize(data)

    def merge(self, *others):
        """Add every answer of ``others`` (segments matched by name);
        returns ``self``.  :class:`cx.InvalidArgument` for another metric,
        CES version or scale."""
        for other in others:
            _survey_merge(self, other)
        return self

    def __iadd__(self, other):
        if not isinstance(other, MetricSurvey):
            return NotImplemented
        return self.merge(other)

    def __add__(self, other):
        if not isinstance(other, MetricSurvey):
            return NotImplemented
        return self.copy().merge(other)

    def copy(self):
        """An independent copy."""
        return core.metric_survey_deserialize(self.serialize())

    __copy__ = copy

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        return (_survey_from_bytes, (self.serialize(),))

    def _segment_arg(self, segment):
        return ALL if segment is None else self.segment_index(segment)

    def _nps(self, segment=None, confidence=None, bootstrap=None, seed=None,
             percent=False):
        raw = core.nps_compute(self, self._segment_arg(segment),
                               _nps_options(confidence, bootstrap, seed,
                                            percent))
        return NpsRow._from_raw(raw)

    def _csat(self, segment=None, method=None, confidence=None):
        raw = core.csat_compute(self, self._segment_arg(segment),
                                _csat_options(method, confidence))
        return CsatRow._from_raw(raw)

    def _ces(self, segment=None, confidence=None):
        raw = core.ces_compute(self, self._segment_arg(segment),
                               _ces_options(confidence))
        return CesRow._from_raw(raw)

    def compute(self, segment=None, **options):
        """The figures of this survey's metric for one segment (name or
        index; ``None`` pools all): an :class:`NpsRow`, :class:`CsatRow`
        or :class:`CesRow`.

        NPS options: ``confidence`` (0.95), ``bootstrap`` resamples (2000;
        0 = none), ``seed`` (0), ``percent`` (False: scores in [-1, 1];
        True multiplies them by 100).  CSAT: ``method`` (required,
        ``"top2box"`` or ``"mean"``), ``confidence``.  CES:
        ``confidence``."""
        return getattr(self, "_" + self.metric)(segment, **options)

    def nps_diff(self, a, b, **options):
        """NPS difference ``a - b`` of two segments of this survey (names,
        indices, ``None`` for all pooled): an :class:`NpsDiff`.  Options as
        for :meth:`compute`."""
        return nps_diff(self.compute(a, **options),
                        self.compute(b, **options))

    def result(self, **options):
        """A :class:`MetricResult`: the pooled row and one per segment."""
        pooled = self.compute(None, **options)
        rows = [self.compute(i, **options) for i in range(self.n_segments())]
        return MetricResult(self.metric, options, pooled, rows)

    def link_journey(self, journey, name=None, method=None, percent=False):
        """Write the figure of every segment whose name is a touchpoint id
        of ``journey`` into that touchpoint's metrics, under ``name``
        (default the metric's name): the NPS (x100 with ``percent``), the
        CSAT of ``method`` (required: "top2box" or "mean") or the CES mean.
        Returns the link report (a dict of id lists, see
        :func:`cx.gap.link_report`)."""
        from .gap import link_report
        code = core.CSAT_METHOD_UNSET if method is None else \
            _choice(method, CSAT_METHODS, "CSAT method")
        return link_report(core.metric_survey_link_journey(
            self, journey, name, code, 1 if percent else 0))

    def read_csv(self, path, **options):
        """Add the answers of a CSV file (see :func:`read_csv` for the
        options); unchanged on failure."""
        return _read_csv(self, path, None, None, options)

    def read_csv_buffer(self, data, name=None, **options):
        """Add CSV text (``str`` or bytes); ``name`` is what errors call
        the input."""
        return _read_csv(self, None, data, name, options)

    def __repr__(self):
        version = "" if self.ces_version is None else " %d.0" % self.ces_version
        s = self.scale
        return "<MetricSurvey %s%s: scale %d-%d, %d segments>" % (
            self.metric, version, s.min, s.max, self.n_segments())


# --------------------------------------------------------------------------
# Files and pandas

def read_csv(path, metric="nps", scale=None, version=None, survey=None,
             **options):
    """Read the answers to one question from a CSV file into a new survey
    of ``metric`` (or into ``survey``).

    Options (defaults as in ``cx_metric_csv_options``): ``layout``
    ("auto", "long", "wide"), ``delimiter``, ``score_column`` (default
    "score" in the long layout, the metric's name in the wide one),
    ``metric_column`` ("metric"), ``metric_name`` (the long-layout rows to
    read; default the metric's name), ``respondent_column``,
    ``segment_column``, ``weight_column``, ``require_segment``,
    ``require_weight``, ``numeric_codes``, ``na_text`` and ``dk_text``
    (texts meaning "not applicable" / "don't know": a comma-separated
    string or a list).  Errors raise :class:`cx.ParseError` or
    :class:`cx.RangeError` with the file, line, column and value, or
    :class:`cx.IOError`."""
    if survey is None:
        survey = MetricSurvey(metric, scale, version)
    return _read_csv(survey, path, None, None, options)


def read_csv_buffer(data, metric="nps", name=None, scale=None, version=None,
                    survey=None, **options):
    """Like :func:`read_csv`, from CSV text or bytes."""
    if survey is None:
        survey = MetricSurvey(metric, scale, version)
    return _read_csv(survey, None, data, name, options)


def _index_column(values, index_of):
    """Indices (uint32) of a column of names, each distinct name looked up
    once; missing names are an error."""
    import numpy
    import pandas
    codes, uniques = pandas.factorize(pandas.Series(values),
                                      use_na_sentinel=True)
    if (codes < 0).any():
        raise InvalidArgument("the segment column has missing values")
    lookup = numpy.array([index_of(str(v)) for v in uniques],
                         dtype=numpy.uint32)
    return lookup[codes]


def _score_column(series):
    """Scores read in place when the column is a plain numeric NumPy dtype;
    nullable (NA) columns become float64 with NaN for missing."""
    import pandas
    dtype = series.dtype
    if pandas.api.types.is_bool_dtype(dtype) or \
            not pandas.api.types.is_numeric_dtype(dtype):
        raise TypeError("score column %r has dtype %s; expected numbers"
                        % (series.name, dtype))
    if isinstance(dtype, pandas.api.extensions.ExtensionDtype):
        return series.to_numpy(dtype="float64", na_value=math.nan)
    return series.to_numpy()


def from_dataframe(df, score, segment=None, weight=None, metric=None,
                   scale=None, version=None, survey=None):
    """Build an accumulator from a pandas DataFrame with one row per answer.

    ``score`` names the numeric column of answers (NaN or NA = missing),
    ``segment`` a column of segment names (each distinct value becomes a
    segment, looked up once), ``weight`` a numeric column.  ``metric``
    defaults to the score column's name when that is "nps", "csat" or
    "ces"; a CES survey needs ``version``.  Adds to ``survey`` when given."""
    if survey is None:
        if metric is None:
            if str(score).lower() not in METRICS:
                raise InvalidArgument(
                    "say which metric column %r holds: metric='nps', "
                    "'csat' or 'ces'" % (score,))
            metric = str(score).lower()
        survey = MetricSurvey(metric, scale, version)
    return survey.add_dataframe(df, score, segment, weight)
