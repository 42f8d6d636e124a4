"""``samadhan token create|list|revoke``: API tokens."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samadhan.accounts.models import Agent, ApiToken
from samadhan.accounts.services import api_token_create, api_token_revoke
from samadhan.core.errors import AppError
from samadhan.workspaces.models import Workspace


class Command(BaseCommand):
    help = "Create, list or revoke API tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="print a new token (shown once, on the last line)")
        create.add_argument("--workspace", required=True)
        create.add_argument("--email", required=True)
        create.add_argument("--name", default="cli")
        listing = sub.add_parser("list")
        listing.add_argument("--workspace", required=True)
        revoke = sub.add_parser("revoke")
        revoke.add_argument("--workspace", required=True)
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"No workspace {options['workspace']!r}.")
        action = options["action"]
        if action == "create":
            agent = Agent.objects.filter(email=options["email"].strip().lower()).first()
            if agent is None:
                raise CommandError(f"No agent {options['email']!r}.")
            try:
                token, raw = api_token_create(
                    workspace=workspace, agent=agent, name=options["name"]
                )
            except AppError as exc:
                raise CommandError(exc.message) from exc
            self.stderr.write(
                f"Token {token.prefix} for {agent.email} in {workspace.slug}. "
                "Store it now; it is not shown again."
            )
            self.stdout.write(raw)
        elif action == "list":
            for token in ApiToken.objects.filter(workspace=workspace).select_related("agent"):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}\t{token.agent.email}\t{token.name}\t{state}")
        else:
            found = ApiToken.objects.filter(workspace=workspace, prefix=options["prefix"]).first()
            if found is None:
                raise CommandError("No such token.")
            api_token_revoke(token=found)
            self.stdout.write(f"Revoked {found.prefix}.")
