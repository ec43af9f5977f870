# One image for web, worker and beat (docker-compose.yml picks the command). LibreOffice Writer and the
# Liberation fonts make the drafts' PDF in the worker (docs/operations.md, "Drafts' PDF").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install --no-install-recommends -y postgresql-client \
        libreoffice-writer-nogui fonts-liberation poppler-utils \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 casework \
    && install -d -o casework -g casework -m 700 /var/lib/casework/media

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=casework:casework . .
RUN DJANGO_DEBUG=1 python manage.py collectstatic --noinput

USER casework
EXPOSE 8000
# The access log leaves out query strings and Referer headers (no search text, no client data in it), and
# X-Forwarded-Proto counts only from the proxy's address: FORWARDED_ALLOW_IPS (docs/operations.md).
ENV FORWARDED_ALLOW_IPS=127.0.0.1
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--no-control-socket", "--access-logfile", "-", "--access-logformat", "%(h)s %(t)s \"%(m)s %(U)s\" %(s)s %(b)s %(L)s"]
