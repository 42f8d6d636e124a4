from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samadhan.core.models import TimestampedModel

LANGUAGE_CHOICES = [
    ("en", "English"),
    ("hi", "हिन्दी"),
    ("mr", "मराठी"),
    ("te", "తెలుగు"),
    ("lv", "Latviešu"),
]


class Workspace(TimestampedModel):
    """A tenant: one company, or one client of a BPO. Every owned row points here."""

    slug = models.SlugField(_("slug"), max_length=63, unique=True)
    name = models.CharField(_("name"), max_length=200)
    default_language = models.CharField(_("default language"), max_length=16, default="en")
    # Languages customers write in; language detection is restricted to these.
    languages = models.JSONField(_("languages"), default=list)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # {"mon": [["09:00", "18:00"]], ...}; empty means around the clock.
    business_hours = models.JSONField(_("business hours"), default=dict, blank=True)
    holidays = models.JSONField(_("holidays"), default=list, blank=True)
    ticket_subject_prefix = models.CharField(max_length=32, default="#")
    # Last ticket number handed out; advanced with UPDATE ... RETURNING under a row lock.
    last_ticket_number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("workspace")

    def __str__(self) -> str:
        return self.name
