"""Exceptions raised by libcx calls.

Every failing call raises a subclass of :class:`Error` chosen by the
library's status code.  The message is the library's own (``cx_error_last``);
parse errors also say where: ``path``, ``line``, ``column`` and the
offending ``value``.  Each class also derives from the closest built-in
exception, so ``except ValueError`` or ``except KeyError`` work as expected.
"""

__all__ = [
    "Error", "InvalidArgument", "OutOfMemory", "ParseError", "RangeError",
    "NotFound", "IOError", "StateError", "VersionError", "Undefined",
]


class Error(Exception):
    """Base class of every libcx failure.

    Attributes:
        status: the library's status code (a negative int, see ``cx.Status``).
        message: the library's message.
        path, line, column, value: where a parse error happened (``None`` /
            0 for other errors).
    """

    status = -1

    def __init__(self, message, status=None, path=None, line=0, column=0,
                 value=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.path = path
        self.line = line
        self.column = column
        self.value = value

    def __str__(self):
        return self.message

    def __reduce__(self):
        return (type(self), (self.message, self.status, self.path, self.line,
                             self.column, self.value))


class InvalidArgument(Error, ValueError):
    """An argument is invalid (CX_EINVAL)."""
    status = -1


class OutOfMemory(Error, MemoryError):
    """Memory could not be allocated (CX_ENOMEM)."""
    status = -2


class ParseError(Error, ValueError):
    """Input text or bytes could not be parsed (CX_EPARSE)."""
    status = -3


class RangeError(Error, ValueError):
    """A value or size is outside the allowed range (CX_ERANGE)."""
    status = -4


class NotFound(Error, KeyError):
    """A named or indexed thing does not exist (CX_ENOTFOUND)."""
    status = -5


class IOError(Error, OSError):  # noqa: A001 - the library's own name
    """Reading or writing a file failed (CX_EIO)."""
    status = -6


class StateError(Error):
    """The object is not in a state that allows this (CX_ESTATE)."""
    status = -7


class VersionError(Error):
    """Serialized data from an incompatible version (CX_EVERSION)."""
    status = -8


class Undefined(Error, ArithmeticError):
    """A statistic is undefined for this data, 0/0 (CX_EUNDEFINED)."""
    status = -9


_BY_STATUS = {cls.status: cls for cls in (
    InvalidArgument, OutOfMemory, ParseError, RangeError, NotFound, IOError,
    StateError, VersionError, Undefined)}


def _from_status(status, message, path, line, column, value):
    """Called by the extension to build the exception of a failed call."""
    cls = _BY_STATUS.get(status, Error)
    return cls(message, status, path, line, column, value)
