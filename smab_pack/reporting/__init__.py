"""`smab-pack report`: an evaluation report (HTML and CSV) from the xAPI statements
that courses sent to a learning record store.

The stages, one module each, in the order data flows:
sources (lrs.py, files.py) → statements.py (clean, sort, filter) → analysis.py (the
figures) → tables.py (CSV) and html.py with charts.py (report.html) → output.py (the
folder, written atomically).
"""

from __future__ import annotations


class ReportError(Exception):
    """Bad input (an unreadable file, an LRS that refuses us): one line for the user, exit 1."""
