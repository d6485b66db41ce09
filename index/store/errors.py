"""Errors newsbot reports to people: each message says what went wrong and what to do next."""

from __future__ import annotations


class NewsbotError(Exception):
    """Base of every error meant for a user's eyes (CLI message, the bot's reply, log line)."""


class ReadError(NewsbotError):
    """An input (file, record, page) could not be read as an article. The rest of a batch goes on."""


class NotADatabaseError(NewsbotError):
    """The database path names a file that is not a newsbot SQLite database; it is left untouched."""


class IndexMissingError(NewsbotError):
    """The database file does not exist (never created, or deleted while newsbot was running)."""
