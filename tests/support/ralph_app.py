"""Ralph's ASGI application, with two fixes to its filesystem backend.

Ralph 5.1.0's filesystem LRS backend writes every POST with the "create"
operation into one file, so it stores the first request and answers 500 to
every later one ("fs_lrs.jsonl already exists and overwrite is not allowed").
Appending is what a statements log needs. And its `verb` and `activity`
query filters compare the stored id (a string) with the parsed query value (an
IRI object), so they never match: the values are compared as strings. Everything
else (the xAPI API, validation, authentication, duplicate-id handling, the other
query filters) is Ralph's own.
Run with Ralph's virtual environment: uvicorn --app-dir tests/support ralph_app:app
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
_by_verb, _by_activity = FSLRSBackend._add_filter_by_verb, FSLRSBackend._add_filter_by_activity
FSLRSBackend._add_filter_by_verb = staticmethod(
    lambda filters, verb_id: _by_verb(filters, str(verb_id) if verb_id else None)
)
FSLRSBackend._add_filter_by_activity = staticmethod(
    lambda filters, object_id, related: _by_activity(filters, str(object_id) if object_id else None, related)
)

from ralph.api import app  # noqa: E402  (after the fix above)

__all__ = ["app"]
