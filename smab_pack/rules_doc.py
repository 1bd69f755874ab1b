"""`smab-pack rules`: the catalogue of codes, as text, Markdown (docs/lint-rules.md) or JSON."""

from __future__ import annotations

import json

from smab_pack.codes import LintRule

INTRO = """# Rules and diagnostic codes

Every problem smab-pack reports has a stable code. `smab-pack validate` and
`smab-pack build` report the *course* codes; `smab-pack check` reports the
*package* codes. Rules marked *lint* run over the parsed course and can be
switched off per course:

```yaml
# course.yaml
lint:
  disable: [title-length, unused-asset]
```

Warnings of any code can be switched off the same way; errors cannot, except
those of lint rules. Whether external links are reachable is not checked:
builds run without network access, and a site that is down today may be up
tomorrow.

This page is generated: `smab-pack rules --format markdown > docs/lint-rules.md`.
"""


def render_rules(rules: dict[str, LintRule], fmt: str) -> str:
    ordered = sorted(rules.values(), key=lambda r: (r.scope, r.code))
    if fmt == "json":
        return (
            json.dumps(
                [
                    {
                        "code": r.code,
                        "severity": r.severity,
                        "scope": r.scope,
                        "lint": r.check is not None,
                        "summary": r.summary,
                        "fix": r.fix,
                    }
                    for r in ordered
                ],
                indent=2,
            )
            + "\n"
        )
    if fmt == "markdown":
        out = [INTRO]
        for scope, title in (("course", "Course codes (validate, build)"), ("package", "Package codes (check)")):
            out += [f"\n## {title}\n", "| code | severity | what it means | how to fix it |", "|---|---|---|---|"]
            for rule in (r for r in ordered if r.scope == scope):
                kind = f"{rule.severity}, lint" if rule.check else rule.severity
                cell = lambda text: text.replace("|", "\\|")  # noqa: E731
                out.append(f"| `{rule.code}` | {kind} | {cell(rule.summary)} | {cell(rule.fix)} |")
        return "\n".join(out) + "\n"
    width = max(len(r.code) for r in ordered)
    return "".join(
        f"{r.code:<{width}}  {r.severity:<7}  {r.summary}\n{'':<{width}}  {'':<7}  fix: {r.fix}\n" for r in ordered
    )
