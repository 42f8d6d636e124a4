"""Email channel: inbound mail becomes tickets and messages, agent replies leave as mail."""
