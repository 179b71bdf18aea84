"""libcx for Python: customer-experience analytics.

The Kano model lives in :mod:`cx.kano`, NPS, CSAT and CES in
:mod:`cx.metrics`, gap analysis (SERVQUAL, zone of tolerance, IPA) in
:mod:`cx.gap`, journey maps in :mod:`cx.journey`, observed journeys
from event logs (graphs, variants, funnels, attribution, conformance) in
:mod:`cx.paths`, answer scales in :mod:`cx.scale`; their classes are also
available here::

    import cx
    survey = cx.KanoSurvey()
    survey.add("Wifi", functional=1, dysfunctional=5)
    result = survey.result(rule="moai")
    print(result["Wifi"].category, result["Wifi"].better)

    nps = cx.MetricSurvey.nps()
    nps.add_batch(numpy_scores)
    print(nps.compute().nps, nps.compute().adjusted_lo)

Every failure raises a subclass of :class:`cx.Error` (see :mod:`cx.errors`).
Objects are not locked: use one object per thread, or your own lock.
"""

import enum as _enum

from . import errors
from .errors import (Error, InvalidArgument, OutOfMemory, ParseError,
                     RangeError, NotFound, IOError, StateError, VersionError,
                     Undefined)
from . import core
from . import limits
from .limits import ReadLimits
from . import scale
from .scale import Scale
from . import kano
from .kano import (KanoSurvey, KanoResult, KanoRow, KanoLabels, KanoTable,
                   KanoCells)
from . import metrics
from .metrics import (MetricSurvey, MetricResult, NpsRow, CsatRow, CesRow,
                      NpsDiff, nps_diff)
from . import gap
from .gap import (GapSurvey, GapResult, GapItemRow, GapDimensionRow,
                  GapScore)
from . import journey
from .journey import (Journey, Stage, Touchpoint, Actor, Problem,
                      JourneyScores, JourneyDiff)
from . import paths
from .paths import (PathsLog, PathsResult, Funnel, Attribution,
                    Conformance)


class Status(_enum.IntEnum):
    """The library's status codes (``Error.status``)."""
    OK = core.OK
    EINVAL = core.EINVAL
    ENOMEM = core.ENOMEM
    EPARSE = core.EPARSE
    ERANGE = core.ERANGE
    ENOTFOUND = core.ENOTFOUND
    EIO = core.EIO
    ESTATE = core.ESTATE
    EVERSION = core.EVERSION
    EUNDEFINED = core.EUNDEFINED


def version():
    """Version of the libcx inside the extension, as "MAJOR.MINOR.PATCH"."""
    return core.version()[0]


def version_info():
    """Version of the libcx inside the extension, as (major, minor, patch)."""
    return tuple(core.version()[1:])


def strerror(status):
    """A few words describing a status code."""
    return core.strerror(int(status))


def error_last():
    """Message of this thread's last libcx failure ("" if none)."""
    return core.error_last()


def error_clear():
    """Forget this thread's last libcx failure."""
    core.error_clear()


__version__ = version()

__all__ = [
    "ReadLimits", "Error", "InvalidArgument", "OutOfMemory", "ParseError", "RangeError",
    "NotFound", "IOError", "StateError", "VersionError", "Undefined",
    "Status", "KanoSurvey", "KanoResult", "KanoRow", "KanoLabels",
    "KanoTable", "KanoCells", "kano", "errors", "version", "version_info",
    "strerror", "error_last", "error_clear", "Scale", "scale",
    "MetricSurvey", "MetricResult", "NpsRow", "CsatRow", "CesRow", "NpsDiff",
    "nps_diff", "metrics", "GapSurvey", "GapResult", "GapItemRow",
    "GapDimensionRow", "GapScore", "gap", "Journey", "Stage", "Touchpoint",
    "Actor", "Problem", "JourneyScores", "JourneyDiff", "journey",
    "PathsLog", "PathsResult", "Funnel", "Attribution", "Conformance",
    "paths",
]
