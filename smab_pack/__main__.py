"""``smab-pack`` and ``python -m smab_pack``: the console script's entry.

``--version`` is answered here, before click and the commands are imported (a script asking for
the version waits for the interpreter alone); everything else goes to :func:`smab_pack.cli.main`.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from smab_pack import __version__

        # the words click's version_option prints (tests/test_startup.py compares the two)
        sys.stdout.write(f"smab-pack, version {__version__}\n")
        return
    from smab_pack.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
