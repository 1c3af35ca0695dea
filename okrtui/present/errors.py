"""A problem the person can fix, told in one sentence: the command line prints it (exit 2), the app
shows it as a notice."""


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit 2."""
