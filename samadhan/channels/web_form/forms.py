from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=320)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    message = forms.CharField(label=_("How can we help?"), widget=forms.Textarea, max_length=20_000)
    # A field people never see; bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)
