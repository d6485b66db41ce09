"""Desks and alerts (issue 14): channels and journalists follow people and topics.

- `subscriptions`: what a channel (or a person, by DM) follows — parsed, bounded, stored;
- `matching`: which new articles a subscription wants, decided at ingest inside the indexing
  transaction (people by their person key, as who-said answers resolve them; topics by the
  search analyzer's terms);
- `deliveries`: the alert outbox — each (subscription, article) posted once, batched per
  target and per window, leased, retried with a growing wait.

Imports `text`, `quotes.names`, `digest` and `store`; nothing here knows Slack.
"""
