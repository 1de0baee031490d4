"""Command line: `python -m app serve | openapi | keys create | worker`."""
from __future__ import annotations

import argparse
import json
import sys


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.settings import get_settings

    settings = get_settings()
    uvicorn.run("app.main:app", host=settings.host, port=settings.port, workers=settings.workers,
                log_level=settings.log_level.lower(), access_log=False, server_header=False, proxy_headers=True)
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from app.main import create_app
    from app.settings import Settings

    document = create_app(Settings(_env_file=None)).openapi()
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


def _keys_create(args: argparse.Namespace) -> int:
    from app.auth.service import create_key, get_or_create_tenant
    from app.db import make_engine, unit_of_work
    from app.settings import get_settings

    engine = make_engine(get_settings())
    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
    try:
        with unit_of_work(engine) as session:
            tenant = get_or_create_tenant(session, args.tenant)
            key, secret = create_key(session, tenant, scopes, name=args.name)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"tenant {tenant.name} ({tenant.id}); key {key.prefix} with scopes {key.scopes}. "
          "Store the key now: it is shown only once.")
    print(secret)
    return 0


def _worker(args: argparse.Namespace) -> int:
    from app.webhooks.worker import main as worker_main

    return worker_main(once=args.once)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description="interview-followup service commands")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="serve the API with uvicorn (FOLLOWUP_HOST, FOLLOWUP_PORT, FOLLOWUP_WORKERS)").set_defaults(func=_serve)
    p_openapi = sub.add_parser("openapi", help="print the OpenAPI document")
    p_openapi.add_argument("--output", "-o", help="write to this file instead of stdout")
    p_openapi.set_defaults(func=_openapi)
    p_keys = sub.add_parser("keys", help="manage API keys")
    keys_sub = p_keys.add_subparsers(dest="keys_command", required=True)
    p_create = keys_sub.add_parser("create", help="create a tenant if needed and a new key; prints the key last")
    p_create.add_argument("--tenant", required=True, help="tenant name")
    p_create.add_argument("--scopes", default="read,write", help="comma-separated: read, write, admin")
    p_create.add_argument("--name", default="", help="a label for the key")
    p_create.set_defaults(func=_keys_create)
    p_worker = sub.add_parser("worker", help="run the webhook and due-action worker")
    p_worker.add_argument("--once", action="store_true", help="process what is due now, then exit")
    p_worker.set_defaults(func=_worker)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
