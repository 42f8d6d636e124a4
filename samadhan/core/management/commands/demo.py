"""``samadhan demo``: load the demo workspace (safe to run again) and print the login."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email, validate_slug
from django.utils.translation import gettext as _

from samadhan.core.conf import public_url
from samadhan.core.errors import AppError
from samadhan.demo.loader import (
    DEFAULT_ADMIN_EMAIL,
    DEFAULT_SLUG,
    MIN_PASSWORD_LENGTH,
    DemoResult,
    demo_load,
    demo_totals,
)


class Command(BaseCommand):
    help = (
        "Create the demo workspace with agents, customers, tickets and macros in five "
        "languages, and print how to log in. Running it again creates nothing new."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--workspace", default=DEFAULT_SLUG, help="workspace slug")
        parser.add_argument("--admin-email", default=DEFAULT_ADMIN_EMAIL, help="owner's login")
        parser.add_argument(
            "--admin-password",
            help="owner's password; set (or reset) when given, generated on first creation "
            "when not",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["workspace"]
        password: str | None = options["admin_password"]
        try:
            validate_slug(slug)
        except ValidationError as exc:
            raise CommandError(
                _("%(slug)s is not a valid workspace slug: use letters, numbers, - and _.")
                % {"slug": slug}
            ) from exc
        try:
            validate_email(options["admin_email"])
        except ValidationError as exc:
            raise CommandError(
                _("%(email)s is not a valid email address.") % {"email": options["admin_email"]}
            ) from exc
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            raise CommandError(
                _("The password must have at least %(min)d characters.")
                % {"min": MIN_PASSWORD_LENGTH}
            )
        started = time.monotonic()
        try:
            result = demo_load(
                slug=slug, admin_email=options["admin_email"], admin_password=password
            )
        except AppError as exc:
            raise CommandError(str(exc.message)) from exc
        self._report(result, seconds=time.monotonic() - started)

    def _report(self, result: DemoResult, *, seconds: float) -> None:
        workspace, login, created = result.workspace, result.login, result.created
        names = {"name": workspace.name, "slug": workspace.slug}
        if created.total():
            self.stdout.write(
                _(
                    "Loaded the demo workspace “%(name)s” (%(slug)s) in %(seconds).1f s "
                    "(tickets: %(tickets)d, contacts: %(contacts)d, agents: %(agents)d, "
                    "macros: %(macros)d)."
                )
                % {**names, "seconds": seconds, **demo_totals(workspace=workspace)}
            )
        else:
            self.stdout.write(
                _("The demo workspace “%(name)s” (%(slug)s) is already loaded; nothing was added.")
                % names
            )
        url = f"{public_url()}/login/"
        if login.password is not None:
            self.stdout.write(
                _("Log in at %(url)s as %(email)s / %(password)s")
                % {"url": url, "email": login.email, "password": login.password}
            )
            if login.generated:
                self.stdout.write(
                    _("Keep this password: it is only stored as a hash and is not shown again.")
                )
            elif not login.created:
                self.stdout.write(
                    _("The password of %(email)s was changed.") % {"email": login.email}
                )
        else:
            self.stdout.write(
                _(
                    "Log in at %(url)s as %(email)s with its existing password (the demo "
                    "printed it when it created this login; run again with --admin-password "
                    "to set a new one)."
                )
                % {"url": url, "email": login.email}
            )
