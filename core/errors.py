"""Errors that name the input they are about."""


class ArticleError(Exception):
    """An article or input path that cannot be read; the message says why."""
