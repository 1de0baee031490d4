"""Webhooks: a transactional outbox and the worker that delivers it, signed."""
