"""`report --lrs URL --store FILE`: a local statement store kept in step with an LRS.

Each run asks the LRS only for statements stored since the store's position (the latest
time of the last complete fetch, less a margin for statements an LRS makes visible
late), following every `more` link. Pages go into a staging table, committed
page by page; only when the fetch is complete are they merged into the store (each id
once) and the position moved on, in one transaction. A fetch that stops mid-way (the
LRS goes away, Ctrl-C) leaves the store as it was, and the next run fetches the same
range again: no gap, no duplicate. A voiding statement that arrives later is stored
like any other and the report leaves out the statement it voids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from smab_pack.reporting import ReportError
from smab_pack.reporting.lrs import PageReader, fetch_pages, statements_url
from smab_pack.reporting.store import COLUMNS, Store, one_row

#: statements stored this long before the position are asked for again (and kept once):
#: LRSs on distributed stores make a statement visible to queries some time after its `stored`
#: (Elasticsearch refreshes every second by default); a busy LRS stores thousands a minute, all fetched again
OVERLAP = timedelta(minutes=1)


def open_store(path: Path, endpoint: str, *, refresh: bool = False) -> Store:
    """The store at ``path`` for the LRS at ``endpoint`` (a new one when absent or --refresh)."""
    if refresh:
        for stale in (path, path.with_name(path.name + ".wal")):
            try:
                stale.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise ReportError(f"cannot replace the statement store {path}: {exc.strerror or exc}") from None
    if path.exists() and not path.is_file():
        raise ReportError(f"{path} is not a statement store (not a file)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    store = Store(path)
    source = statements_url(endpoint)
    known = store.get("lrs")
    if known is None:
        store.put("lrs", source)
    elif known != source:
        store.close()
        raise ReportError(
            f"the statement store {path} mirrors another LRS ({known}): "
            "choose another --store, or rebuild this one with --refresh"
        )
    store.db.execute(f"CREATE TABLE IF NOT EXISTS incoming ({COLUMNS})")
    return store


def position(store: Store) -> datetime | None:
    raw = store.get("position")
    return datetime.fromisoformat(raw) if raw else None


#: pages(since, read): read every page of what the LRS stored after ``since`` (lrs.fetch_pages)
Pages = Callable[[datetime | None, PageReader], Iterator[int]]


def update(store: Store, pages: Pages) -> Iterator[int]:
    """Fetch what is new into the store; yields the number of statements fetched so far after each page."""
    db = store.db
    db.execute("DELETE FROM incoming")  # what an interrupted run left: fetched again below
    since = position(store)
    fetched = 0

    def read(body: bytes, url: str) -> tuple[int, int, object]:
        return store.add_page(body, url, table="incoming")

    for kept in pages(since - OVERLAP if since else None, read):
        fetched += kept
        yield fetched
    store.flush()
    db.execute("BEGIN TRANSACTION")
    try:
        # Ids the store has already (the overlap): a join built on the small side, not the store's ids.
        db.execute(
            "CREATE OR REPLACE TEMP TABLE known AS SELECT DISTINCT s.sid FROM statements s"
            " JOIN (SELECT DISTINCT sid FROM incoming WHERE sid IS NOT NULL) i ON s.sid = i.sid"
        )
        db.execute(
            "INSERT INTO statements SELECT * EXCLUDE (n) FROM ("
            " SELECT *, row_number() OVER (PARTITION BY sid ORDER BY stored, ts, h) AS n FROM incoming"
            " WHERE sid IS NULL OR sid NOT IN (SELECT sid FROM known)) WHERE sid IS NULL OR n = 1"
        )
        # xAPI compares `since` with `stored`; Ralph's backends (fs, Elasticsearch, MongoDB,
        # ClickHouse) with the statement's timestamp. The lesser of the two latest times is
        # safe for both (and a browser clock set in the future cannot push the position past the LRS's).
        latest = one_row(
            db.execute("SELECT least(max(coalesce(stored, ts)), max(coalesce(ts, stored))) FROM incoming")
        )[0]
        if latest is not None and (since is None or latest > since):
            store.put("position", latest.astimezone(UTC).isoformat())
        db.execute("DELETE FROM incoming")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("CHECKPOINT")


def lrs_pages(endpoint: str, user: str, password: str, *, page_size: int | None, timeout: float) -> Pages:
    def pages(since: datetime | None, read: PageReader) -> Iterator[int]:
        return fetch_pages(endpoint, user, password, read, page_size=page_size, since=since, timeout=timeout)

    return pages
