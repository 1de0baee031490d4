"""Tenants and API keys: creation, hashing, lookup, revocation. Every query about them lives here."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.auth.models import ApiKey, Tenant
from app.dbtypes import utcnow
from app.errors import NotFound
from app.pagination import keyset_page

KEY_PREFIX = "ifu_"
SCOPES = ("read", "write", "admin")
_PREFIX_HEX = 8  # a key reads ifu_<8 hex>_<secret>; the secret is base64url and may itself contain "_"
_PREFIX_LEN = len(KEY_PREFIX) + _PREFIX_HEX
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()


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
    found = select(Tenant).where(Tenant.name == name)
    tenant = session.exec(found).first()
    if tenant is not None:
        return tenant
    try:
        # Several workers starting on a fresh database race to create the local tenant.
        with session.begin_nested():
            tenant = Tenant(name=name)
            session.add(tenant)
    except IntegrityError:
        tenant = session.exec(found).one()
    return tenant


def get_tenant(session: Session, tenant_id: uuid.UUID) -> Tenant:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound(f"No tenant {tenant_id}.")
    return tenant


def normalise_scopes(scopes: list[str]) -> str:
    """The stored form: known scopes only, in canonical order, comma-separated."""
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise ValueError(f"scopes must be a non-empty subset of {', '.join(SCOPES)}")
    return ",".join(s for s in SCOPES if s in scopes)


def create_key(session: Session, tenant: Tenant, scopes: list[str], name: str = "") -> tuple[ApiKey, str]:
    """Create a key; returns the row and the full secret, which is never stored or shown again."""
    stored_scopes = normalise_scopes(scopes)
    prefix = KEY_PREFIX + secrets.token_hex(_PREFIX_HEX // 2)
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(tenant_id=tenant.id, name=name, prefix=prefix, key_hash=hash_key(secret), scopes=stored_scopes)
    session.add(key)
    session.flush()
    return key, secret


def key_prefix_of(secret: str) -> str | None:
    """The public prefix of a presented key (`ifu_` + 8 hex), or None when it cannot be one of ours."""
    prefix = secret[:_PREFIX_LEN]
    if not prefix.startswith(KEY_PREFIX) or secret[_PREFIX_LEN:_PREFIX_LEN + 1] != "_" or len(secret) <= _PREFIX_LEN + 1:
        return None
    return prefix


def authenticate(session: Session, secret: str) -> Principal | None:
    """The principal for a presented key, or None. Unknown, malformed and revoked keys look alike.

    Reads the database on every call: nothing is cached, so a revocation takes effect on the
    very next request.
    """
    prefix = key_prefix_of(secret)
    row = None
    if prefix is not None:
        row = session.exec(
            select(ApiKey, Tenant).join(Tenant, Tenant.id == ApiKey.tenant_id).where(ApiKey.prefix == prefix)
        ).first()
    # Hash and compare either way, so a known prefix takes the same work as an unknown one.
    matches = hmac.compare_digest(hash_key(secret), row[0].key_hash if row else _DUMMY_HASH)
    if row is None or not matches or row[0].revoked_at is not None:
        return None
    key, tenant = row
    return Principal(tenant.id, tenant.name, frozenset(key.scopes.split(",")), key.id, key.prefix)


def get_key(session: Session, tenant_id: uuid.UUID, key_id: uuid.UUID) -> ApiKey:
    """The tenant's key, or a 404 exactly as if it did not exist."""
    key = session.exec(select(ApiKey).where(ApiKey.id == key_id, ApiKey.tenant_id == tenant_id)).first()
    if key is None:
        raise NotFound(f"No API key {key_id}.")
    return key


def list_keys(session: Session, tenant_id: uuid.UUID, *, limit: int, cursor: str | None,
              include_revoked: bool) -> tuple[list[ApiKey], str | None]:
    """The tenant's keys, newest first, keyset-paginated on (created_at, id)."""
    stmt = select(ApiKey).where(ApiKey.tenant_id == tenant_id)
    if not include_revoked:
        stmt = stmt.where(ApiKey.revoked_at.is_(None))  # type: ignore[union-attr]
    return keyset_page(session, stmt, ApiKey.created_at, ApiKey.id, limit=limit, cursor=cursor)


def revoke_key(session: Session, key: ApiKey) -> ApiKey:
    """Revoke a key (idempotent: revoking a revoked key keeps its first revocation time)."""
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.add(key)
        session.flush()
    return key
