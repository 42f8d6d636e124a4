from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samadhan.core.models import TimestampedModel
from samadhan.workspaces.models import Workspace


class AgentManager(BaseUserManager["Agent"]):
    def create_user(self, email: str, password: str | None = None, **extra: object) -> Agent:
        agent = self.model(email=self.normalize_email(email).lower(), **extra)
        agent.set_password(password)
        agent.save(using=self._db)
        return agent

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> Agent:
        return self.create_user(email, password, is_staff=True, is_superuser=True, **extra)


class Agent(AbstractBaseUser, PermissionsMixin):
    """A person who works in Samadhan; may belong to several workspaces."""

    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    # The @handle used for mentions in internal notes.
    handle = models.SlugField(_("handle"), max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[AgentManager] = AgentManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name", "handle"]

    class Meta:
        verbose_name = _("agent")

    def __str__(self) -> str:
        return self.name or self.email


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    MANAGER = "manager", _("Manager")
    AGENT = "agent", _("Agent")
    COLLABORATOR = "collaborator", _("Collaborator")


# Higher rank may do everything a lower rank may.
ROLE_RANK = {
    Role.COLLABORATOR: 0,
    Role.AGENT: 1,
    Role.MANAGER: 2,
    Role.ADMIN: 3,
    Role.OWNER: 4,
}


class Membership(TimestampedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "agent"], name="uniq_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id}@{self.workspace_id}:{self.role}"


class Team(TimestampedModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(Agent, related_name="teams", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="uniq_team_name"),
        ]

    def __str__(self) -> str:
        return self.name


class SkillKind(models.TextChoices):
    LANGUAGE = "language", _("Language")
    TOPIC = "topic", _("Topic")


class Skill(TimestampedModel):
    """A language spoken or a topic known; used for routing."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="skills")
    kind = models.CharField(max_length=16, choices=SkillKind.choices)
    value = models.CharField(max_length=64)
    agents = models.ManyToManyField(Agent, related_name="skills", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "kind", "value"], name="uniq_skill"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class ApiToken(TimestampedModel):
    """A bearer token of one agent in one workspace; only its hash is stored."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_tokens")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=120, blank=True)
    # Public lookup part of the token, so verification is one indexed read.
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}…"
