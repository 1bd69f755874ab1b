"""`::: resources [title] {country=NO topic=tax audience=… language=…}`: the
course's resource bank (resources.yaml), optionally narrowed by filters."""

from __future__ import annotations

from markdown_it.token import Token

from smab_pack.api import COUNTRIES, ParseContext, Resource, ResourceBank, Severity, course_path, parse_attrs

from .model import FILTERS, ResourcesBlock


def matches(resource: Resource, filters: dict[str, str]) -> bool:
    return all(
        (
            filters.get("country") in (None, resource.country),
            filters.get("topic") in (None, resource.topic),
            "audience" not in filters or filters["audience"] in resource.audience,
            "language" not in filters or filters["language"] in resource.language,
        )
    )


def _check_filters(filters: dict[str, str], bank: ResourceBank, ctx: ParseContext) -> bool:
    ok = True
    for key, value in filters.items():
        known: tuple[str, ...] | list[str] | None = {
            "country": COUNTRIES,
            "topic": list(bank.topics),
            "audience": list(bank.audiences),
            "language": None,
        }.get(key, ())
        if key not in FILTERS:
            ctx.report(
                "resources-filter", f"resources blocks filter by {', '.join(FILTERS)}, not '{key}'", line=ctx.block_line
            )
            ok = False
        elif known is not None and value not in known:
            ctx.report(
                "resources-filter",
                f"{key}={value}: resources.yaml has no such {key}",
                line=ctx.block_line,
                hint=f"{key}: {', '.join(known) or 'none'}",
            )
            ok = False
    return ok


def parse_resources(info: str, tokens: list[Token], ctx: ParseContext) -> ResourcesBlock | None:
    title, attrs = parse_attrs(info[len("resources") :])
    attrs.pop("id", None)
    filters = {key: value.upper() if key == "country" else value for key, value in attrs.items()}
    bank = ctx.resources
    if bank is None:
        return None  # resources.yaml has errors, reported there
    if not bank.resources:
        ctx.report(
            "resources-missing",
            "a resources block shows the course's resources.yaml, and this course has none (or it lists no resources)",
            line=ctx.block_line,
            hint="add resources.yaml beside course.yaml (see docs/course-format.md)",
        )
        return None
    if not _check_filters(filters, bank, ctx):
        return None
    shown = [r for r in bank.resources if matches(r, filters)]
    if not shown:
        ctx.report(
            "resources-empty",
            f"no resource matches {' '.join(f'{k}={v}' for k, v in filters.items())}",
            line=ctx.block_line,
            severity=Severity.WARNING,
        )
    files: dict[str, str] = {}
    for resource in shown:
        if resource.file:
            target, _ = course_path(resource.file, ctx.course_root, ctx.course_root)
            if target is not None and target.is_file():  # resources.yaml checked it already
                files[resource.id] = ctx.add_asset(target)
    return ResourcesBlock(
        title=title,
        intro_html=ctx.render(tokens),
        filters=filters,
        ids=[r.id for r in shown],
        files=files,
        line=ctx.block_line,
    )
