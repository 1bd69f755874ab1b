"""The outline format: the course's structure and its interactions as one JSON file, for review."""

from __future__ import annotations

import json

from smab_pack.api import Format, PackageWriter, RenderedSite


class Outline(Format):
    name = "outline"
    title = "Course outline as JSON (example plugin; only with -f outline)"
    default = False  # built only when asked for: never part of a partner's default build

    def package(self, site: RenderedSite, writer: PackageWriter) -> None:
        course = site.course
        outline = {
            "course": course.config.id,
            "lang": site.lang,
            "title": course.title,
            "modules": [
                {
                    "id": module.id,
                    "title": module.title,
                    "pages": [
                        {
                            "id": page.id,
                            "title": page.title,
                            # The typed contract: any block's questions, whichever plugin made them.
                            "interactions": [
                                {"id": i.id, "kind": i.kind, "block": i.block, "points": i.points, "graded": i.graded}
                                for i in page.interactions()
                            ],
                        }
                        for page in module.pages
                    ],
                }
                for module in course.modules
            ],
        }
        # sort_keys and a fixed layout: the same course gives the same bytes
        writer.add("outline.json", json.dumps(outline, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
