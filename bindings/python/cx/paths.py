"""Observed journeys from touchpoint event logs: directly-follows graphs,
variants, case durations, funnels, Markov and heuristic attribution, and
conformance to a designed journey map.

:class:`PathsLog` is the library's mergeable event accumulator with the
Python idioms added here: events one at a time or in batches read in place
from NumPy arrays and pandas columns (integer codes with a dictionary,
categoricals or strings; int64 microseconds or ``datetime64`` timestamps),
pickling, ``a + b``.  :class:`PathsResult` holds the graph, the variants
and the durations; :class:`Funnel`, :class:`Attribution` and
:class:`Conformance` are plain data with pandas output.  Nothing here
computes a statistic (formulas: ``docs/methodology/paths.md``)::

    log = cx.paths.from_dataframe(df)          # case, touchpoint, timestamp
    r = log.result()
    r.edges_dataframe()                        # the directly-follows graph
    r.variants_dataframe(top=10)
    log.funnel(["visit", "apply", "open"]).to_dataframe()
    r.attribution().to_dataframe()             # exact removal effects

A log made with ``graph_only=True`` adds each event to the graph as it
arrives and keeps per case only what the graph, the touchpoint figures, the
conversions and the durations need, so memory grows with the cases and
never with the events: the choice for huge logs whose events come in time
order within each case.  It has no variants, funnels, attribution or
conformance.

Timestamps are microseconds since 1970-01-01T00:00:00Z; durations are
reported in seconds.  Undefined statistics are ``nan``.
"""

import datetime as _dt
import math
import os

from . import core
from .errors import InvalidArgument, StateError
from .limits import read_limits
from .metrics import _Record, _keep_owner, _num
from .scale import _choice, _graft

__all__ = [
    "PathsLog", "PathsResult", "Funnel", "FunnelStep", "Attribution",
    "AttributionSummary", "Credit", "Conformance", "ConformanceSummary",
    "ConformanceTouchpoint", "Unexpected", "Summary", "Edge", "Variant",
    "TouchpointFigures", "ALL", "MODES", "TIME_FORMATS", "parse_timestamp",
    "to_microseconds", "read_csv", "read_csv_buffer", "from_dataframe",
    "mode_name",
]

PathsLog = core.PathsLog
PathsResult = core.PathsResult

#: Segment index meaning "all segments pooled" in the low-level API.
ALL = core.PATHS_ALL
#: Funnel modes, index = the library's enum value.
MODES = tuple(core.paths_funnel_mode_name(i) for i in range(3))
_MODES = {name: i for i, name in enumerate(MODES)}
_MODES["any_order"] = core.PATHS_FUNNEL_ANY_ORDER
#: Timestamp formats of the CSV reader and parse_timestamp.
TIME_FORMATS = {"auto": core.PATHS_TIME_AUTO, "iso": core.PATHS_TIME_ISO8601,
                "iso8601": core.PATHS_TIME_ISO8601,
                "s": core.PATHS_TIME_EPOCH_S, "ms": core.PATHS_TIME_EPOCH_MS,
                "us": core.PATHS_TIME_EPOCH_US}
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
# Outcome words of the CSV reader (cx_paths_csv_options), ASCII case
# ignored.
_YES = frozenset(("1", "true", "yes", "conversion", "converted"))
_NO = frozenset(("", "0", "false", "no"))

# Records copied out of a result, a funnel, an attribution or a
# conformance hold names borrowed from it: they keep it alive.
for _cls, _names in ((core.PathsResult, ("touchpoint", "edge")),
                     (core.PathsFunnel, ("step_get",)),
                     (core.PathsAttribution, ("channel",)),
                     (core.PathsConformance, ("touchpoint_get",
                                              "unexpected_get"))):
    for _name in _names:
        _keep_owner(_cls, _name)
del _cls, _names, _name


def _same(a, b):
    """Equality of plain data that treats NaN as equal to NaN (undefined
    == undefined), through dicts and lists."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    return a == b


def mode_name(mode):
    """Name of a funnel mode given by name or enum value."""
    return core.paths_funnel_mode_name(_choice(mode, _MODES, "funnel mode"))


# --------------------------------------------------------------------------
# Timestamps

def parse_timestamp(text, format="auto"):
    """Microseconds since 1970 of one timestamp written as in an event-log
    file: ISO 8601 (offsets, fractions cut to microseconds; UTC without an
    offset) or epoch seconds, milliseconds or microseconds (``format``
    "auto", "iso", "s", "ms", "us").  :class:`cx.ParseError` for text that
    is not such a timestamp, :class:`cx.RangeError` beyond the years
    0000-9999."""
    return core.paths_parse_timestamp(
        text, _choice(format, TIME_FORMATS, "time format"))


def to_microseconds(timestamp):
    """Microseconds since 1970 of one timestamp: an int (already
    microseconds), a :class:`datetime.datetime` (naive ones are UTC), a
    :class:`datetime.date`, a NumPy ``datetime64``, a pandas ``Timestamp``
    or ISO 8601 text."""
    if isinstance(timestamp, bool):
        raise TypeError("a timestamp is not a bool")
    if isinstance(timestamp, int):
        return timestamp
    if isinstance(timestamp, str):
        return parse_timestamp(timestamp)
    if isinstance(timestamp, _dt.datetime):
        if timestamp.tzinfo is None:
            timestamp = timestamp.replace(tzinfo=_dt.timezone.utc)
        delta = timestamp - _EPOCH
        us = (delta.days * 86400 + delta.seconds) * 1000000 + \
            delta.microseconds
        nanos = getattr(timestamp, "nanosecond", 0)   # pandas Timestamp
        return us if not nanos else us + nanos // 1000
    if isinstance(timestamp, _dt.date):
        return to_microseconds(_dt.datetime(timestamp.year, timestamp.month,
                                            timestamp.day))
    kind = getattr(getattr(timestamp, "dtype", None), "kind", None)
    if kind == "M":
        import numpy
        if numpy.isnat(timestamp):
            raise InvalidArgument("the timestamp is NaT (not a time)")
        return int(numpy.datetime64(timestamp, "us").astype("int64"))
    if kind in ("i", "u"):
        return int(timestamp)
    raise TypeError("a timestamp is microseconds (int), a datetime, a "
                    "datetime64 or ISO 8601 text, not %s"
                    % type(timestamp).__name__)


# --------------------------------------------------------------------------
# Columns

def _np():
    import numpy
    return numpy


def _is_buffer(values):
    try:
        memoryview(values).release()
        return True
    except (TypeError, ValueError):     # ValueError: datetime64 arrays
        return False


def _array(values):
    """A NumPy array (or a buffer) of a column without copying when it
    already is one."""
    if values is None or _is_buffer(values):
        return values
    if hasattr(values, "to_numpy") and not _is_categorical(values):
        dtype = getattr(values, "dtype", None)
        if not _is_extension(dtype):
            return values.to_numpy()
    return _np().asarray(values)


def _is_extension(dtype):
    try:
        import pandas
    except ImportError:  # pragma: no cover - pandas is optional
        return False
    return isinstance(dtype, pandas.api.extensions.ExtensionDtype)


def _is_categorical(values):
    return str(getattr(values, "dtype", "")) == "category"


def _is_text(values):
    """True for a column of names (str, object, pandas string, a list of
    str) rather than integer codes."""
    dtype = getattr(values, "dtype", None)
    if dtype is not None:
        return getattr(dtype, "kind", "") in "OUS" or str(dtype) == "string"
    if values is None or _is_buffer(values):
        return False
    try:
        first = next(iter(values))
    except (TypeError, StopIteration):
        return False
    return isinstance(first, str)


def _factorize(values, what):
    """``(codes, uniques)`` of a column of values; missing values get code
    -1."""
    import pandas
    codes, uniques = pandas.factorize(
        values if hasattr(values, "dtype") else pandas.Series(values,
                                                              dtype=object),
        use_na_sentinel=True)
    return codes, list(uniques)


def _names_column(values, what):
    """``(codes, names)`` of a dictionary-coded column: integer codes pass
    through in place with no dictionary; a pandas categorical gives its
    codes (in place) and categories; text is factorized.  A missing value
    gets code -1, which the library reports with its row."""
    if values is None:
        return None, None
    if _is_categorical(values):
        cat = values.cat if hasattr(values, "cat") else None
        if cat is not None:
            return cat.codes.to_numpy(), [str(c) for c in cat.categories]
        return values.codes, [str(c) for c in values.categories]
    if _is_text(values):
        codes, uniques = _factorize(values, what)
        return codes, [str(u) for u in uniques]
    return _array(values), None


def _timestamp_column(values):
    """Microseconds since 1970 per event, read in place for integer and
    float columns and for ``datetime64[us]``; other ``datetime64`` units,
    time-zone-aware pandas columns and text (read by pandas, UTC without
    an offset) are converted in one vectorised step.  NaT is refused."""
    np = _np()
    dtype = getattr(values, "dtype", None)
    if dtype is not None and str(dtype).startswith("datetime64[ns,"):
        values = values.to_numpy(dtype="datetime64[ns]")     # UTC
    elif _is_text(values):
        import pandas
        values = pandas.to_datetime(pandas.Series(values), utc=True) \
            .to_numpy(dtype="datetime64[ns]")
    else:
        values = _array(values)
    kind = getattr(getattr(values, "dtype", None), "kind", None)
    if kind == "M":
        # NaT is the smallest int64; min() needs no temporary array.
        ticks = values.view("int64")
        nat = np.iinfo(np.int64).min
        if len(ticks) and ticks.min() == nat:
            raise InvalidArgument("column 'timestamp' row %d is NaT (not a "
                                  "time)" % int(np.argmax(ticks == nat)))
        if np.datetime_data(values.dtype)[0] != "us":
            ticks = values.astype("datetime64[us]").view("int64")
        return ticks
    if kind == "m":
        raise TypeError("column 'timestamp' holds durations (timedelta64), "
                        "not times")
    return values


def _value_column(values):
    if values is None:
        return None
    if _is_extension(getattr(values, "dtype", None)):
        return values.to_numpy(dtype="float64", na_value=math.nan)
    return _array(values)


def _outcome_word(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return 0
    if isinstance(v, (bool, int)) or (hasattr(v, "dtype") and
                                      v.dtype.kind in "biu"):
        return int(v)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    text = str(v).strip().lower()
    if text in _YES:
        return 1
    if text in _NO:
        return 0
    raise InvalidArgument("outcome %r is not a conversion (1, true, yes, "
                          "conversion, converted) or an ordinary event "
                          "(0, false, no, empty)" % (v,))


def _outcome_column(values):
    """0 or 1 per event: bool columns are viewed as bytes in place,
    integer columns pass through, text is read with the CSV reader's
    words, once per distinct value."""
    if values is None:
        return None
    if _is_buffer(values) and not hasattr(values, "dtype"):
        return values                      # bytes, array.array, memoryview
    np = _np()
    dtype = getattr(values, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", "") == "b" \
            and not _is_extension(dtype):
        return _array(values).view(np.uint8)
    if not _is_text(values) and not _is_categorical(values) and \
            not _is_extension(dtype) and \
            getattr(dtype, "kind", "b") in "iuf":
        column = _array(values)
        if column.dtype.kind != "f" or not np.isnan(column).any():
            return column
    codes, uniques = _factorize(values, "outcome")
    lookup = np.array([_outcome_word(u) for u in uniques] + [0],
                      dtype=np.uint8)
    return lookup[codes]          # code -1 (missing) picks the trailing 0


# --------------------------------------------------------------------------
# Text case ids to integer case codes

class _CaseCodes:
    """Integer codes of text case ids, stable over the batches of one log
    (the library compares codes, so two batches must code one customer
    alike).  A log grouped by case only needs the last case open; other
    logs remember every case until flush() closes them."""

    __slots__ = ("sorted", "codes", "next")

    def __init__(self, sorted_by_case, state=None):
        self.sorted = sorted_by_case
        self.codes, self.next = state if state else ({}, 0)

    def state(self):
        return (dict(self.codes), self.next)

    def clear(self):
        self.codes = {}

    def encode(self, values):
        np = _np()
        codes, uniques = _factorize(values, "case")
        if len(codes) and codes.min() < 0:
            raise InvalidArgument("column 'case' row %d has no case id"
                                  % int(np.argmax(codes < 0)))
        known = self.codes
        base = self.next
        if not known:
            lookup = np.arange(base, base + len(uniques), dtype=np.int64)
            fresh = dict(zip(uniques, range(base, base + len(uniques))))
            self.next = base + len(uniques)
        else:
            lookup = np.empty(len(uniques), dtype=np.int64)
            fresh = {}
            for i, u in enumerate(uniques):
                code = known.get(u)
                if code is None:
                    code = self.next
                    self.next += 1
                    fresh[u] = code
                lookup[i] = code
        if self.sorted:
            last = uniques[codes[-1]] if len(codes) else None
            if last is not None:
                self.codes = {last: int(lookup[codes[-1]])}
        else:
            known.update(fresh)
        return lookup[codes]


# --------------------------------------------------------------------------
# Records

class _PathsRecord(_Record):
    """Plain data (see :class:`cx.metrics._Record`) that pickles by name
    from this module."""

    def __reduce__(self):
        return (_rebuild, (type(self).__name__, self.to_dict()))


def _rebuild(name, values):
    return globals()[name](**values)


class Summary(_PathsRecord):
    """Totals of a :class:`PathsResult`: events, cases, conversions and
    their value, dictionary sizes, variants, edges and the case durations
    in seconds (``duration_exact`` False when the median comes from the
    histogram)."""

    fields = ("n_events", "n_cases", "n_converted", "value", "n_touchpoints",
              "n_segments", "n_variants", "n_edges", "duration_mean",
              "duration_median", "duration_min", "duration_max",
              "duration_exact")
    _shown = ("n_events", "n_cases", "n_converted", "n_variants", "n_edges",
              "duration_median")


class TouchpointFigures(_PathsRecord):
    """Events, cases, starts and ends of one touchpoint."""

    fields = ("index", "name", "channel", "events", "cases", "starts", "ends")
    _shown = fields[1:]


class Edge(_PathsRecord):
    """One pair of the directly-follows graph: count, share of the
    transitions leaving ``source``, and the time between the two events in
    seconds."""

    fields = ("source", "target", "count", "share", "mean", "median", "min",
              "max", "exact")
    _shown = ("source", "target", "count", "share", "median")


class Variant(_PathsRecord):
    """One distinct path: its touchpoints in order, the cases that
    followed it, their share, conversions, value and mean duration."""

    fields = ("rank", "path", "length", "count", "share", "converted",
              "value", "mean_duration")
    _shown = ("rank", "path", "count", "share", "converted")


class FunnelStep(_PathsRecord):
    """One step of a funnel in one segment (``segment`` ``None``: all):
    cases reaching it, conversion from the previous and the first step,
    drop-off, and the time from the funnel's start (seconds)."""

    fields = ("segment", "step", "name", "cases", "reached",
              "from_previous", "from_first", "dropoff", "dropoff_share",
              "median_time", "mean_time", "exact")
    _shown = ("segment", "step", "name", "reached", "from_previous",
              "from_first", "dropoff")


class AttributionSummary(_PathsRecord):
    """Totals of an attribution: Markov order, transient states, paths,
    conversions (``unattributed``: converted on the first event), total
    value and the chain's probability of conversion."""

    fields = ("order", "by_channel", "n_states", "n_paths", "n_conversions",
              "n_unattributed", "value", "p_conversion")
    _shown = ("order", "n_states", "n_paths", "n_conversions",
              "p_conversion")


class Credit(_PathsRecord):
    """Credit of one touchpoint (or channel) under every model: removal
    effect and Markov share, first touch, last touch, linear (conversions
    and value)."""

    fields = ("name", "paths", "removal_effect", "markov", "markov_value",
              "first_touch", "first_touch_value", "last_touch",
              "last_touch_value", "linear", "linear_value")
    _shown = ("name", "removal_effect", "markov", "first_touch",
              "last_touch", "linear")


class ConformanceSummary(_PathsRecord):
    """Totals of a conformance: cases, cases on the map, following its
    order (and their share), with skips, with unexpected events."""

    fields = ("cases", "on_map", "following", "share_following",
              "with_skips", "with_unexpected", "unexpected_events")
    _shown = ("cases", "following", "share_following", "with_skips",
              "with_unexpected")


class ConformanceTouchpoint(_PathsRecord):
    """Observed figures of one touchpoint of the map."""

    fields = ("id", "reach", "reach_share", "skipped", "dropoff",
              "dropoff_share")
    _shown = fields


class Unexpected(_PathsRecord):
    """A touchpoint of the log that the map lacks."""

    fields = ("name", "events", "cases")
    _shown = fields


def _copy(record_cls, raw, **extra):
    values = {f: extra[f] if f in extra else getattr(raw, f)
              for f in record_cls.fields}
    return record_cls(**values)


def _frame(records, fields):
    import pandas
    return pandas.DataFrame.from_records([r.to_dict() for r in records],
                                         columns=list(fields))


# --------------------------------------------------------------------------
# The log

_CSV_DEFAULTS = dict(
    delimiter=",", case_column="case", touchpoint_column="touchpoint",
    timestamp_column="timestamp", channel_column="channel",
    value_column="value", outcome_column="outcome",
    segment_column="segment", require_optional=False, time_format="auto",
    conversion_touchpoint=None, limits=None)


def _read_csv(log, path, data, name, options):
    unknown = set(options) - set(_CSV_DEFAULTS)
    if unknown:
        raise TypeError("unknown CSV option(s): %s"
                        % ", ".join(sorted(unknown)))
    o = dict(_CSV_DEFAULTS, **options)
    core.paths_read_csv(
        log, None if path is None else os.fspath(path), data, name,
        o["delimiter"], o["case_column"], o["touchpoint_column"],
        o["timestamp_column"], o["channel_column"], o["value_column"],
        o["outcome_column"], o["segment_column"],
        int(bool(o["require_optional"])),
        _choice(o["time_format"], TIME_FORMATS, "time format"),
        o["conversion_touchpoint"], read_limits(o["limits"]))
    return log


def _log_from_state(data, cases, case_kind):
    log = core.paths_log_deserialize(data)
    log._restore(cases, case_kind)
    return log


def _window(window):
    """A conversion window in microseconds: None or 0 for none, an int
    (microseconds), a timedelta, a NumPy timedelta64 or pandas text such
    as "30d"."""
    if window is None:
        return 0
    if isinstance(window, bool):
        raise TypeError("a window is not a bool")
    if isinstance(window, int):
        return window
    if isinstance(window, _dt.timedelta):
        return (window.days * 86400 + window.seconds) * 1000000 + \
            window.microseconds
    if isinstance(window, str):
        import pandas
        return _window(pandas.Timedelta(window).to_pytimedelta())
    if getattr(getattr(window, "dtype", None), "kind", None) == "m":
        return int(_np().timedelta64(window, "us").astype("int64"))
    raise TypeError("a window is microseconds (int), a timedelta or text "
                    "such as '30d', not %s" % type(window).__name__)


_log_init = PathsLog.__init__
_log_add = PathsLog.add
_log_merge = PathsLog.merge
_log_flush = PathsLog.flush
_log_get_options = PathsLog.get_options


@_graft(PathsLog)
class _Log:
    def __init__(self, sorted_by_case=False, max_cases=0,
                 max_touchpoints=100000, graph_only=False):
        """An empty event log.

        ``sorted_by_case`` declares input grouped by case: each case is
        closed when the next one starts, so memory holds one case (a case
        that comes back later counts as a new one).  ``max_cases`` (0: no
        limit) and ``max_touchpoints`` guard against hostile input.

        ``graph_only`` adds each event to the directly-follows graph as it
        arrives and keeps of a case only its first and last times, last
        touchpoint, visited touchpoints and conversion, so memory grows
        with the cases, never with the events.  Each case's events must
        then come in time order (equal times in any order): an earlier one
        raises :class:`cx.InvalidArgument` (:class:`cx.ParseError` from the
        CSV reader) and nothing of its batch is added.  Its results have
        the graph, the touchpoint figures, the conversions and the
        durations but no variants; funnels, attribution and conformance
        raise :class:`cx.StateError`, and so does merging it with a log
        that is not graph-only.  It cannot be ``sorted_by_case``
        (:class:`cx.InvalidArgument`)."""
        _log_init(self, 1 if sorted_by_case else 0, int(max_cases),
                  int(max_touchpoints), 1 if graph_only else 0)

    # Python-side state of a log fed by batches: the codes given to text
    # case ids, and which kind of case column the batches had ("codes" or
    # "ids"), so that the two never share one log.  The library itself
    # refuses to mix text case ids (add, read_csv) with batches.
    _cases = None
    _case_kind = None

    def _restore(self, cases, case_kind):
        object.__setattr__(self, "_cases", None if cases is None else
                           _CaseCodes(self.sorted_by_case, cases))
        object.__setattr__(self, "_case_kind", case_kind)

    def _state(self):
        cases = self._cases
        return (None if cases is None else cases.state(), self._case_kind)

    @property
    def options(self):
        """The log's options as a dict."""
        o = _log_get_options(self)
        return {"sorted_by_case": bool(o.sorted_by_case),
                "max_cases": o.max_cases,
                "max_touchpoints": o.max_touchpoints,
                "graph_only": bool(o.graph_only)}

    @property
    def sorted_by_case(self):
        return bool(_log_get_options(self).sorted_by_case)

    @property
    def graph_only(self):
        """True for a log that keeps only what the directly-follows graph
        needs (see :class:`PathsLog`)."""
        return bool(_log_get_options(self).graph_only)

    @property
    def touchpoints(self):
        """Touchpoint names, in index order."""
        return [self.touchpoint_name(i) for i in range(self.n_touchpoints())]

    @property
    def channels(self):
        """Channel of every touchpoint ("" for none), by name."""
        return {self.touchpoint_name(i): self.touchpoint_channel(i)
                for i in range(self.n_touchpoints())}

    @property
    def segments(self):
        """Segment names, in index order (empty when unsegmented)."""
        return [self.segment_name(i) for i in range(self.n_segments())]

    def __len__(self):
        """Events added so far."""
        return self.n_events()

    def add(self, case, touchpoint, timestamp, value=None, outcome=0,
            segment=None, channel=None):
        """Add one event.

        ``case`` is the customer's id (text; an int is an integer case code
        as in :meth:`add_batch`); ``timestamp`` microseconds since 1970, a
        datetime (naive: UTC), a ``datetime64`` or ISO 8601 text;
        ``value`` the event's value (counts for conversion events);
        ``outcome`` 1, True or "conversion" for a conversion event;
        ``segment`` and ``channel`` names (new ones are added)."""
        ts = to_microseconds(timestamp)
        flag = _outcome_word(outcome)
        val = math.nan if value is None else float(value)
        if isinstance(case, int) and not isinstance(case, bool):
            np = _np()
            # The batch adds the names; the channel only once it was taken,
            # so that a refused event leaves the log as it was.
            self.add_batch(np.array([case], dtype=np.int64),
                           [touchpoint], np.array([ts], dtype=np.int64),
                           np.array([val]), np.array([flag], dtype=np.uint8),
                           None if segment is None else [segment])
            if channel is not None:
                self.add_touchpoint(touchpoint, channel)
            return self
        _log_add(self, str(case), touchpoint, ts, val, flag, segment, channel)
        return self

    def add_batch(self, case, touchpoint, timestamp, value=None,
                  outcome=None, segment=None, touchpoints=None,
                  segments=None):
        """Add one event per row from columns, read in place.

        ``case``: integer case codes (any integer dtype; equal codes are
        one case) or text ids (coded by this log, stably across batches).
        ``touchpoint`` and ``segment``: integer codes into the dictionaries
        ``touchpoints`` and ``segments`` (lists of names; ``None``: the
        log's own indices), pandas categoricals (codes read in place,
        categories as the dictionary) or text.  ``timestamp``: int64
        microseconds (read in place), ``datetime64`` of any unit (read in
        place for microseconds, else converted without a Python loop), or
        text.  ``value``: float64 (NaN none); ``outcome``: 0/1 integers,
        bool, or the CSV reader's words.  Columns are any one-dimensional
        buffer (NumPy arrays of any stride, array.array, memoryview),
        pandas Series or lists.  The whole batch is checked first: a bad
        row raises (naming the row and value) and adds nothing."""
        if case is None or touchpoint is None or timestamp is None:
            raise TypeError("case, touchpoint and timestamp are required")
        for what, names in (("touchpoints", touchpoints),
                            ("segments", segments)):
            if isinstance(names, (str, bytes)):
                raise TypeError("%s must be a sequence of str, not one "
                                "string" % what)
        kind = "ids" if _is_text(case) or _is_categorical(case) else "codes"
        if self._case_kind not in (None, kind):
            raise StateError(
                "this log's batches gave cases as %s; a batch with case %s "
                "would mix two numberings of the customers (use another "
                "log)" % ("integer codes" if kind == "ids" else "text ids",
                          "text ids" if kind == "ids" else "integer codes"))
        cases = None
        if kind == "ids":
            cases = self._cases
            if cases is None:
                cases = _CaseCodes(self.sorted_by_case)
            case_codes = cases.encode(case)
        else:
            case_codes = _array(case)
        tp_codes, tp_names = _names_column(touchpoint, "touchpoint")
        if touchpoints is not None:
            if tp_names is not None:
                raise InvalidArgument("touchpoints= is the dictionary of "
                                      "integer codes; this column holds "
                                      "names")
            tp_names = [str(t) for t in touchpoints]
        seg_codes, seg_names = _names_column(segment, "segment")
        if segments is not None:
            if seg_names is not None:
                raise InvalidArgument("segments= is the dictionary of "
                                      "integer codes; this column holds "
                                      "names")
            seg_names = [str(s) for s in segments]
        self.add_batch_buffers(case_codes, tp_codes,
                               _timestamp_column(timestamp),
                               _value_column(value), _outcome_column(outcome),
                               seg_codes, tp_names, seg_names)
        if cases is not None and self._cases is None:
            object.__setattr__(self, "_cases", cases)
        object.__setattr__(self, "_case_kind", kind)
        return self

    def add_dataframe(self, df, case="case", touchpoint="touchpoint",
                      timestamp="timestamp", value="value",
                      outcome="outcome", segment="segment",
                      channel="channel"):
        """Add the events of a pandas DataFrame, one row per event.

        The column names default to those of the CSV reader; ``value``,
        ``outcome``, ``segment`` and ``channel`` are used when the frame
        has them (``None`` ignores one).  Columns may hold codes,
        categoricals or text (see :meth:`add_batch`); the channel of each
        touchpoint is taken from its first row."""
        def col(name, required=False):
            if name is None:
                return None
            if name in df.columns:
                return df[name]
            if required:
                raise InvalidArgument("the frame has no column %r" % (name,))
            return None
        tp = col(touchpoint, True)
        ch = col(channel)
        self.add_batch(col(case, True), tp, col(timestamp, True),
                       col(value), col(outcome), col(segment))
        # Channels once the rows were taken: a refused frame adds nothing.
        if ch is not None:
            pairs = df[[touchpoint, channel]].drop_duplicates(touchpoint)
            for t, c in zip(pairs[touchpoint], pairs[channel]):
                if isinstance(t, str) and isinstance(c, str) and c:
                    self.add_touchpoint(t, c)
        return self

    def flush(self):
        """Close every open case (their events are summarised and
        released); later events of those cases start new cases."""
        _log_flush(self)
        if self._cases is not None:
            self._cases.clear()
        return self

    def declare_funnel(self, steps, mode="ordered", window=None):
        """Declare a funnel before cases close (``sorted_by_case`` logs,
        flush, merging partitions) so it can be computed later;
        :class:`cx.StateError` for a graph-only log."""
        self.declare_funnel_steps(_steps(steps),
                                  _choice(mode, _MODES, "funnel mode"),
                                  _window(window))
        return self

    @staticmethod
    def deserialize(data):
        """Rebuild a log from :meth:`serialize` output (any bytes-like
        object).  :class:`cx.ParseError` for damaged bytes,
        :class:`cx.VersionError` for a format this library cannot read."""
        return core.paths_log_deserialize(data)

    def merge(self, *others):
        """Add every event of ``others``, partitions holding other cases;
        returns ``self``.  :class:`cx.StateError` when a funnel is declared
        on one side only, or when one log is graph-only and the other not
        (two graph-only logs merge)."""
        for other in others:
            _log_merge(self, other)
        return self

    def __iadd__(self, other):
        if not isinstance(other, PathsLog):
            return NotImplemented
        return self.merge(other)

    def __add__(self, other):
        if not isinstance(other, PathsLog):
            return NotImplemented
        return self.copy().merge(other)

    def copy(self):
        """An independent copy."""
        return _log_from_state(self.serialize(), *self._state())

    __copy__ = copy

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        return (_log_from_state, (self.serialize(),) + self._state())

    def result(self):
        """The directly-follows graph, the variants (none for a graph-only
        log) and the durations of every case so far (a
        :class:`PathsResult`; the log is not changed)."""
        return core.paths_result_compute(self)

    def funnel(self, steps, mode="ordered", window=None):
        """The funnel over ``steps`` (touchpoint names), pooled and per
        segment: a :class:`Funnel`.  ``mode`` "ordered" (other events may
        come between the steps), "strict" (nothing between) or
        "any-order"; ``window`` the conversion window from the first step
        (microseconds, a timedelta or "30d"; ``None``: none).
        :class:`cx.StateError` for a graph-only log."""
        raw = core.paths_funnel_compute(self, _steps(steps),
                                        _choice(mode, _MODES, "funnel mode"),
                                        _window(window))
        return Funnel._from_raw(raw, mode_name(mode), _window(window))

    def read_csv(self, path, **options):
        """Add an event-log CSV file (see :func:`read_csv`); unchanged on
        failure."""
        return _read_csv(self, path, None, None, options)

    def read_csv_buffer(self, data, name=None, **options):
        """Add event-log CSV text (str or bytes)."""
        return _read_csv(self, None, data, name, options)

    def __repr__(self):
        return "<PathsLog: %d events (%d pending), %d touchpoints, %d " \
            "segments%s>" % (self.n_events(), self.n_pending(),
                             self.n_touchpoints(), self.n_segments(),
                             ", graph only" if self.graph_only else "")


def _steps(steps):
    if isinstance(steps, str):
        steps = [s.strip() for s in steps.split(",")]
    return [str(s) for s in steps]


def _new_log(log, sorted_by_case, graph_only):
    """``log``, or a new log with these options; a given log must already
    have the options asked for."""
    if log is None:
        return PathsLog(sorted_by_case=sorted_by_case, graph_only=graph_only)
    for name, wanted in (("sorted_by_case", sorted_by_case),
                         ("graph_only", graph_only)):
        if wanted and not getattr(log, name):
            raise InvalidArgument("%s=True asks for a new log, but the log "
                                  "given is not %s" % (name, name))
    return log


def read_csv(path, log=None, sorted_by_case=False, graph_only=False,
             **options):
    """Read an event-log CSV file into a new log (or into ``log``).

    ``sorted_by_case`` and ``graph_only`` are the options of the new log
    (see :class:`PathsLog`); a graph-only log refuses a file in which a
    case's events go back in time (:class:`cx.ParseError` naming the line).

    Options (defaults as in ``cx_paths_csv_options``): ``delimiter``, the
    column names ``case_column`` ("case"), ``touchpoint_column``,
    ``timestamp_column``, ``channel_column``, ``value_column``,
    ``outcome_column``, ``segment_column`` (optional columns are used when
    present; ``None`` ignores one), ``require_optional``, ``time_format``
    ("auto", "iso", "s", "ms", "us"), ``conversion_touchpoint`` (its
    events are conversions), ``limits`` (a dict or :class:`cx.ReadLimits`
    of ``max_bytes``, ``max_record``, ``max_columns`` and ``max_names``,
    the last bounding the segments).  Errors raise :class:`cx.ParseError` or
    :class:`cx.RangeError` with the file, line, column and value, or
    :class:`cx.IOError`; a log given is then unchanged."""
    return _read_csv(_new_log(log, sorted_by_case, graph_only), path, None,
                     None, options)


def read_csv_buffer(data, name=None, log=None, sorted_by_case=False,
                    graph_only=False, **options):
    """Like :func:`read_csv`, from CSV text or bytes; ``name`` is what
    errors call the input."""
    return _read_csv(_new_log(log, sorted_by_case, graph_only), None, data,
                     name, options)


def from_dataframe(df, log=None, sorted_by_case=False, graph_only=False,
                   **columns):
    """A log (new, or ``log``) holding the events of a pandas DataFrame;
    ``columns`` name the columns as in :meth:`PathsLog.add_dataframe`;
    ``sorted_by_case`` and ``graph_only`` are the options of a new log."""
    return _new_log(log, sorted_by_case, graph_only).add_dataframe(
        df, **columns)


# --------------------------------------------------------------------------
# The result

_result_summary = PathsResult.summary
_result_touchpoint = PathsResult.touchpoint
_result_edge = PathsResult.edge
_result_variant = PathsResult.variant


@_graft(PathsResult)
class _Result:
    def __init__(self, log):
        """Summarise ``log`` (the same as ``log.result()``)."""
        computed = core.paths_result_compute(log)
        # Adopt the new handle: both proxies share one owning pointer.
        self.this = computed.this

    @property
    def summary(self):
        """The totals (:class:`Summary`)."""
        s = _result_summary(self)
        return _copy(Summary, s, duration_exact=bool(s.duration_exact))

    @property
    def touchpoints(self):
        """Figures of every touchpoint, in dictionary order."""
        n = _result_summary(self).n_touchpoints
        return [_copy(TouchpointFigures, _result_touchpoint(self, i), index=i)
                for i in range(n)]

    @property
    def edges(self):
        """The directly-follows graph, most frequent pair first."""
        out = []
        for i in range(self.n_edges()):
            e = _result_edge(self, i)
            out.append(_copy(Edge, e, source=e.from_name, target=e.to_name,
                             exact=bool(e.exact)))
        return out

    def path(self, index):
        """The touchpoint names of variant ``index``."""
        steps = []
        for k in range(_result_variant(self, index).length):
            steps.append(self.touchpoint_name(self.variant_step(index, k)))
        return tuple(steps)

    def variants(self, top=None):
        """The variants, most frequent first (the first ``top`` of them);
        none for the result of a graph-only log."""
        n = self.n_variants() if top is None else min(int(top),
                                                      self.n_variants())
        return [_copy(Variant, _result_variant(self, i), rank=i + 1,
                      path=self.path(i)) for i in range(n)]

    def duration_quantiles(self, qs=(0.1, 0.25, 0.5, 0.75, 0.9)):
        """Quantiles of the case durations in seconds, as a dict (NumPy's
        linear interpolation)."""
        return {float(q): self.duration_quantile(float(q)) for q in qs}

    def edges_dataframe(self):
        """The directly-follows graph as a pandas DataFrame."""
        return _frame(self.edges, Edge.fields)

    def variants_dataframe(self, top=None, sep=" > "):
        """The variants as a pandas DataFrame, the path joined with
        ``sep`` (``None`` keeps tuples)."""
        df = _frame(self.variants(top), Variant.fields)
        if sep is not None:
            df["path"] = [sep.join(p) for p in df["path"]]
        return df

    def touchpoints_dataframe(self):
        """Figures of every touchpoint as a pandas DataFrame."""
        return _frame(self.touchpoints, TouchpointFigures.fields)

    def to_dataframe(self, what="edges", **options):
        """``"edges"``, ``"variants"`` or ``"touchpoints"`` as a pandas
        DataFrame."""
        table = {"edges": self.edges_dataframe,
                 "variants": self.variants_dataframe,
                 "touchpoints": self.touchpoints_dataframe}
        if what not in table:
            raise InvalidArgument("unknown table %r; expected edges, "
                                  "variants or touchpoints" % (what,))
        return table[what](**options)

    def to_dot(self, min_count=1, max_edges=0, title=None):
        """The directly-follows graph in Graphviz DOT text: pairs seen
        fewer than ``min_count`` times are left out, at most ``max_edges``
        kept (0: all)."""
        return core.paths_result_to_dot(self, int(min_count), int(max_edges),
                                        title)

    def to_svg(self, min_count=1, max_edges=0, title=None):
        """The directly-follows graph as SVG text, drawn with libcx's own
        layered layout."""
        return core.paths_render_svg(self, int(min_count), int(max_edges),
                                     title)

    def _repr_svg_(self):
        return self.to_svg()

    def attribution(self, order=1, by_channel=False, max_states=0):
        """Credit for the conversions (an :class:`Attribution`): exact
        Markov removal effects of ``order`` 1-4 and the first-touch,
        last-touch and linear heuristics, per touchpoint or, with
        ``by_channel``, per channel.  :class:`cx.StateError` for the result
        of a graph-only log, which has no paths to attribute."""
        if isinstance(order, bool) or int(order) < 0:
            raise InvalidArgument("order must be 1 to 4")
        raw = core.paths_attribution_compute(self, int(order),
                                             1 if by_channel else 0,
                                             int(max_states))
        return Attribution._from_raw(raw, bool(by_channel))

    def conformance(self, journey):
        """Compare every case with the designed ``journey`` (a
        :class:`cx.Journey` or a path to its JSON or Mermaid file): a
        :class:`Conformance`.  :class:`cx.StateError` for the result of a
        graph-only log."""
        if not isinstance(journey, core.Journey):
            from .journey import load
            journey = load(journey)
        return Conformance(core.paths_conformance_compute(self, journey))

    def __repr__(self):
        s = _result_summary(self)
        return "<PathsResult: %d events, %d cases, %d variants, %d edges>" \
            % (s.n_events, s.n_cases, s.n_variants, s.n_edges)


# --------------------------------------------------------------------------
# Funnel, attribution, conformance: plain data

class Funnel:
    """A funnel, pooled and per segment.  Iteration yields the pooled
    :class:`FunnelStep` rows; ``funnel["retail"]`` the rows of a segment,
    ``funnel[None]`` the pooled ones.  Plain data: pickles."""

    def __init__(self, steps, mode, window, pooled, segments):
        self.steps = list(steps)
        self.mode = mode
        self.window = window
        self.pooled = list(pooled)
        self._segments = dict(segments)

    @classmethod
    def _from_raw(cls, raw, mode, window):
        def rows(seg, name):
            out = []
            for k in range(raw.n_steps()):
                s = raw.step_get(seg, k)
                out.append(_copy(FunnelStep, s, segment=name, step=k + 1,
                                 exact=bool(s.exact)))
            return out
        pooled = rows(ALL, None)
        segments = {}
        for i in range(raw.n_segments()):
            name = raw.segment_name(i)
            segments[name] = rows(i, name)
        return cls([r.name for r in pooled], mode, window, pooled, segments)

    @property
    def segments(self):
        return list(self._segments)

    def __getitem__(self, segment):
        if segment is None:
            return self.pooled
        if segment not in self._segments:
            from .errors import NotFound
            raise NotFound("no segment named %r" % (segment,))
        return self._segments[segment]

    def __iter__(self):
        return iter(self.pooled)

    def __len__(self):
        return len(self.steps)

    @property
    def reached(self):
        """Cases reaching each step, pooled."""
        return [r.reached for r in self.pooled]

    def rows(self, segments=True):
        """The pooled rows, then (with ``segments``) each segment's."""
        out = list(self.pooled)
        if segments:
            for rows in self._segments.values():
                out.extend(rows)
        return out

    def to_dataframe(self, segments=True):
        """One row per step (and segment) as a pandas DataFrame."""
        return _frame(self.rows(segments), FunnelStep.fields)

    def to_dict(self):
        return {"steps": self.steps, "mode": self.mode,
                "window": self.window,
                "pooled": [r.to_dict() for r in self.pooled],
                "segments": {k: [r.to_dict() for r in v]
                             for k, v in self._segments.items()}}

    def __eq__(self, other):
        if not isinstance(other, Funnel):
            return NotImplemented
        return _same(self.to_dict(), other.to_dict())

    __hash__ = None

    def __repr__(self):
        return "<Funnel %s %s: reached %s>" % (self.mode, " > ".join(
            self.steps), self.reached)


class Attribution:
    """Credit for the conversions: ``summary`` (an
    :class:`AttributionSummary`) and one :class:`Credit` per touchpoint
    (or channel), in dictionary order.  ``attribution["web"]`` picks one;
    iteration yields them all.  Plain data: pickles."""

    def __init__(self, summary, credits):
        self.summary = summary
        self.credits = list(credits)

    @classmethod
    def _from_raw(cls, raw, by_channel):
        s = raw.summary_get()
        summary = _copy(AttributionSummary, s, by_channel=by_channel)
        credits = [_copy(Credit, raw.channel(i))
                   for i in range(raw.n_channels())]
        return cls(summary, credits)

    def __getitem__(self, name):
        if isinstance(name, int):
            return self.credits[name]
        for c in self.credits:
            if c.name == name:
                return c
        from .errors import NotFound
        raise NotFound("no channel named %r" % (name,))

    def __iter__(self):
        return iter(self.credits)

    def __len__(self):
        return len(self.credits)

    @property
    def removal_effects(self):
        """Removal effect of every channel, by name."""
        return {c.name: c.removal_effect for c in self.credits}

    def to_dataframe(self):
        """One row per channel as a pandas DataFrame."""
        return _frame(self.credits, Credit.fields)

    def to_dict(self):
        return {"summary": self.summary.to_dict(),
                "credits": [c.to_dict() for c in self.credits]}

    def __eq__(self, other):
        if not isinstance(other, Attribution):
            return NotImplemented
        return _same(self.to_dict(), other.to_dict())

    __hash__ = None

    def __repr__(self):
        return "<Attribution order %d: %d channels, P(conversion) %s>" % (
            self.summary.order, len(self.credits),
            _num(self.summary.p_conversion))


class Conformance:
    """Conformance of the observed cases to a journey map: ``summary`` (a
    :class:`ConformanceSummary`), ``touchpoints`` (one
    :class:`ConformanceTouchpoint` per map touchpoint, journey order) and
    ``unexpected`` (touchpoints the map lacks, most cases first).
    :meth:`apply` writes the observed figures into a journey."""

    def __init__(self, raw):
        self._raw = raw
        self.summary = _copy(ConformanceSummary, raw.summary_get())
        self.touchpoints = [_copy(ConformanceTouchpoint,
                                  raw.touchpoint_get(i))
                            for i in range(raw.n_touchpoints())]
        self.unexpected = [_copy(Unexpected, raw.unexpected_get(i))
                           for i in range(raw.n_unexpected())]

    def __getitem__(self, id):
        for t in self.touchpoints:
            if t.id == id:
                return t
        from .errors import NotFound
        raise NotFound("no map touchpoint %r" % (id,))

    def __iter__(self):
        return iter(self.touchpoints)

    def __len__(self):
        return len(self.touchpoints)

    def apply(self, journey):
        """Write reach, drop-off and skips into the touchpoints of
        ``journey`` found by id (reach field; metrics
        ``observed_reach_share``, ``observed_dropoff``,
        ``observed_dropoff_share``, ``observed_skipped``); returns the
        journey."""
        if self._raw is None:
            raise InvalidArgument("this conformance was unpickled and has "
                                  "no library result; compute it again")
        self._raw.apply(journey)
        return journey

    def to_dataframe(self, what="touchpoints"):
        """``"touchpoints"`` or ``"unexpected"`` as a pandas DataFrame."""
        if what == "touchpoints":
            return _frame(self.touchpoints, ConformanceTouchpoint.fields)
        if what == "unexpected":
            return _frame(self.unexpected, Unexpected.fields)
        raise InvalidArgument("unknown table %r; expected touchpoints or "
                              "unexpected" % (what,))

    def to_dict(self):
        return {"summary": self.summary.to_dict(),
                "touchpoints": [t.to_dict() for t in self.touchpoints],
                "unexpected": [u.to_dict() for u in self.unexpected]}

    def __eq__(self, other):
        if not isinstance(other, Conformance):
            return NotImplemented
        return _same(self.to_dict(), other.to_dict())

    __hash__ = None

    def __reduce__(self):
        return (_conformance_from_dict, (self.to_dict(),))

    def __repr__(self):
        return "<Conformance: %d of %d cases follow the map (%s)>" % (
            self.summary.following, self.summary.cases,
            _num(self.summary.share_following))


def _conformance_from_dict(d):
    c = Conformance.__new__(Conformance)
    c._raw = None
    c.summary = ConformanceSummary(**d["summary"])
    c.touchpoints = [ConformanceTouchpoint(**t) for t in d["touchpoints"]]
    c.unexpected = [Unexpected(**u) for u in d["unexpected"]]
    return c
