"""Where webhooks may be sent: public http(s) addresses only (no SSRF into our network)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from samadhan.core.conf import webhook_allow_private_networks
from samadhan.core.errors import ValidationFailed


def _error(reason: str) -> ValidationFailed:
    return ValidationFailed(
        _("The webhook URL is not allowed: %(reason)s"),
        params={"reason": reason},
        fields={"url": [reason]},
    )


def check_target(url: str) -> None:
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port out of range
    except ValueError:  # e.g. "http://[::1" or "http://host:99999"
        raise _error(str(_("not a valid URL"))) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _error(str(_("use an http or https URL")))
    if webhook_allow_private_networks():
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise _error(str(_("the host name does not resolve"))) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise _error(str(_("the host is on a private network")))
