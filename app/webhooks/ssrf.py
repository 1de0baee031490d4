"""Which webhook URLs may be called: scheme, credentials, and the addresses their host resolves to.

Checked when an endpoint is created and again before every delivery, because DNS can change;
the delivery then connects to the very address that was checked (no second lookup to rebind).
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata services; both are also caught by the link-local / private rules, named for clarity.
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})


class UnsafeURL(ValueError):
    """The URL may not be called; the message says why, for a 422 on `/url`."""


@dataclass(frozen=True, slots=True)
class Target:
    """A checked URL: its parts and the address to connect to."""

    scheme: str
    host: str
    port: int
    address: str


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (tests replace this to avoid real DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def forbidden_reason(address: IPAddress) -> str | None:
    """Why connecting to this address is refused, or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return forbidden_reason(address.ipv4_mapped)
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for flag, words in (("is_loopback", "a loopback address"), ("is_unspecified", "the unspecified address"),
                        ("is_link_local", "a link-local address"), ("is_multicast", "a multicast address"),
                        ("is_reserved", "a reserved address"), ("is_private", "a private address")):
        if getattr(address, flag):
            return words
    if not address.is_global:
        return "not a public address"
    return None


def check_url(url: str, *, allow_private: bool) -> Target:
    """Parse and vet a webhook URL; raises UnsafeURL with a reason a caller can act on."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL("the scheme must be https (or http for local testing)")
    if scheme == "http" and not allow_private:
        raise UnsafeURL("plain http is not allowed; use https")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL("credentials in the URL are not allowed; authenticate requests with the signature")
    host = parts.hostname
    if not host:
        raise UnsafeURL("the URL has no host")
    if parts.fragment:
        raise UnsafeURL("the URL may not have a fragment")
    port = port or (443 if scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise UnsafeURL(f"the host {host!r} does not resolve ({exc.__class__.__name__})") from None
        if not addresses:
            raise UnsafeURL(f"the host {host!r} does not resolve")
    if not allow_private:
        # Every address must be public: a resolver may hand out any of them to a later lookup.
        for text in addresses:
            reason = forbidden_reason(ipaddress.ip_address(text.split("%", 1)[0]))
            if reason:
                raise UnsafeURL(f"the host {host!r} resolves to {text}, {reason}; webhooks must reach a public address")
    return Target(scheme=scheme, host=host, port=port, address=addresses[0])
