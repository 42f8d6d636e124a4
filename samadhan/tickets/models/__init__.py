from samadhan.tickets.models.custom_field import CustomField, FieldType
from samadhan.tickets.models.event import ActorKind, TicketEvent, TicketEventKind
from samadhan.tickets.models.link import LinkKind, TicketLink
from samadhan.tickets.models.macro import Macro, MacroTranslation
from samadhan.tickets.models.message import (
    Attachment,
    AuthorKind,
    DeliveryStatus,
    Message,
    MessageKind,
)
from samadhan.tickets.models.participant import TicketParticipant
from samadhan.tickets.models.saved_view import SavedView
from samadhan.tickets.models.ticket import Priority, Status, Tag, Ticket, TicketTag

__all__ = [
    "ActorKind",
    "Attachment",
    "AuthorKind",
    "CustomField",
    "DeliveryStatus",
    "FieldType",
    "LinkKind",
    "Macro",
    "MacroTranslation",
    "Message",
    "MessageKind",
    "Priority",
    "SavedView",
    "Status",
    "Tag",
    "Ticket",
    "TicketEvent",
    "TicketEventKind",
    "TicketLink",
    "TicketParticipant",
    "TicketTag",
]
