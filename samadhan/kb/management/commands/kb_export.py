"""``samadhan kb-export --workspace SLUG DIR``: write a workspace's articles as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samadhan.kb.transfer import kb_export
from samadhan.workspaces.models import Workspace


class Command(BaseCommand):
    help = "Export a knowledge base as <article>/<language>.md files with front matter."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"no workspace {options['workspace']!r}")
        directory: Path = options["directory"]
        directory.mkdir(parents=True, exist_ok=True)
        count = kb_export(workspace=workspace, directory=directory)
        self.stdout.write(f"{count} files written to {directory}")
