"""Storage errors: each one a sentence naming the file and the problem."""

from __future__ import annotations


class DatabaseError(Exception):
    """The database cannot be used as it is; the file was left untouched."""


class DatabaseMissing(DatabaseError):
    pass


class NotJSON(DatabaseError):
    pass


class NotAnOkrtuiDatabase(DatabaseError):
    pass


class InvalidDatabase(DatabaseError):
    pass


class FutureSchema(DatabaseError):
    pass


class Unreadable(DatabaseError):
    pass


class Unwritable(DatabaseError):
    pass


class ReadOnly(Unwritable):
    """This process may read the database but never change it (a served screen)."""


class LockTimeout(DatabaseError):
    pass


class NotFound(LookupError):
    """An id that is not (or no longer) in the database."""
