"""URL vetting (SSRF) and signing, as pure functions."""
from __future__ import annotations

import base64
import time

import pytest
from standardwebhooks import Webhook

from app.webhooks import signing, ssrf


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch):
    table = {"public.example": ["93.184.215.14"], "internal.example": ["10.1.2.3"],
             "mixed.example": ["93.184.215.14", "192.168.0.9"], "metadata.example": ["169.254.169.254"],
             "v6meta.example": ["fd00:ec2::254"], "mapped.example": ["::ffff:127.0.0.1"]}

    def resolve(host, port):
        if host not in table:
            raise OSError("no such host")
        return table[host]

    monkeypatch.setattr(ssrf, "resolve", resolve)


@pytest.mark.parametrize(("url", "fragment"), [
    ("https://127.0.0.1/hook", "loopback"),
    ("https://[::1]/hook", "loopback"),
    ("https://0.0.0.0/", "unspecified"),
    ("https://169.254.169.254/latest/meta-data", "metadata"),
    ("https://[fd00:ec2::254]/", "metadata"),
    ("https://metadata.example/", "metadata"),
    ("https://v6meta.example/", "metadata"),
    ("https://internal.example/", "private"),
    ("https://mixed.example/", "192.168.0.9"),
    ("https://mapped.example/", "loopback"),
    ("https://224.0.0.1/", "multicast"),
    ("https://240.0.0.1/", "reserved"),
    ("https://100.64.0.1/", "not a public address"),
    ("https://169.254.1.1/", "link-local"),
    ("http://public.example/", "plain http"),
    ("ftp://public.example/", "scheme"),
    ("file:///etc/passwd", "scheme"),
    ("https://user:pw@public.example/", "credentials"),
    ("https://nowhere.example/", "does not resolve"),
    ("https:///path-only", "no host"),
    ("https://public.example:99999/", "valid URL"),
])
def test_unsafe_urls_are_refused_with_a_reason(url, fragment):
    with pytest.raises(ssrf.UnsafeURL, match=fragment):
        ssrf.check_url(url, allow_private=False)


def test_a_public_https_url_is_accepted_and_pinned_to_its_address():
    target = ssrf.check_url("https://public.example:8443/in?x=1", allow_private=False)
    assert (target.scheme, target.host, target.port, target.address) == ("https", "public.example", 8443, "93.184.215.14")


def test_allow_private_admits_loopback_and_plain_http_but_not_credentials_or_other_schemes():
    assert ssrf.check_url("http://127.0.0.1:9000/", allow_private=True).address == "127.0.0.1"
    assert ssrf.check_url("http://internal.example/", allow_private=True).address == "10.1.2.3"
    with pytest.raises(ssrf.UnsafeURL):
        ssrf.check_url("http://u:p@127.0.0.1/", allow_private=True)
    with pytest.raises(ssrf.UnsafeURL):
        ssrf.check_url("gopher://127.0.0.1/", allow_private=True)


def test_secrets_are_whsec_and_32_random_bytes():
    secret = signing.new_secret()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
    assert signing.new_secret() != secret


def test_signatures_verify_with_the_standardwebhooks_library():
    secret = signing.new_secret()
    body = signing.envelope("evt_1", "send.recorded", "2026-03-10T19:00:00+00:00", {"send": {"kind": "thank_you"}})
    headers = signing.headers(secret, "evt_1", int(time.time()), body)
    assert Webhook(secret).verify(body, headers)["data"] == {"send": {"kind": "thank_you"}}
    assert headers["webhook-signature"].startswith("v1,")
