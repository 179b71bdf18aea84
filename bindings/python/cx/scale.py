"""Declared answer scales: range, neutral point, direction, codes, labels.

:class:`Scale` is the library's ``cx_scale`` with its labels owned by the
object.  Every module that reads ratings (NPS, CSAT, CES, gap analysis)
takes one::

    s = cx.Scale(min=1, max=7, neutral=4, na_code=98, dk_code=99)
    s = cx.Scale.preset("likert7")
    s.classify(98)          # "not applicable"
    s.to_percent(5.5)       # 75.0

A scale given to an accumulator is copied (without its labels), so changing
it afterwards changes nothing there.
"""

import math

from . import core
from .errors import InvalidArgument

__all__ = ["Scale", "PRESETS", "DIRECTIONS", "ANSWER_KINDS", "preset",
           "answer_kind_name"]

Scale = core.Scale

#: Direction names, index = the library's enum value.
DIRECTIONS = ("higher_is_better", "higher_is_worse")
#: Preset names for :meth:`Scale.preset`.
PRESETS = {"likert5": core.SCALE_LIKERT5, "likert7": core.SCALE_LIKERT7,
           "nps": core.SCALE_NPS, "csat5": core.SCALE_CSAT5,
           "ces2": core.SCALE_CES2, "ces1": core.SCALE_CES1}
#: Names of the kinds of raw answer, index = the library's enum value.
ANSWER_KINDS = tuple(core.scale_answer_kind_name(i) for i in range(6))


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
    """Enum value of ``value`` given by name (a key of ``choices``) or int."""
    if isinstance(value, str):
        key = value.lower().replace("-", "_").replace(" ", "_")
        try:
            return choices[key]
        except KeyError:
            raise InvalidArgument(
                "unknown %s %r; expected one of %s"
                % (what, value, ", ".join(sorted(choices)))) from None
    return int(value)


_DIRECTION_CODES = {name: i for i, name in enumerate(DIRECTIONS)}


def direction_code(direction):
    """Enum value of a direction given by name or value."""
    return _choice(direction, _DIRECTION_CODES, "direction")


def answer_kind_name(kind):
    """Name of an answer kind value ("valid", "missing", ...)."""
    return core.scale_answer_kind_name(int(kind))


def preset(name):
    """A built-in scale: ``"likert5"``, ``"likert7"``, ``"nps"``,
    ``"csat5"``, ``"ces2"`` or ``"ces1"`` (with their labels)."""
    return core.scale_preset(_choice(name, PRESETS, "scale preset"))


def _from_dict(fields):
    return Scale(**fields)


_init = Scale.__init__
_direction = Scale.direction
_na_code = Scale.na_code
_dk_code = Scale.dk_code
_classify = Scale.classify
_check = Scale.check
_reverse = Scale.reverse
_to_percent = Scale.to_percent
_to_centered = Scale.to_centered


def _elementwise(fn, x):
    """``fn`` of a number, or of every element of a sequence or array (a
    NumPy float64 array comes back)."""
    if isinstance(x, (int, float)) or hasattr(x, "__float__") and \
            not hasattr(x, "__len__"):
        return fn(float(x))
    import numpy
    values = numpy.asarray(x, dtype="float64")
    out = numpy.empty_like(values)
    flat_in, flat_out = values.reshape(-1), out.reshape(-1)
    for i, v in enumerate(flat_in):
        flat_out[i] = fn(float(v))
    return out


@_graft(Scale)
class _Scale:
    def __init__(self, min=1, max=5, neutral=None,
                 direction="higher_is_better", na_code=None, dk_code=None,
                 labels=None):
        """A scale of the whole points ``min`` .. ``max``.

        ``neutral`` defaults to the midpoint; ``direction`` is
        ``"higher_is_better"`` or ``"higher_is_worse"``; ``na_code`` and
        ``dk_code`` are the integer codes of "not applicable" and "don't
        know" (``None``: not used); ``labels`` has one entry (or ``None``)
        per point from ``min`` up.  :class:`cx.InvalidArgument` names the
        first problem."""
        _init(self)
        self.min = int(min)
        self.max = int(max)
        self.neutral = (self.min + self.max) / 2 if neutral is None \
            else float(neutral)
        self.direction = direction
        self.na_code = na_code
        self.dk_code = dk_code
        self.labels = labels
        self.validate()

    preset = staticmethod(preset)

    @property
    def direction(self):
        """``"higher_is_better"`` or ``"higher_is_worse"``."""
        return DIRECTIONS[_direction.fget(self)]

    @direction.setter
    def direction(self, value):
        _direction.fset(self, direction_code(value))

    @property
    def na_code(self):
        """Code of "not applicable", or ``None`` when unused."""
        return _na_code.fget(self) if self.has_na_code else None

    @na_code.setter
    def na_code(self, code):
        self.has_na_code = 0 if code is None else 1
        _na_code.fset(self, 0 if code is None else int(code))

    @property
    def dk_code(self):
        """Code of "don't know", or ``None`` when unused."""
        return _dk_code.fget(self) if self.has_dk_code else None

    @dk_code.setter
    def dk_code(self, code):
        self.has_dk_code = 0 if code is None else 1
        _dk_code.fset(self, 0 if code is None else int(code))

    @property
    def labels(self):
        """One label (or ``None``) per point from ``min`` up, or ``None``
        when the scale has no labels."""
        if self.nlabels == 0:
            return None
        return [self.label_at(i) for i in range(self.nlabels)]

    @labels.setter
    def labels(self, labels):
        labels = [] if labels is None else list(labels)
        self.set_label_count(len(labels))
        for i, text in enumerate(labels):
            self.set_label_at(i, None if text is None else str(text))

    @property
    def values(self):
        """The valid answers, ``range(min, max + 1)``."""
        return range(self.min, self.max + 1)

    def __len__(self):
        return self.points()

    def __contains__(self, value):
        return self.classify(value) == "valid"

    def classify(self, value):
        """Kind of one raw answer: ``"valid"``, ``"missing"`` (``None`` or
        NaN), ``"not applicable"``, ``"don't know"``, ``"out of scale"``
        or ``"non-integer"``."""
        return ANSWER_KINDS[_classify(self, math.nan if value is None
                                      else float(value))]

    def check(self, value, respondent=None, item=None):
        """Like :meth:`classify`, but :class:`cx.RangeError` for an answer
        off the scale or not whole, naming ``respondent`` and ``item``."""
        return ANSWER_KINDS[_check(self, math.nan if value is None
                                   else float(value), respondent, item)]

    def reverse(self, x):
        """``min + max - x`` for valid answers (codes and NaN unchanged,
        anything else NaN); numbers or arrays."""
        return _elementwise(lambda v: _reverse(self, v), x)

    def to_percent(self, x):
        """Position on 0-100 with 100 the good end; numbers or arrays."""
        return _elementwise(lambda v: _to_percent(self, v), x)

    def to_centered(self, x):
        """Position in [-1, 1] around the neutral point, +1 the good end;
        numbers or arrays."""
        return _elementwise(lambda v: _to_centered(self, v), x)

    def to_dict(self):
        """The scale as keyword arguments of :class:`Scale`."""
        return {"min": self.min, "max": self.max, "neutral": self.neutral,
                "direction": self.direction, "na_code": self.na_code,
                "dk_code": self.dk_code, "labels": self.labels}

    def copy(self):
        return Scale(**self.to_dict())

    __copy__ = copy

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        return (_from_dict, (self.to_dict(),))

    def __eq__(self, other):
        if not isinstance(other, Scale):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None

    def __repr__(self):
        extra = ""
        if self.na_code is not None:
            extra += ", na_code=%d" % self.na_code
        if self.dk_code is not None:
            extra += ", dk_code=%d" % self.dk_code
        if self.nlabels:
            extra += ", labels=%r" % (self.labels,)
        return "Scale(min=%d, max=%d, neutral=%g, direction=%r%s)" % (
            self.min, self.max, self.neutral, self.direction, extra)
