"""`smab-pack preview`: the course served on this machine while it is written, rebuilt on every save
(only what the save touched), the open tab reloaded on the page the author was on, problems shown in
the page. docs/preview.md has the design, and where an LMS inspector fits.

Light on purpose (the command line imports it to list the formats): the work is in builder.py,
server.py, watcher.py and overlay.py."""

#: the formats the preview shows (a package's own files, served as they are)
FORMATS = ("web", "scorm12", "scorm2004", "xapi", "cmi5")
