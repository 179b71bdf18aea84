"""Kano model: answer labels, a mergeable survey accumulator, results.

The classes are the library's own handles (``cx.core``) with the Python
idioms added here: keyword arguments, names wherever the C API takes
indices, iteration, pickling, pandas and NumPy input and output, and rich
display in notebooks.  Nothing here computes a statistic: every number comes
from libcx.

Conventions: answers are the integers 1-5 in canonical order (1 Like,
2 Must-be, 3 Neutral, 4 Live-with, 5 Dislike; 0 missing) or text read
through :class:`KanoLabels`.  Categories are their one-letter codes
``"A" "O" "M" "I" "R" "Q"``; a feature without answers has category
``None``.  Undefined statistics are ``nan``.
"""

import html
import math

from . import core
from .limits import read_limits
from .errors import InvalidArgument, NotFound

__all__ = [
    "KanoSurvey", "KanoResult", "KanoRow", "KanoLabels", "KanoTable",
    "KanoCells", "CATEGORIES", "RULES", "ANSWERS", "ALL",
    "category_name", "category_letter", "parse_category", "answer_name",
    "parse_answer", "classify", "table", "rule_name", "parse_rule",
    "read_csv", "read_csv_buffer", "from_dataframe",
]

#: Category letters in the order of the library's enum (A=0 ... Q=5).
CATEGORIES = ("A", "O", "M", "I", "R", "Q")
#: Rule names in the order of the library's enum.
RULES = ("mode", "moai", "oam-irq")
#: Answer names, index = answer code.
ANSWERS = ("missing", "like", "must-be", "neutral", "live-with", "dislike")
#: Segment index meaning "all segments pooled" in the low-level API.
ALL = core.KANO_ALL

KanoSurvey = core.KanoSurvey
KanoResult = core.KanoResult
KanoLabels = core.KanoLabels
KanoTable = core.KanoTable
KanoCells = core.KanoCells
KanoOptions = core.KanoOptions
KanoFilter = core.KanoFilter

_TABLE_KINDS = {"berger": core.KANO_TABLE_BERGER,
                "pouliot": core.KANO_TABLE_POULIOT}
_CODINGS = {"canonical": core.KANO_CODING_CANONICAL,
            "reversed": core.KANO_CODING_REVERSED}
_LAYOUTS = {"auto": core.KANO_CSV_AUTO, "long": core.KANO_CSV_LONG,
            "wide": core.KANO_CSV_WIDE}
_THEMES = {"light": core.THEME_LIGHT, "dark": core.THEME_DARK,
           "print": core.THEME_PRINT}


def _graft(cls):
    """Copy the methods of the decorated class onto the SWIG class ``cls``."""
    def apply(extra):
        for name, value in vars(extra).items():
            if name not in ("__dict__", "__weakref__", "__module__",
                            "__qualname__"):
                setattr(cls, name, value)
        return cls
    return apply


def _choice(value, choices, what):
    if isinstance(value, str):
        try:
            return choices[value.lower()]
        except KeyError:
            raise InvalidArgument(
                "unknown %s %r; expected one of %s"
                % (what, value, ", ".join(sorted(choices)))) from None
    return int(value)


# --------------------------------------------------------------------------
# Categories, answers, rules, tables

def _category_code(category):
    """Enum value of a category given as letter, name or int."""
    if category is None:
        return -1
    if isinstance(category, str):
        return core.kano_category_parse(category)
    return int(category)


def _letter(code):
    return None if code == -1 else core.kano_category_letter(code)


def category_name(category):
    """Full name of a category: ``category_name("O") == "one-dimensional"``."""
    return core.kano_category_name(_category_code(category))


def category_letter(category):
    """One-letter code of a category given by name, letter or enum value."""
    return core.kano_category_letter(_category_code(category))


def parse_category(text):
    """The letter of a category written as a letter or a name (any case);
    :class:`cx.ParseError` when it is neither."""
    return _letter(core.kano_category_parse(text))


def answer_name(answer):
    """Canonical label of an answer code (0-5)."""
    return core.kano_answer_name(int(answer))


def parse_answer(text, labels=None):
    """The answer code (0-5) of one answer text, read with ``labels`` (the
    built-in wordings, canonical coding, when ``None``)."""
    return core.kano_labels_parse(labels, text)


def rule_name(rule):
    """Name of a rule given by name or enum value."""
    return core.kano_rule_name(_rule_code(rule))


def parse_rule(text):
    """The rule name of ``text`` (``"mode"``, ``"moai"``, ``"oam-irq"``)."""
    return RULES[core.kano_rule_parse(text)]


def _rule_code(rule):
    if isinstance(rule, str):
        return core.kano_rule_parse(rule)
    return int(rule)


def table(kind="berger"):
    """A new evaluation table: ``"berger"`` (1993, the default), ``"pouliot"``
    (1993), or a 5x5 nested sequence of categories (rows functional,
    columns dysfunctional, both Like..Dislike)."""
    if isinstance(kind, KanoTable):
        t = KanoTable()
        for f in range(1, 6):
            for d in range(1, 6):
                t.set_category(f, d, kind.category(f, d))
        return t
    if isinstance(kind, (str, int)):
        return core.kano_table_init(_choice(kind, _TABLE_KINDS, "table"))
    rows = [list(r) for r in kind]
    if len(rows) != 5 or any(len(r) != 5 for r in rows):
        raise InvalidArgument("an evaluation table has 5 rows of 5 categories")
    t = KanoTable()
    for f, row in enumerate(rows, 1):
        for d, cat in enumerate(row, 1):
            t.set_category(f, d, _category_code(cat))
    core.kano_table_validate(t)
    return t


def classify(functional, dysfunctional, table=None):
    """Category letter of one answer pair under ``table`` (Berger's by
    default); ``None`` when an answer is missing."""
    t = None if table is None else globals()["table"](table)
    return _letter(core.kano_classify(t, int(functional), int(dysfunctional)))


@_graft(KanoTable)
class _Table:
    def __getitem__(self, pair):
        """``t[functional, dysfunctional]`` is the category letter."""
        f, d = pair
        return _letter(self.category(f, d))

    def __setitem__(self, pair, category):
        f, d = pair
        self.set_category(f, d, _category_code(category))

    def to_list(self):
        """The table as 5 rows of 5 letters."""
        return [[self[f, d] for d in range(1, 6)] for f in range(1, 6)]

    def validate(self):
        """Raise :class:`cx.InvalidArgument` naming the first bad cell."""
        core.kano_table_validate(self)

    def __eq__(self, other):
        if not isinstance(other, KanoTable):
            return NotImplemented
        return self.to_list() == other.to_list()

    __hash__ = None

    def __repr__(self):
        rows = ", ".join("".join(c or "-" for c in r) for r in self.to_list())
        return "KanoTable(%s)" % rows

    def __reduce__(self):
        return (table, (self.to_list(),))


# --------------------------------------------------------------------------
# Labels

def _answer_code(answer):
    if isinstance(answer, str):
        return ANSWERS.index(answer.lower()) if answer.lower() in ANSWERS \
            else core.kano_labels_parse(None, answer)
    return int(answer)


_labels_init = KanoLabels.__init__
_labels_add = KanoLabels.add


@_graft(KanoLabels)
class _Labels:
    def __init__(self, coding="canonical", labels=None):
        """A dictionary from answer text to answer code.

        ``coding`` says how the digits 1-5 read (``"canonical"``: 1 = Like,
        ``"reversed"``: 5 = Like); ``labels`` maps extra wordings to
        answers (codes 0-5 or names such as ``"like"``)."""
        _labels_init(self, _choice(coding, _CODINGS, "coding"))
        for text, answer in (labels or {}).items():
            self.add(text, answer)

    def add(self, label, answer):
        """Register ``label`` as ``answer`` (a code 0-5 or a name; 0 or
        ``"missing"`` registers a "no answer" marker)."""
        _labels_add(self, label, _answer_code(answer))
        return self

    def parse(self, text):
        """The answer code (0-5) of ``text``; :class:`cx.ParseError` names
        unknown text."""
        return core.kano_labels_parse(self, text)

    def __call__(self, text):
        return self.parse(text)

    def __repr__(self):
        return "<KanoLabels>"


# --------------------------------------------------------------------------
# Survey

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
        return values.to_numpy()
    import numpy
    return numpy.asarray(values)


def _filter(max_questionable=1.0, max_indifferent=1.0, table=None):
    f = KanoFilter()
    f.max_questionable = float(max_questionable)
    f.max_indifferent = float(max_indifferent)
    if table is not None:
        f.table = globals()["table"](table)
    return f


def _options(rule=None, table=None, threshold=None, precedence=None,
             fong_z=None, functional_scores=None, dysfunctional_scores=None,
             bootstrap=None, seed=None, confidence=None):
    o = KanoOptions()
    if rule is not None:
        o.rule = _rule_code(rule)
    if table is not None:
        o.table = globals()["table"](table)
    if threshold is not None:
        o.threshold = float(threshold)
    if precedence is not None:
        codes = [_category_code(c) for c in precedence]
        if len(codes) != 6:
            raise InvalidArgument("precedence lists all six categories, "
                                  "e.g. 'MOAIRQ'")
        for i, c in enumerate(codes):
            o.set_precedence_at(i, c)
    if fong_z is not None:
        o.fong_z = float(fong_z)
    for name, scores, setter in (
            ("functional_scores", functional_scores, o.set_functional_score),
            ("dysfunctional_scores", dysfunctional_scores,
             o.set_dysfunctional_score)):
        if scores is not None:
            scores = list(scores)
            if len(scores) != 5:
                raise InvalidArgument("%s needs 5 values (Like..Dislike)"
                                      % name)
            for i, v in enumerate(scores):
                setter(i, float(v))
    if bootstrap is not None:
        if bootstrap < 0:
            raise InvalidArgument("bootstrap must be >= 0")
        o.bootstrap = int(bootstrap)
    if seed is not None:
        o.seed = int(seed)
    if confidence is not None:
        o.confidence = float(confidence)
    return o


def _options_dict(o):
    return {
        "rule": RULES[o.rule],
        "table": KanoTable.to_list(o.table),
        "threshold": o.threshold,
        "precedence": "".join(CATEGORIES[o.precedence_at(i)]
                              for i in range(6)),
        "fong_z": o.fong_z,
        "functional_scores": tuple(o.functional_score(i) for i in range(5)),
        "dysfunctional_scores": tuple(o.dysfunctional_score(i)
                                      for i in range(5)),
        "bootstrap": o.bootstrap,
        "seed": o.seed,
        "confidence": o.confidence,
    }


_CSV_DEFAULTS = dict(
    layout="auto", delimiter=",", labels=None,
    respondent_column="respondent", feature_column="feature",
    functional_column="functional", dysfunctional_column="dysfunctional",
    importance_column="importance", segment_column="segment",
    weight_column="weight", functional_suffix="_functional",
    dysfunctional_suffix="_dysfunctional", importance_suffix="_importance",
    swapped=None, require_segment=False, require_weight=False, limits=None)


def _read_csv(survey, path, data, name, options):
    unknown = set(options) - set(_CSV_DEFAULTS)
    if unknown:
        raise TypeError("unknown CSV option(s): %s" % ", ".join(sorted(unknown)))
    o = dict(_CSV_DEFAULTS, **options)
    swapped = o["swapped"]
    if swapped is not None and not isinstance(swapped, str):
        swapped = ",".join(swapped)
    core.kano_read_csv(
        survey, None if path is None else str(path), data, name,
        _choice(o["layout"], _LAYOUTS, "layout"), o["delimiter"], o["labels"],
        o["respondent_column"], o["feature_column"], o["functional_column"],
        o["dysfunctional_column"], o["importance_column"],
        o["segment_column"], o["weight_column"], o["functional_suffix"],
        o["dysfunctional_suffix"], o["importance_suffix"], swapped,
        int(bool(o["require_segment"])), int(bool(o["require_weight"])),
        read_limits(o["limits"]))
    return survey


def _survey_from_bytes(data):
    return core.kano_survey_deserialize(data)


_survey_init = KanoSurvey.__init__
_survey_add = KanoSurvey.add
_survey_merge = KanoSurvey.merge
_survey_cells = KanoSurvey.cells
_survey_respondents = KanoSurvey.respondents
_survey_set_filter = KanoSurvey.set_filter


@_graft(KanoSurvey)
class _Survey:
    def __init__(self, features=(), segments=()):
        """An empty survey, optionally with features and segments declared
        up front (both in index order)."""
        _survey_init(self)
        for name in features:
            self.add_feature(name)
        for name in segments:
            self.add_segment(name)

    @property
    def features(self):
        """Feature names, in index order."""
        return [self.feature_name(i) for i in range(self.n_features())]

    @property
    def segments(self):
        """Segment names, in index order (empty when unsegmented)."""
        return [self.segment_name(i) for i in range(self.n_segments())]

    def feature_index(self, feature, create=False):
        """Index of a feature given by name or index; with ``create`` a new
        name is added."""
        if isinstance(feature, str):
            try:
                return self.find_feature(feature)
            except NotFound:
                if not create:
                    raise
                return self.add_feature(feature)
        return int(feature)

    def segment_index(self, segment, create=False):
        """Index of a segment given by name or index (``None``: 0, the
        only group of an unsegmented survey)."""
        if segment is None:
            return 0
        if isinstance(segment, str):
            try:
                return self.find_segment(segment)
            except NotFound:
                if not create:
                    raise
                return self.add_segment(segment)
        return int(segment)

    def add(self, feature, functional, dysfunctional, segment=None,
            importance=None, weight=1.0):
        """Add one answer pair.

        ``feature`` and ``segment`` are names (new names are added) or
        indices; answers are codes 0-5 or text in the built-in wordings;
        ``importance`` is the self-stated importance or ``None``."""
        _survey_add(
            self, self.feature_index(feature, create=True),
            self.segment_index(segment, create=True),
            _answer_code(functional), _answer_code(dysfunctional),
            math.nan if importance is None else float(importance),
            float(weight))
        return self

    def add_respondent(self, functional, dysfunctional, segment=None,
                       weight=1.0, importance=None):
        """Add one respondent's answers to every feature (sequences of
        ``n_features()`` codes 0-5), applying the filter.  Returns ``True``
        when the filter dropped the respondent."""
        imp = None
        if importance is not None:
            import array
            imp = array.array("d", (math.nan if v is None else float(v)
                                    for v in importance))
        dropped = self.add_respondent_bytes(
            self.segment_index(segment), float(weight),
            bytes(_answer_code(a) for a in functional),
            bytes(_answer_code(a) for a in dysfunctional), imp)
        return bool(dropped)

    def add_batch(self, feature, functional, dysfunctional, segment=None,
                  weight=None, importance=None):
        """Add one answer pair per row from columns.

        Each column is any one-dimensional buffer of integers or floats
        (NumPy arrays of any integer or float dtype, any stride; bytes;
        array.array; memoryview) and is read in place, without a copy.
        ``feature`` and ``segment`` hold indices, the answers codes 0-5
        (NaN = missing in float columns), ``importance`` NaN for none.
        pandas Series and lists are converted with NumPy.  The whole batch
        is checked first: a bad row raises and adds nothing."""
        self.add_batch_buffers(
            _as_column(feature), _as_column(functional),
            _as_column(dysfunctional), _as_column(segment),
            _as_column(weight), _as_column(importance))
        return self

    def set_filter(self, max_questionable=1.0, max_indifferent=1.0,
                   table=None):
        """Drop respondents (in add_respondent and read_csv) whose share of
        Q or I answers exceeds the limit; 1 or more never drops."""
        _survey_set_filter(self, _filter(max_questionable, max_indifferent,
                                         table))
        return self

    def clear_filter(self):
        """Remove the respondent filter."""
        _survey_set_filter(self, None)
        return self

    def cells(self, feature, segment=None):
        """The 5x5 tables behind one feature (all segments pooled when
        ``segment`` is ``None``) as a :class:`KanoCells`."""
        return _survey_cells(self, self.feature_index(feature),
                             ALL if segment is None
                             else self.segment_index(segment))

    def respondents(self, segment=None):
        """``(added, dropped)`` respondents seen by add_respondent."""
        return tuple(_survey_respondents(
            self, ALL if segment is None else self.segment_index(segment)))

    @staticmethod
    def deserialize(data):
        """Rebuild a survey from :meth:`serialize` output (any bytes-like
        object).  :class:`cx.ParseError` for damaged bytes,
        :class:`cx.VersionError` for a format this library cannot read."""
        return core.kano_survey_deserialize(data)

    def merge(self, *others):
        """Add every answer of ``others`` into this survey (features and
        segments matched by name); returns ``self``."""
        for other in others:
            _survey_merge(self, other)
        return self

    def __iadd__(self, other):
        if not isinstance(other, KanoSurvey):
            return NotImplemented
        return self.merge(other)

    def __add__(self, other):
        if not isinstance(other, KanoSurvey):
            return NotImplemented
        return self.copy().merge(other)

    def copy(self):
        """An independent copy."""
        return core.kano_survey_deserialize(self.serialize())

    __copy__ = copy

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        return (_survey_from_bytes, (self.serialize(),))

    def result(self, **options):
        """Compute every result; see :class:`KanoResult` for the options."""
        return KanoResult(self, **options)

    def read_csv(self, path, **options):
        """Add a Kano survey CSV file to this survey (see :func:`read_csv`
        for the options); unchanged on failure."""
        return _read_csv(self, path, None, None, options)

    def read_csv_buffer(self, data, name=None, **options):
        """Add CSV text (``str`` or bytes) to this survey."""
        return _read_csv(self, None, data, name, options)

    @classmethod
    def from_dataframe(cls, df, **columns):
        """See :func:`cx.kano.from_dataframe`."""
        return from_dataframe(df, **columns)

    def __repr__(self):
        return "<KanoSurvey: %d features, %d segments>" % (
            self.n_features(), self.n_segments())


@_graft(KanoCells)
class _Cells:
    @property
    def raw(self):
        """Answer pairs counted, 5 rows (functional) of 5 (dysfunctional)."""
        return [[self.raw_count(f, d) for d in range(1, 6)]
                for f in range(1, 6)]

    @property
    def weighted(self):
        """Sum of weights per answer pair, 5x5."""
        return [[self.weighted_count(f, d) for d in range(1, 6)]
                for f in range(1, 6)]

    def to_dict(self):
        return {"raw": self.raw, "weighted": self.weighted,
                "missing": self.missing, "sum_weights": self.sum_weights,
                "sum_weights_sq": self.sum_weights_sq,
                "importance_n": self.importance_n,
                "importance_sum_w": self.importance_sum_w,
                "importance_sum": self.importance_sum,
                "importance_sum_sq": self.importance_sum_sq}

    def __repr__(self):
        return "KanoCells(raw=%r, missing=%d)" % (self.raw, self.missing)


def read_csv(path, survey=None, **options):
    """Read a Kano survey CSV file into a new survey (or into ``survey``).

    Options: ``layout`` ("auto", "long", "wide"), ``delimiter``,
    ``labels`` (a :class:`KanoLabels`), the column names
    ``respondent_column``, ``feature_column``, ``functional_column``,
    ``dysfunctional_column``, ``importance_column``, ``segment_column``,
    ``weight_column``, the wide-layout suffixes ``functional_suffix``,
    ``dysfunctional_suffix``, ``importance_suffix``, ``swapped`` (features
    whose two columns are in the other order), ``require_segment``,
    ``require_weight``.  Errors raise :class:`cx.ParseError` with the
    file, line, column and value, or :class:`cx.IOError`."""
    return _read_csv(KanoSurvey() if survey is None else survey, path, None,
                     None, options)


def read_csv_buffer(data, name=None, survey=None, **options):
    """Like :func:`read_csv`, from CSV text or bytes; ``name`` is what
    errors call the input."""
    return _read_csv(KanoSurvey() if survey is None else survey, None, data,
                     name, options)


# --------------------------------------------------------------------------
# Results

class KanoRow:
    """The results of one feature in one segment (or all pooled).

    Plain data read from the :class:`KanoResult` that owns it, which it
    keeps alive.  ``count``, ``share`` and ``stability`` map category
    letters to numbers; ``by_rule`` maps rule names to letters.
    """

    __slots__ = ("_raw", "_result")

    #: Field names, in the order of to_dict().
    fields = (
        "feature", "segment", "n_raw", "n_missing", "n", "n_effective",
        "count", "share", "category", "by_rule", "total_strength",
        "category_strength", "better", "worse", "fong_a", "fong_b",
        "fong_limit", "significant", "chi2", "chi2_p", "functional_mean",
        "functional_sd", "dysfunctional_mean", "dysfunctional_sd",
        "importance_mean", "importance_sd", "importance_n", "bootstrap",
        "better_lo", "better_hi", "worse_lo", "worse_hi", "stability",
        "segment_chi2", "segment_df", "segment_p")

    def __init__(self, raw, result):
        self._raw = raw
        self._result = result

    @property
    def result(self):
        """The :class:`KanoResult` this row belongs to."""
        return self._result

    @property
    def category(self):
        """Category letter under the chosen rule, ``None`` without answers."""
        return _letter(self._raw.category)

    @property
    def by_rule(self):
        """Category letter under each rule."""
        return {r: _letter(self._raw.category_by_rule(i))
                for i, r in enumerate(RULES)}

    @property
    def count(self):
        """Weighted count per category letter."""
        return {c: self._raw.count_of(i) for i, c in enumerate(CATEGORIES)}

    @property
    def share(self):
        """Share of answers per category letter."""
        return {c: self._raw.share_of(i) for i, c in enumerate(CATEGORIES)}

    @property
    def stability(self):
        """Share of bootstrap resamples per assigned category."""
        return {c: self._raw.stability_of(i)
                for i, c in enumerate(CATEGORIES)}

    @property
    def significant(self):
        """Whether the Fong test separates the top two categories."""
        return bool(self._raw.fong_significant)

    @property
    def pooled(self):
        """True for the row of all segments pooled."""
        return self._raw.segment is None

    def to_dict(self):
        """Every field as a plain dict (nested dicts for per-category and
        per-rule values)."""
        return {name: getattr(self, name) for name in self.fields}

    def __iter__(self):
        return iter(self.to_dict().items())

    def __eq__(self, other):
        if not isinstance(other, KanoRow):
            return NotImplemented
        return _same(self.to_dict(), other.to_dict())

    __hash__ = None

    def __repr__(self):
        def num(v):
            return "nan" if v != v else "%.4g" % v
        return ("KanoRow(feature=%r, segment=%r, category=%r, n=%s, "
                "better=%s, worse=%s, significant=%r)"
                % (self.feature, self.segment, self.category, num(self.n),
                   num(self.better), num(self.worse), self.significant))


def _same(a, b):
    """Equality that treats NaN as equal to NaN (undefined == undefined)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    return a == b


def _plain_field(name):
    return property(lambda self: getattr(self._raw, name),
                    doc="See cx_kano_feature_result.%s." % name)


for _name in KanoRow.fields:
    if not hasattr(KanoRow, _name):
        setattr(KanoRow, _name, _plain_field(_name))
del _name

_result_n_segments = KanoResult.n_segments
_result_get = KanoResult.get
_result_options = KanoResult.options
_result_respondents = KanoResult.respondents


@_graft(KanoResult)
class _Result:
    def __init__(self, survey, rule=None, table=None, threshold=None,
                 precedence=None, fong_z=None, functional_scores=None,
                 dysfunctional_scores=None, bootstrap=None, seed=None,
                 confidence=None):
        """Compute every result of ``survey``; the result is a snapshot and
        does not change when the survey does.

        Options (defaults in parentheses): ``rule`` "mode", "moai" or
        "oam-irq" ("mode"); ``table`` "berger", "pouliot" or a 5x5 table
        ("berger"); ``threshold`` share gap of the moai rule (0.05);
        ``precedence`` tie order, e.g. "MOAIRQ"; ``fong_z`` (1.65);
        ``functional_scores`` and ``dysfunctional_scores`` (DuMouchel);
        ``bootstrap`` resamples (0); ``seed`` (0); ``confidence`` (0.95)."""
        options = _options(rule, table, threshold, precedence, fong_z,
                           functional_scores, dysfunctional_scores,
                           bootstrap, seed, confidence)
        computed = core.kano_result_compute(survey, options)
        # Adopt the new handle: both proxies share one owning pointer
        # object, freed once when the last of them goes.
        self.this = computed.this

    @property
    def features(self):
        """Feature names, in index order."""
        return [self.row(i).feature for i in range(len(self))]

    @property
    def segments(self):
        """Segment names, in index order (empty when unsegmented)."""
        return [self.segment_name(i) for i in range(_result_n_segments(self))]

    @property
    def options(self):
        """The options the result was computed with, as a dict."""
        return _options_dict(_result_options(self))

    def _feature_index(self, feature):
        if isinstance(feature, str):
            names = self.features
            try:
                return names.index(feature)
            except ValueError:
                raise NotFound("no feature named %r" % feature) from None
        index = int(feature)
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("feature index %d out of range" % feature)
        return index

    def _segment_index(self, segment):
        if segment is None:
            return ALL
        if isinstance(segment, str):
            names = self.segments
            try:
                return names.index(segment)
            except ValueError:
                raise NotFound("no segment named %r" % segment) from None
        return int(segment)

    def row(self, feature, segment=None):
        """The :class:`KanoRow` of a feature (name or index) in a segment
        (name or index; ``None`` pools all segments)."""
        raw = _result_get(self, self._feature_index(feature),
                          self._segment_index(segment))
        return KanoRow(raw, self)

    def __len__(self):
        return self.n_features()

    def __getitem__(self, key):
        """``result["Wifi"]``, ``result[0]``: pooled row of a feature;
        ``result["Wifi", "B2B"]``: its row in a segment."""
        if isinstance(key, tuple):
            return self.row(*key)
        return self.row(key)

    def __iter__(self):
        """The pooled row of every feature, in index order."""
        return (self.row(i) for i in range(len(self)))

    def rows(self, segments=True):
        """Every row: for each feature the pooled row, then (with
        ``segments``) one per segment."""
        out = []
        for i in range(len(self)):
            out.append(self.row(i))
            if segments:
                out.extend(self.row(i, s)
                           for s in range(_result_n_segments(self)))
        return out

    def respondents(self, segment=None):
        """``(added, dropped)`` respondents, as in the survey."""
        return tuple(_result_respondents(self, self._segment_index(segment)))

    def to_records(self, segments=True):
        """The rows as flat dicts (``share_A``, ``by_rule_moai``...)."""
        records = []
        for row in self.rows(segments):
            flat = {}
            for key, value in row.to_dict().items():
                if isinstance(value, dict):
                    for sub, v in value.items():
                        flat["%s_%s" % (key, sub)] = v
                else:
                    flat[key] = value
            records.append(flat)
        return records

    def to_dataframe(self, segments=True):
        """The rows as a pandas DataFrame, one row per feature and segment
        (segment ``None`` for the pooled rows).  Needs pandas."""
        try:
            import pandas
        except ImportError as e:  # pragma: no cover - pandas is optional
            raise ImportError("to_dataframe() needs pandas") from e
        return pandas.DataFrame.from_records(self.to_records(segments))

    def svg(self, title=None, width=640, height=560, segment=None,
            theme="light"):
        """The Kano diagram (better against |worse|) as SVG text."""
        return core.render_kano_svg(self, int(width), int(height), title,
                                    self._segment_index(segment),
                                    _choice(theme, _THEMES, "theme"))

    def _repr_svg_(self):
        return self.svg()

    def _repr_html_(self):
        def num(v, pct=False):
            if v != v:
                return "&ndash;"
            return "%.1f%%" % (100 * v) if pct else "%.3f" % v
        head = ("<tr><th>feature</th><th>n</th><th>category</th>"
                + "".join("<th>%s</th>" % c for c in CATEGORIES)
                + "<th>better</th><th>worse</th><th>Fong</th></tr>")
        body = []
        for row in self:
            share = row.share
            body.append(
                "<tr><td>%s</td><td>%s</td><td>%s</td>%s<td>%s</td>"
                "<td>%s</td><td>%s</td></tr>" % (
                    html.escape(row.feature), num(row.n).rstrip("0")
                    .rstrip("."), row.category or "&ndash;",
                    "".join("<td>%s</td>" % num(share[c], True)
                            for c in CATEGORIES),
                    num(row.better), num(row.worse),
                    "significant" if row.significant else "not significant"))
        return ("<table class=\"cx-kano\"><caption>Kano results (%s rule)"
                "</caption><thead>%s</thead><tbody>%s</tbody></table>"
                % (html.escape(self.options["rule"]), head, "".join(body)))

    def __repr__(self):
        return "<KanoResult: %d features, %d segments, rule %s>" % (
            len(self), _result_n_segments(self), self.options["rule"])


# --------------------------------------------------------------------------
# pandas

def _codes(series):
    """``(codes, uniques)`` of a column, NaN/None coded -1."""
    import pandas
    codes, uniques = pandas.factorize(series, use_na_sentinel=True)
    return codes, list(uniques)


def _answer_column(series, labels):
    import numpy
    import pandas
    if labels is None and pandas.api.types.is_numeric_dtype(series.dtype) \
            and not pandas.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy()
    codes, uniques = _codes(series)
    lookup = numpy.zeros(len(uniques) + 1, dtype=numpy.uint8)
    for i, value in enumerate(uniques):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        lookup[i] = core.kano_labels_parse(labels, str(value))
    # code -1 (missing) picks the trailing 0
    return lookup[codes]


def _index_column(series, index_of):
    import numpy
    codes, uniques = _codes(series)
    if (codes < 0).any():
        raise InvalidArgument("column %r has missing values" % series.name)
    lookup = numpy.array([index_of(str(v)) for v in uniques],
                         dtype=numpy.uint32)
    return lookup[codes]


def from_dataframe(df, functional="functional", dysfunctional="dysfunctional",
                   feature="feature", segment=None, weight=None,
                   importance=None, labels=None, survey=None):
    """Build a survey from a long-layout pandas DataFrame (one row per
    respondent and feature).

    ``feature`` and ``segment`` name columns of names (any values; each
    distinct value becomes a feature or segment).  The answer columns hold
    codes (integers 0-5 or floats with NaN for missing, read in place) or
    text; text, and codes when ``labels`` is given, is mapped through
    ``labels`` (a :class:`KanoLabels`; the built-in wordings by default)
    once per distinct value and then converted in one vectorised step.
    ``weight`` and ``importance`` name numeric columns.  Adds to
    ``survey`` when given."""
    if survey is None:
        survey = KanoSurvey()
    seg = None
    if segment is not None:
        seg = _index_column(df[segment],
                            lambda s: survey.segment_index(s, create=True))
    feat = _index_column(df[feature],
                         lambda f: survey.feature_index(f, create=True))
    survey.add_batch(
        feat, _answer_column(df[functional], labels),
        _answer_column(df[dysfunctional], labels), seg,
        None if weight is None else df[weight].to_numpy(dtype="float64"),
        None if importance is None
        else df[importance].to_numpy(dtype="float64", na_value=math.nan))
    return survey
