"""A plain web build: the course as a static site to host anywhere (a project
website, an intranet), no LMS. Progress stays in the learner's
browser. `smab-pack build COURSE -f web`, then unzip the zip onto any web server.
It must be served over HTTP(S): opened from disk (file://) a page has no origin of its own, so
Chromium refuses its captions (WebVTT tracks) and whether progress is kept depends on the browser;
`smab-pack preview COURSE` serves it while the course is written."""

from __future__ import annotations

from smab_pack.api import Format, PackageWriter, RenderedSite, hookimpl, shipped_js

# No platform to talk to: the run-time keeps progress in this browser's storage,
# and says nothing about a missing LMS since none is expected.
ADAPTER = "/* Plain web build: no learning platform; progress is kept in this browser. */\nSMAB.adapter = null;\n"


class Web(Format):
    name = "web"
    title = "Plain web site (only with -f web)"
    default = False

    def package(self, site: RenderedSite, writer: PackageWriter) -> None:
        for name, content in site.files.items():
            writer.add(name, content)
        writer.add("adapter.js", shipped_js(ADAPTER, site.minify))


@hookimpl
def smab_formats():
    return [Web()]
