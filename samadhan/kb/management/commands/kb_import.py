"""``samadhan kb-import --workspace SLUG DIR``: load Markdown articles into a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samadhan.kb.transfer import kb_import
from samadhan.workspaces.models import Workspace


class Command(BaseCommand):
    help = "Import a knowledge base from <article>/<language>.md files with front matter."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"no workspace {options['workspace']!r}")
        report = kb_import(workspace=workspace, directory=options["directory"])
        for name, reason in report.problems:
            self.stderr.write(f"{name}: {reason}")
        counts = report.counts
        self.stdout.write(
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {len(report.problems)} with problems"
        )
        if report.problems:
            raise CommandError("some files were not imported", returncode=1)
