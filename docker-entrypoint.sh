#!/bin/sh
# Container start: migrate (replicas queue on an advisory lock on PostgreSQL), then run the command.
set -eu
case "${1:-serve}" in
  serve)
    python -m alembic upgrade head
    exec python -m app serve ;;
  worker)
    python -m alembic upgrade head
    exec python -m app worker ;;
  *)
    exec python -m app "$@" ;;
esac
