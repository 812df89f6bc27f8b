"""Errors a user can cause, each with a message that says what to do."""


class ActorgraphError(Exception):
    """Base class: the CLI prints the message on one line and exits with ``exit_code``."""

    exit_code = 2


class InputError(ActorgraphError):
    """An input path or file that cannot be read at all."""


class ModelNotFoundError(ActorgraphError):
    """No spaCy pipeline of the requested name is installed."""


class StoreError(ActorgraphError):
    """A store file that is missing, not a store, or of an unknown schema."""


class StoreBusyError(StoreError):
    """A store that another build is writing to right now."""


class DictionaryError(ActorgraphError):
    """A user actor dictionary that cannot be read."""


class FilterError(ActorgraphError, ValueError):
    """A filter value (date, event type, quad class, status, country, weight) not valid."""


class ActorNotFoundError(ActorgraphError):
    """No actor of the graph matches a query."""


class ExportError(ActorgraphError):
    """An export that cannot be written (unknown format, missing optional package)."""


class EngineError(ActorgraphError):
    """An engine cannot run as asked (bad option, missing extra, unreachable cluster)."""


class LexiconError(ActorgraphError, ValueError):
    """A data file row that does not parse; raised at load time so tests catch it."""


class GoldError(ActorgraphError):
    """A gold (annotation) file that is missing or not in the format of the guidelines."""
