"""Channel kinds: capabilities declared as data, looked up in one typed registry.

Each provider package registers one ``ChannelSpec``; code that needs to know
what a channel can do asks the registry instead of comparing kind strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from samadhan.channels.models import InboxKind


@dataclass(frozen=True, kw_only=True)
class Capabilities:
    # Agent replies are delivered to the customer by the channel itself.
    delivers_replies: bool
    attachments: bool
    html: bool
    realtime: bool


@dataclass(frozen=True, kw_only=True)
class ChannelSpec:
    kind: str
    capabilities: Capabilities


_registry: dict[str, ChannelSpec] = {}


def register(spec: ChannelSpec) -> ChannelSpec:
    if spec.kind in _registry:
        raise ValueError(f"channel kind {spec.kind!r} registered twice")
    _registry[spec.kind] = spec
    return spec


def channel_spec(kind: str) -> ChannelSpec:
    return _registry[kind]


def registered_kinds() -> list[str]:
    return sorted(_registry)


# Replies on these are read by the integrator through the API / webhooks.
register(
    ChannelSpec(
        kind=InboxKind.API,
        capabilities=Capabilities(
            delivers_replies=False, attachments=True, html=True, realtime=False
        ),
    )
)
register(
    ChannelSpec(
        kind=InboxKind.WEB_FORM,
        capabilities=Capabilities(
            delivers_replies=False, attachments=False, html=False, realtime=False
        ),
    )
)
