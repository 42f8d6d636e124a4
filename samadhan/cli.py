"""The ``samadhan`` command: Django's management commands under one name.

``samadhan serve``, ``samadhan worker``, ``samadhan migrate``, ``samadhan demo``,
``samadhan createadmin``, ``samadhan token create``, ``samadhan check``,
``samadhan imap-poll``, ``samadhan smtpd`` and every other management command
(a hyphen in the command name stands for an underscore).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        # ``samadhan imap-poll`` runs the ``imap_poll`` command: Python modules cannot
        # have hyphens, command lines usually do. No Django command has a hyphen.
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["samadhan", *args])


if __name__ == "__main__":
    main()
