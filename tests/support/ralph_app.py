"""Ralph's ASGI application, with one fix to its filesystem backend.

Ralph 5.1.0's filesystem LRS backend writes every POST with the "create"
operation into one file, so it stores the first request and answers 500 to
every later one ("fs_lrs.jsonl already exists and overwrite is not allowed").
Appending is what a statements log needs; everything else (the xAPI API,
validation, authentication, duplicate-id handling, queries) is Ralph's own.
Run with Ralph's virtual environment: uvicorn --app-dir tests/support ralph_app:app
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (after the fix above)

__all__ = ["app"]
