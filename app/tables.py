"""Imports every table so SQLModel.metadata is complete (Alembic and the tests read it from here)."""
from app.auth.models import ApiKey, Tenant
from app.db import metadata
from app.drafts.models import Draft, Template
from app.followups.models import Policy, Reply, Send
from app.idempotency import IdempotencyRecord
from app.interviews.models import Interview
from app.webhooks.models import OutboxEvent, WebhookDelivery, WebhookEndpoint, WorkerLease

__all__ = [
    "ApiKey", "Draft", "IdempotencyRecord", "Interview", "OutboxEvent", "Policy", "Reply", "Send",
    "Template", "Tenant", "WebhookDelivery", "WebhookEndpoint", "WorkerLease", "metadata",
]
