# Rebound in a container. By default it runs the Slack app over HTTP on $PORT
# (installed by many workspaces with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, or one
# with SLACK_BOT_TOKEN); `rebound discord --metrics-port 9100` runs the Discord bot.
# compose.yaml runs both beside PostgreSQL. Build it with: docker build -t rebound .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    REBOUND_DB=/data/rebound.db \
    PORT=3000

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
COPY messages ./messages
RUN pip install ".[all]" \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin rebound \
    && mkdir -p /data \
    && chown rebound /data

# SQLite (the default REBOUND_DB) keeps everything here; mount a volume so it
# outlives the container. With REBOUND_DB=postgresql://... nothing is written here.
VOLUME /data
USER rebound
WORKDIR /data
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '3000') + '/healthz', timeout=4)"]

CMD ["rebound", "slack", "--http"]
