"""Named exceptions. The CLI converts each into a one-line message and an exit status."""


class NewsIndexError(Exception):
    """Base class: an expected failure with a message meant for the user.

    A message that names one of the caller's parameters writes it in backquotes (`` `since` ``)
    and lists it in ``params``; :meth:`message_for` writes each as the caller knows it (the CLI: its
    option, ``--since``), so the library never names a command-line option.

    >>> e = NewsIndexError("`since` 2019-12-01 is after `until` 2019-10-31", params=("since", "until"))
    >>> str(e)
    '`since` 2019-12-01 is after `until` 2019-10-31'
    >>> e.message_for({"since": "--since", "until": "--until"})
    '--since 2019-12-01 is after --until 2019-10-31'
    """

    exit_code = 1
    params: tuple[str, ...] = ()

    def __init__(self, *args, params: tuple[str, ...] = ()):
        super().__init__(*args)
        if params:
            self.params = tuple(params)

    def message_for(self, names: dict[str, str] | None = None) -> str:
        """The message with each parameter it names written as `names` gives (unlisted: as it is)."""
        text = str(self)
        for p in self.params:
            if names and p in names:
                text = text.replace(f"`{p}`", names[p])
        return text


class SourceError(NewsIndexError):
    """A source file could not be read or is not text."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


class NoIndex(NewsIndexError):
    """There is no index where one was expected."""


class BadIndex(NewsIndexError):
    """The index directory is not a newsindex index, or was made by an incompatible version."""


class IndexBusy(NewsIndexError):
    """Another process holds the index's write lock."""


class BadQuery(NewsIndexError):
    """The query or a filter could not be understood."""

    exit_code = 2


class UsageError(NewsIndexError):
    """Options that cannot be used together (exit status 2)."""

    exit_code = 2


class NotFound(NewsIndexError):
    """No record has the requested id."""


class GazetteerError(NewsIndexError):
    """A companies table (companies.toml) is missing, unreadable or malformed."""

    exit_code = 2


class ConfigError(NewsIndexError):
    """A configuration file (a companies table, a sources sidecar) cannot be used: the build stopped
    before publishing anything, and the previous index is as it was (or `newsindex set` could not write it)."""


class DiskFull(NewsIndexError):
    """The disk filled up while the index was being written (the previous index is still live)."""


class OutputError(NewsIndexError):
    """An export's output file could not be written (no such folder, no permission, disk full)."""
