"""Create (or update) an agent who owns a workspace."""

from __future__ import annotations

import getpass
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samadhan.accounts.models import Agent, Role
from samadhan.accounts.services import agent_create, agent_set_password, membership_set
from samadhan.core.errors import AppError
from samadhan.workspaces.models import Workspace
from samadhan.workspaces.services import workspace_create


class Command(BaseCommand):
    help = "Create an owner of a workspace (the workspace too, if it does not exist)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--workspace", default="demo", help="workspace slug")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--password", help="asked for when not given")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or getpass.getpass("Password: ")
        if len(password) < 8:
            raise CommandError("The password must have at least 8 characters.")
        slug = options["workspace"]
        try:
            workspace = Workspace.objects.filter(slug=slug).first() or workspace_create(
                slug=slug, name=slug.replace("-", " ").title()
            )
            agent = Agent.objects.filter(email=options["email"].lower()).first()
            if agent is None:
                agent = agent_create(
                    email=options["email"],
                    name=options["name"] or options["email"].split("@")[0],
                    password=password,
                    is_staff=True,
                )
            else:
                agent_set_password(agent=agent, password=password)
            membership_set(workspace=workspace, agent=agent, role=Role.OWNER)
        except AppError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{agent.email} owns workspace {workspace.slug}.")
