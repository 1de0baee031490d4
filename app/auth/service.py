"""Tenants and API keys: creation, hashing, lookup. Every query about them lives here."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from app.auth.models import ApiKey, Tenant
from app.dbtypes import utcnow

KEY_PREFIX = "ifu_"
SCOPES = ("read", "write", "admin")


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the tenant every query is scoped to, and what the key may do."""

    tenant_id: uuid.UUID
    tenant_name: str
    scopes: frozenset[str]
    key_id: uuid.UUID | None = None
    key_prefix: str | None = None


def hash_key(secret: str) -> str:
    # Keys carry 256 bits from the OS's CSPRNG, so a fast hash is enough; nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def get_or_create_tenant(session: Session, name: str) -> Tenant:
    tenant = session.exec(select(Tenant).where(Tenant.name == name)).first()
    if tenant is None:
        tenant = Tenant(name=name)
        session.add(tenant)
        session.flush()
    return tenant


def create_key(session: Session, tenant: Tenant, scopes: list[str], name: str = "") -> tuple[ApiKey, str]:
    """Create a key; returns the row and the full secret, which is never stored or shown again."""
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise ValueError(f"scopes must be a non-empty subset of {', '.join(SCOPES)}")
    prefix = KEY_PREFIX + secrets.token_hex(4)
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(tenant_id=tenant.id, name=name, prefix=prefix, key_hash=hash_key(secret),
                 scopes=",".join(s for s in SCOPES if s in scopes))
    session.add(key)
    session.flush()
    return key, secret


def authenticate(session: Session, secret: str) -> Principal | None:
    """The principal for a presented key, or None. Unknown, malformed and revoked keys look alike."""
    prefix, sep, _ = secret.rpartition("_")
    if not sep or not prefix.startswith(KEY_PREFIX) or len(prefix) > 32:
        hmac.compare_digest(hash_key(secret), hash_key("x"))  # same work either way
        return None
    row = session.exec(
        select(ApiKey, Tenant).join(Tenant, Tenant.id == ApiKey.tenant_id).where(ApiKey.prefix == prefix)
    ).first()
    expected = row[0].key_hash if row else hash_key("x")
    matches = hmac.compare_digest(hash_key(secret), expected)
    if row is None or not matches or row[0].revoked_at is not None:
        return None
    key, tenant = row
    return Principal(tenant.id, tenant.name, frozenset(key.scopes.split(",")), key.id, key.prefix)


def revoke_key(session: Session, key: ApiKey) -> None:
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        session.flush()
