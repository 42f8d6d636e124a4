"""The ``samadhan`` command: Django's management commands under one name.

``samadhan serve``, ``samadhan worker``, ``samadhan migrate``, ``samadhan demo``,
``samadhan createadmin``, ``samadhan token create``, ``samadhan check`` and
every other management command.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["samadhan", *args])


if __name__ == "__main__":
    main()
