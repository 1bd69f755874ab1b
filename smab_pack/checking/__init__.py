"""`smab-pack check`: inspect any SCORM, cmi5 or TinCan package (ours or not)
without extracting it, and say in plain words what would fail in an LMS.

The archive and XML layers here are format-neutral and hostile-input safe;
the manifest rules come from format plugins (hook ``smab_package_checkers``).
"""
