"""The built-in plugins, one package each, registered from ``smab_pack.plugins.DEFAULT_PLUGINS``.

Each imports from ``smab_pack.api`` (and its own package) alone, exactly as a third-party
plugin does; tests/test_api.py holds them to that.
"""
