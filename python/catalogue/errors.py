"""Exceptions carrying the host's one-line messages (the statuses of catalogue_host.h, the CLI's exit codes)."""


class CatalogueError(Exception):
    """An error reported by the host; `status` is the catalogue_host.h status (the CLI's exit code)."""

    status = 1


class UsageError(CatalogueError, ValueError):
    """Bad input: unknown entry, a parameter out of range, a problem of the wrong kind (status 2)."""

    status = 2


class PluginLoadError(CatalogueError):
    """A plugin file could not be loaded (status 3)."""

    status = 3


class RunFailed(CatalogueError):
    """The run started and failed or was cancelled; `run` is its Run (the folder exists), if one was written."""

    status = 1

    def __init__(self, message, run=None):
        super().__init__(message)
        self.run = run
