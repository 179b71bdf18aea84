"""Limits of the survey CSV readers (``cx_read_limits`` in C).

Every ``read_csv`` / ``read_csv_buffer`` of :mod:`cx.kano`,
:mod:`cx.metrics` and :mod:`cx.gap` takes ``limits=``: a dict with any of
``max_bytes`` (whole input), ``max_record`` (bytes of one row),
``max_columns`` (fields of one row) and ``max_names`` (features, items or
segments created from the file), or a :class:`ReadLimits`.  Fields left
out keep the library's defaults (no byte limit, 1 MiB rows, 10,000
columns, 100,000 names); 0 means no limit.  Exceeding one raises
:class:`cx.RangeError` naming the limit.
"""

from . import core

ReadLimits = core.read_limits
FIELDS = ("max_bytes", "max_record", "max_columns", "max_names")


def read_limits(value):
    """The C limits for ``value`` (None: the defaults)."""
    if value is None or isinstance(value, ReadLimits):
        return value
    if not isinstance(value, dict):
        raise TypeError("limits is a dict of %s, or a cx.ReadLimits"
                        % ", ".join(FIELDS))
    unknown = set(value) - set(FIELDS)
    if unknown:
        raise TypeError("unknown limit(s): %s" % ", ".join(sorted(unknown)))
    limits = ReadLimits()
    for name, number in value.items():
        number = int(number)
        if number < 0:
            raise ValueError("%s must be >= 0 (0: no limit)" % name)
        setattr(limits, name, number)
    return limits
