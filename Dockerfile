# syntax=docker/dockerfile:1
# Build stage: a wheel of the service and its dependencies, built once.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY app ./app
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-compile . \
 && /opt/venv/bin/python -c "import app.main"

# Runtime stage: the virtualenv, the migrations, a non-root user.
FROM python:3.11-slim-bookworm
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    FOLLOWUP_ENV=production \
    FOLLOWUP_HOST=0.0.0.0 \
    FOLLOWUP_PORT=8000 \
    FOLLOWUP_WORKERS=2 \
    FOLLOWUP_DATABASE_URL=sqlite:////data/followup.db
RUN groupadd --system --gid 10001 followup \
 && useradd --system --uid 10001 --gid followup --home-dir /srv --no-create-home followup \
 && mkdir -p /data /srv && chown followup:followup /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
COPY --chown=followup:followup alembic.ini ./
COPY --chown=followup:followup migrations ./migrations
COPY --chown=followup:followup docker-entrypoint.sh ./
USER 10001:10001
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os,urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('FOLLOWUP_PORT','8000'), timeout=2)"]
# Migrates (one replica at a time: an advisory lock on PostgreSQL), then serves FOLLOWUP_WORKERS processes.
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["serve"]
