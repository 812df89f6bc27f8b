"""actorgraph: who deals with whom in the news, as a graph you can explore."""

__version__ = "0.1.0"
