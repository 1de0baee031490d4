"""HTTP for webhook endpoints and their deliveries; the events themselves are documented as callbacks."""
from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Header, Query, Request, Response

from app.auth.deps import Admin, Reader, Writer
from app.db import SessionDep
from app.idempotency import IdempotencyKeyHeader, idempotent
from app.pagination import Cursor, Limit, Page
from app.webhooks import service
from app.webhooks.schemas import (
    EVENT_MODELS, DeliveryRead, DeliveryStatus, WebhookCreate, WebhookCreated, WebhookRead, WebhookUpdate,
)

SIGNING = """
**Delivery.** Each event is POSTed as JSON `{type, id, timestamp, data}` to every enabled endpoint
of the tenant that subscribed to its type, signed per [Standard Webhooks](https://www.standardwebhooks.com/):
`webhook-id` (the event id, the same on every retry), `webhook-timestamp` (unix seconds of the
attempt) and `webhook-signature` = `v1,` + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")),
where the key is the base64-decoded part of the secret after `whsec_`. Any Standard Webhooks library
verifies it. Delivery is at least once: drop duplicates by `webhook-id`. Events about one interview
reach an endpoint in the order they happened (the next waits while one is retrying).

**Retries.** A 2xx answer is success. Anything else (or no answer within the timeout) is retried
with exponential backoff and full jitter (about 2 s doubling, at most 1 h apart) up to the
configured maximum attempts (8 by default); then the delivery is `failed`. After the configured
number of consecutive failed attempts (20 by default) the endpoint is disabled; re-enable it with
`PATCH` and its pending deliveries resume. Redirects are not followed.

**Addresses.** URLs must be https on a public address: loopback, private, link-local, multicast,
reserved and cloud-metadata addresses are refused when registering and again before every attempt.
An endpoint receives the events that happen after it was registered.
"""

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])

# The events we send, as OpenAPI callbacks of `POST /v1/webhooks`: one operation per event type.
events = APIRouter()


def _document_event(event_type: str) -> None:
    model = EVENT_MODELS[event_type]

    def receive(  # pragma: no cover - documentation only, never routed
        body,
        webhook_id: Annotated[str, Header(alias="webhook-id", description="The event id.")],
        webhook_timestamp: Annotated[str, Header(alias="webhook-timestamp", description="Unix seconds of this attempt.")],
        webhook_signature: Annotated[str, Header(alias="webhook-signature", description="`v1,` + base64 HMAC-SHA256.")],
    ) -> None:
        return None

    receive.__annotations__["body"] = Annotated[model, Body()]  # a per-type model: set after definition
    events.add_api_route("{$request.body#/url}", receive, methods=["POST"], name=event_type,
                         operation_id=f"webhook_event_{event_type.replace('.', '_')}", summary=f"Event {event_type}",
                         description=(model.__doc__ or "").strip() + " Answer with any 2xx status to acknowledge.",
                         status_code=204, response_class=Response,
                         responses={204: {"description": "Acknowledged (any 2xx is fine)."},
                                    "default": {"description": "Any other answer, or none within the timeout, "
                                                               "is a failed attempt: retried later."}})


for _event_type in EVENT_MODELS:
    _document_event(_event_type)

StatusFilter = Annotated[DeliveryStatus | None, Query(description="Only deliveries with this status.")]


@router.post("", status_code=201, response_model=WebhookCreated, summary="Register a webhook endpoint",
             description="Register a URL to receive events. The response carries the signing `secret`, shown "
                         "only this once. Needs the `admin` scope: an endpoint receives every subscribed event "
                         "of the tenant.\n" + SIGNING,
             callbacks=events.routes)
def create_webhook(payload: WebhookCreate, session: SessionDep, principal: Admin, request: Request,
                   idempotency_key: IdempotencyKeyHeader = None):
    allow_private = request.app.state.settings.webhook_allow_private
    return idempotent(session, principal.tenant_id, idempotency_key, f"POST {request.url.path}", payload,
                      lambda: service.create_endpoint(session, principal.tenant_id, payload, allow_private=allow_private),
                      ttl_hours=request.app.state.settings.idempotency_ttl_hours)


@router.get("", response_model=Page[WebhookRead], summary="List webhook endpoints")
def list_webhooks(session: SessionDep, principal: Reader, limit: Limit = 20, cursor: Cursor = None) -> Page[WebhookRead]:
    """The tenant's endpoints, oldest first (secrets are never shown again)."""
    rows, next_cursor = service.list_endpoints(session, principal.tenant_id, limit=limit, cursor=cursor)
    return Page[WebhookRead](data=[service.read_endpoint(r) for r in rows], next_cursor=next_cursor)


@router.get("/{webhook_id}", response_model=WebhookRead, summary="Read a webhook endpoint")
def get_webhook(webhook_id: uuid.UUID, session: SessionDep, principal: Reader) -> WebhookRead:
    return service.read_endpoint(service.get_endpoint(session, principal.tenant_id, webhook_id))


@router.patch("/{webhook_id}", response_model=WebhookRead, summary="Change or re-enable a webhook endpoint")
def update_webhook(webhook_id: uuid.UUID, payload: WebhookUpdate, session: SessionDep, principal: Admin,
                   request: Request) -> WebhookRead:
    """Partial update. `enabled: true` re-enables an endpoint disabled after failures (its pending
    deliveries resume); `enabled: false` pauses it. Needs the `admin` scope."""
    endpoint = service.update_endpoint(session, principal.tenant_id, webhook_id, payload,
                                       allow_private=request.app.state.settings.webhook_allow_private)
    return service.read_endpoint(endpoint)


@router.delete("/{webhook_id}", status_code=204, response_class=Response, summary="Delete a webhook endpoint")
def delete_webhook(webhook_id: uuid.UUID, session: SessionDep, principal: Admin) -> Response:
    """Deletes the endpoint and its delivery history; nothing more is sent to it. Needs the `admin` scope."""
    service.delete_endpoint(session, principal.tenant_id, webhook_id)
    return Response(status_code=204)


@router.get("/{webhook_id}/deliveries", response_model=Page[DeliveryRead], summary="List deliveries")
def list_deliveries(webhook_id: uuid.UUID, session: SessionDep, principal: Reader, status: StatusFilter = None,
                    limit: Limit = 20, cursor: Cursor = None) -> Page[DeliveryRead]:
    """The endpoint's deliveries, newest first: status, attempts, the last answer and its latency."""
    data, next_cursor = service.list_deliveries(session, principal.tenant_id, webhook_id, status=status,
                                                limit=limit, cursor=cursor)
    return Page[DeliveryRead](data=data, next_cursor=next_cursor)


@router.post("/{webhook_id}/deliveries/{delivery_id}/redeliver", response_model=DeliveryRead,
             summary="Deliver again")
def redeliver(webhook_id: uuid.UUID, delivery_id: uuid.UUID, session: SessionDep, principal: Writer) -> DeliveryRead:
    """Schedule one more attempt now (same event id and body, a fresh signature), whatever the
    delivery's status. A 409 while an attempt is in flight or the endpoint is disabled. A
    redelivered delivery that fails is retried only while it has attempts left. Needs `write`."""
    return service.redeliver(session, principal.tenant_id, webhook_id, delivery_id)
