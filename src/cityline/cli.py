"""The `cityline` command: Django's management commands with Cityline's settings.

Subcommands may be written with hyphens (`cityline load-pack`); they map to the command modules
with underscores (`load_pack`).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityline.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "cityline"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
