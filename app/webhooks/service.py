"""Every query of the webhooks domain: endpoints and deliveries for the API, and the worker's queue.

The worker's steps each run in one short transaction: fan-out, the due scan, claiming deliveries,
recording an attempt. The HTTP call itself happens between transactions, under a lease
(`locked_until`), so a worker that dies mid-delivery leaves it to be retried, never lost.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, literal_column, or_, text, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.dbtypes import utcnow
from app.errors import Conflict, InvalidInput, NotFound
from app.followups import service as followups
from app.interviews.models import Interview
from app.pagination import keyset_page
from app.webhooks import outbox, signing, ssrf
from app.webhooks.models import OutboxEvent, WebhookDelivery, WebhookEndpoint, WorkerLease
from app.webhooks.schemas import DeliveryRead, WebhookCreate, WebhookCreated, WebhookRead, WebhookUpdate

# Any constant works; it names "the fan-out step" among PostgreSQL advisory locks.
FANOUT_LOCK_KEY = 0x77686B66616E  # "whkfan"


# --- endpoints (the API) ----------------------------------------------------------------------

def _checked_url(url: str, allow_private: bool) -> str:
    try:
        ssrf.check_url(url, allow_private=allow_private)
    except ssrf.UnsafeURL as exc:
        raise InvalidInput.at("/url", str(exc)) from None
    return url


def create_endpoint(session: Session, tenant_id: uuid.UUID, data: WebhookCreate, *,
                    allow_private: bool) -> WebhookCreated:
    endpoint = WebhookEndpoint(tenant_id=tenant_id, url=_checked_url(data.url, allow_private), events=data.events,
                               description=data.description, secret=signing.new_secret())
    session.add(endpoint)
    session.flush()
    return WebhookCreated.model_validate(endpoint)


def get_endpoint(session: Session, tenant_id: uuid.UUID, endpoint_id: uuid.UUID, *,
                 for_update: bool = False) -> WebhookEndpoint:
    """The tenant's endpoint, or a 404 exactly as if it did not exist."""
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.tenant_id == tenant_id)
    if for_update:
        stmt = stmt.with_for_update()
    endpoint = session.exec(stmt).first()
    if endpoint is None:
        raise NotFound(f"No webhook {endpoint_id}.")
    return endpoint


def read_endpoint(endpoint: WebhookEndpoint) -> WebhookRead:
    return WebhookRead.model_validate(endpoint)


def list_endpoints(session: Session, tenant_id: uuid.UUID, *, limit: int,
                   cursor: str | None) -> tuple[list[WebhookEndpoint], str | None]:
    """Oldest first, keyset-paginated on (created_at, id)."""
    stmt = select(WebhookEndpoint).where(WebhookEndpoint.tenant_id == tenant_id)
    return keyset_page(session, stmt, WebhookEndpoint.created_at, WebhookEndpoint.id, limit=limit, cursor=cursor,
                       newest_first=False)


def update_endpoint(session: Session, tenant_id: uuid.UUID, endpoint_id: uuid.UUID, data: WebhookUpdate, *,
                    allow_private: bool) -> WebhookEndpoint:
    endpoint = get_endpoint(session, tenant_id, endpoint_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    if "url" in changes:
        endpoint.url = _checked_url(changes["url"], allow_private)
    if "events" in changes:
        endpoint.events = changes["events"]
    if "description" in changes:
        endpoint.description = changes["description"]
    if "enabled" in changes:
        if changes["enabled"] and not endpoint.enabled:
            endpoint.consecutive_failures = 0
            endpoint.disabled_at = None
        endpoint.enabled = changes["enabled"]
    session.add(endpoint)
    session.flush()
    return endpoint


def delete_endpoint(session: Session, tenant_id: uuid.UUID, endpoint_id: uuid.UUID) -> None:
    endpoint = get_endpoint(session, tenant_id, endpoint_id, for_update=True)
    session.delete(endpoint)  # its deliveries go with it (ON DELETE CASCADE)
    session.flush()


# --- deliveries (the API) ---------------------------------------------------------------------

def _delivery_read(delivery: WebhookDelivery, event: OutboxEvent) -> DeliveryRead:
    return DeliveryRead(
        id=delivery.id, webhook_id=delivery.endpoint_id, event_id=delivery.event_id, event_type=event.type,
        interview_id=event.interview_id, status=delivery.status, attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at if delivery.status == "pending" else None,
        last_status_code=delivery.last_status_code, last_latency_ms=delivery.last_latency_ms,
        last_error=delivery.last_error, delivered_at=delivery.delivered_at, created_at=delivery.created_at,
    )


def list_deliveries(session: Session, tenant_id: uuid.UUID, endpoint_id: uuid.UUID, *, status: str | None,
                    limit: int, cursor: str | None) -> tuple[list[DeliveryRead], str | None]:
    """Newest first, keyset-paginated on (created_at, id)."""
    endpoint = get_endpoint(session, tenant_id, endpoint_id)
    stmt = (select(WebhookDelivery, OutboxEvent).join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
            .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.tenant_id == tenant_id))
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    rows, next_cursor = keyset_page(session, stmt, WebhookDelivery.created_at, WebhookDelivery.id, limit=limit,
                                    cursor=cursor, item=lambda row: row[0])
    return [_delivery_read(d, e) for d, e in rows], next_cursor


def redeliver(session: Session, tenant_id: uuid.UUID, endpoint_id: uuid.UUID, delivery_id: uuid.UUID) -> DeliveryRead:
    """Schedule one more attempt now, whatever the delivery's state (unless it is in flight)."""
    endpoint = get_endpoint(session, tenant_id, endpoint_id)
    row = session.exec(
        select(WebhookDelivery, OutboxEvent).join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == endpoint.id,
               WebhookDelivery.tenant_id == tenant_id)
        .with_for_update(of=WebhookDelivery)
    ).first()
    if row is None:
        raise NotFound(f"No delivery {delivery_id} for webhook {endpoint_id}.")
    delivery, event = row
    now = utcnow()
    if delivery.locked_until is not None and delivery.locked_until > now:
        raise Conflict("This delivery is being attempted right now; look again in a few seconds.")
    if not endpoint.enabled:
        raise Conflict("The webhook is disabled; re-enable it (PATCH `enabled: true`) to deliver again.")
    delivery.status = "pending"
    delivery.next_attempt_at = now
    delivery.locked_until = None
    session.add(delivery)
    session.flush()
    return _delivery_read(delivery, event)


# --- the worker: single-writer lease (SQLite) -------------------------------------------------

def acquire_lease(session: Session, name: str, holder: str, now: datetime, until: datetime) -> bool:
    """Take or renew the named lease; False while another live holder has it."""
    lease = session.get(WorkerLease, name, with_for_update=True)
    if lease is None:
        session.add(WorkerLease(name=name, holder=holder, expires_at=until))
    elif lease.holder == holder or lease.expires_at <= now:
        lease.holder, lease.expires_at = holder, until
        session.add(lease)
    else:
        return False
    session.flush()
    return True


def release_lease(session: Session, name: str, holder: str) -> None:
    lease = session.get(WorkerLease, name, with_for_update=True)
    if lease is not None and lease.holder == holder:
        session.delete(lease)
        session.flush()


# --- the worker: fan-out ----------------------------------------------------------------------

def fan_out(session: Session, now: datetime, *, limit: int) -> int:
    """Turn up to `limit` new outbox events into one delivery per subscribed, enabled endpoint.

    Events are handled in `seq` order by one worker at a time (an advisory lock on PostgreSQL,
    the lease on SQLite), so an interview's deliveries exist in the order its events happened.
    """
    if session.get_bind().dialect.name == "postgresql":
        if not session.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": FANOUT_LOCK_KEY}).scalar():
            return 0
    events = list(session.exec(
        select(OutboxEvent).where(OutboxEvent.fanned_out == False)  # noqa: E712 - SQL, not Python
        .order_by(OutboxEvent.seq).limit(limit)))
    if not events:
        return 0
    endpoints: dict[uuid.UUID, list[WebhookEndpoint]] = defaultdict(list)
    for endpoint in session.exec(select(WebhookEndpoint).where(
            WebhookEndpoint.tenant_id.in_({e.tenant_id for e in events}), WebhookEndpoint.enabled == True)):  # noqa: E712
        endpoints[endpoint.tenant_id].append(endpoint)
    for event in events:
        for endpoint in endpoints[event.tenant_id]:
            # An endpoint hears about what happens after it was registered, not before.
            if event.type in endpoint.events and endpoint.created_at <= event.created_at:
                session.add(WebhookDelivery(tenant_id=event.tenant_id, endpoint_id=endpoint.id, event_id=event.id,
                                            next_attempt_at=now))
        event.fanned_out = True
        session.add(event)
    session.flush()
    return len(events)


# --- the worker: due actions ------------------------------------------------------------------

def notified_key(action: str, due_at: datetime) -> str:
    """What `Interview.due_notified` holds once a due transition has been announced."""
    return f"{action}@{due_at.isoformat()}"


def _notified_key_sql(dialect: str):
    """`notified_key(next_action, next_action_at)` computed by the database, so the scan skips
    announced transitions in SQL instead of reading every overdue interview on every poll."""
    if dialect == "postgresql":
        utc = "(interview.next_action_at AT TIME ZONE 'UTC')"
        return literal_column(
            f"interview.next_action || '@' || to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
            f"CASE WHEN date_trunc('second', {utc}) = {utc} THEN '' ELSE to_char({utc}, '.US') END || '+00:00'")
    # SQLite stores UTCDateTime as 'YYYY-MM-DD HH:MM:SS.ffffff'; isoformat() drops a zero fraction.
    return literal_column(
        "interview.next_action || '@' || replace(replace(interview.next_action_at, ' ', 'T'), '.000000', '') "
        "|| '+00:00'")


def _due_unannounced(session: Session, now: datetime, limit: int) -> list[Interview]:
    dialect = session.get_bind().dialect.name
    stmt = (select(Interview)
            .where(Interview.next_action_at <= now, Interview.next_action.is_not(None),
                   or_(Interview.due_notified.is_(None), Interview.due_notified != _notified_key_sql(dialect)))
            .order_by(Interview.next_action_at, Interview.id).limit(limit))
    if dialect == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return list(session.exec(stmt))


def announce_due(session: Session, now: datetime, *, limit: int) -> tuple[int, int]:
    """Emit one `next_action.due` per unannounced due transition; returns (examined, emitted).

    Each interview is recomputed first (a stored thank-you reminder goes stale once the
    check-in flow takes over). The row is locked (or the lease held), so two workers cannot
    both announce it; `due_notified` makes the announcement happen once.
    """
    emitted = 0
    rows = _due_unannounced(session, now, limit)
    for interview in rows:
        followups.refresh(session, interview)
        if interview.next_action is None or interview.next_action_at is None or interview.next_action_at > now:
            continue
        key = notified_key(interview.next_action, interview.next_action_at)
        if interview.due_notified == key:
            continue
        answer = followups.next_action(session, interview.tenant_id, interview.id, max(now, interview.next_action_at))
        outbox.emit(session, interview.tenant_id, "next_action.due", {
            "interview_id": str(interview.id), "external_id": interview.external_id,
            "action": interview.next_action, "due_at": interview.next_action_at.isoformat(), "reason": answer.reason,
        }, interview.id)
        interview.due_notified = key
        session.add(interview)
        emitted += 1
    session.flush()
    return len(rows), emitted


def refresh_stale_thank_yous(session: Session, now: datetime, *, after: tuple[datetime, uuid.UUID] | None,
                             limit: int) -> tuple[int, tuple[datetime, uuid.UUID] | None]:
    """Recompute announced thank-you reminders at least a day old, one keyset batch at a time.

    A thank-you reminder is the one stored action that changes with time alone (it turns into
    the check-in flow after `check_in_after_days`, at least 1); once recomputed, the due scan
    sees the new transition. Returns (rows, cursor for the next batch or None when done).
    """
    stmt = select(Interview).where(Interview.next_action == "send_thank_you", Interview.next_action_at <= now,
                                   Interview.interviewed_at <= now - timedelta(days=1))
    if after is not None:
        stmt = stmt.where(or_(Interview.interviewed_at > after[0],
                              and_(Interview.interviewed_at == after[0], Interview.id > after[1])))
    stmt = stmt.order_by(Interview.interviewed_at, Interview.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = list(session.exec(stmt))
    for interview in rows:
        followups.refresh(session, interview)
    cursor = (rows[-1].interviewed_at, rows[-1].id) if len(rows) == limit else None
    return len(rows), cursor


# --- the worker: deliveries -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Claim:
    """A delivery this worker holds until `locked_until`, with everything needed to send it."""

    delivery_id: uuid.UUID
    endpoint_id: uuid.UUID
    locked_until: datetime
    attempt: int
    url: str
    secret: str
    event_id: uuid.UUID
    event_type: str
    event_at: datetime
    payload: dict[str, Any]


def claim_deliveries(session: Session, now: datetime, lease_until: datetime, *, limit: int) -> list[Claim]:
    """Take due deliveries: pending, not leased, endpoint enabled, and no earlier event of the same
    interview still pending for the same endpoint (per-interview order, by outbox `seq`).

    On PostgreSQL rows another worker holds are skipped (FOR UPDATE SKIP LOCKED); on SQLite the
    caller holds the single-writer lease. The lease (`locked_until`) is set and committed before
    any HTTP call; the attempt is counted now, so a worker that keeps dying cannot retry forever.
    """
    earlier = aliased(WebhookDelivery)
    earlier_event = aliased(OutboxEvent)
    blocked = exists().where(
        earlier.endpoint_id == WebhookDelivery.endpoint_id, earlier.status == "pending",
        earlier.event_id == earlier_event.id, earlier_event.interview_id == OutboxEvent.interview_id,
        earlier_event.seq < OutboxEvent.seq)
    stmt = (select(WebhookDelivery, OutboxEvent, WebhookEndpoint)
            .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now,
                   or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until <= now),
                   WebhookEndpoint.enabled == True, ~blocked)  # noqa: E712
            .order_by(WebhookDelivery.next_attempt_at, OutboxEvent.seq).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=WebhookDelivery, skip_locked=True)
    claims = []
    for delivery, event, endpoint in session.exec(stmt):
        delivery.locked_until = lease_until
        delivery.attempts += 1
        session.add(delivery)
        claims.append(Claim(delivery_id=delivery.id, endpoint_id=endpoint.id, locked_until=lease_until,
                            attempt=delivery.attempts, url=endpoint.url, secret=endpoint.secret, event_id=event.id,
                            event_type=event.type, event_at=event.created_at, payload=event.payload))
    session.flush()
    return claims


@dataclass(frozen=True, slots=True)
class AttemptResult:
    status_code: int | None
    latency_ms: float | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def record_attempt(session: Session, claim: Claim, result: AttemptResult, now: datetime, *, max_attempts: int,
                   disable_after: int, backoff_s: Callable[[int], float]) -> str | None:
    """Store an attempt's outcome; returns the delivery's new status, or None if the lease was lost
    (another worker took the delivery over after `locked_until` passed, or it was deleted)."""
    delivery = session.exec(select(WebhookDelivery).where(WebhookDelivery.id == claim.delivery_id)
                            .with_for_update()).first()
    if delivery is None or delivery.locked_until != claim.locked_until:
        return None
    delivery.locked_until = None
    delivery.last_status_code = result.status_code
    delivery.last_latency_ms = result.latency_ms
    delivery.last_error = result.error[:500] if result.error else None
    if result.ok:
        delivery.status = "succeeded"
        delivery.delivered_at = now
        session.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == claim.endpoint_id)
                        .values(consecutive_failures=0))
    else:
        if delivery.attempts >= max_attempts:
            delivery.status = "failed"
        else:
            delivery.next_attempt_at = now + timedelta(seconds=backoff_s(delivery.attempts))
        failures = session.execute(
            update(WebhookEndpoint).where(WebhookEndpoint.id == claim.endpoint_id)
            .values(consecutive_failures=WebhookEndpoint.consecutive_failures + 1)
            .returning(WebhookEndpoint.consecutive_failures)).scalar()
        if failures is not None and failures >= disable_after:
            session.execute(update(WebhookEndpoint)
                            .where(WebhookEndpoint.id == claim.endpoint_id, WebhookEndpoint.enabled == True)  # noqa: E712
                            .values(enabled=False, disabled_at=now))
    session.add(delivery)
    session.flush()
    return delivery.status
