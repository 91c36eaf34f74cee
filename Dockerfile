# Production image: one image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 ANUVAD_VAR_DIR=/var/lib/anuvad \
    VIRTUAL_ENV=/opt/venv UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext apertium apertium-urd-hin \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home anuvad \
 && mkdir -p /var/lib/anuvad /run/anuvad && chown anuvad /var/lib/anuvad /run/anuvad
WORKDIR /app
# The runtime dependencies exactly as uv.lock pins them (hash-checked), uv itself included.
COPY pyproject.toml uv.lock README.md ./
COPY scripts/bootstrap_uv.py scripts/
RUN python scripts/bootstrap_uv.py \
 && uv sync --locked --no-dev --no-cache --python /usr/local/bin/python
COPY config config
COPY translations translations
COPY workflow workflow
COPY notifications notifications
COPY publishing publishing
COPY api api
COPY templates templates
COPY static static
COPY locale locale
COPY manage.py ./
RUN DJANGO_SECRET_KEY=build python manage.py collectstatic --noinput \
 && DJANGO_SECRET_KEY=build python manage.py compilemessages --ignore '*/site-packages/*' \
 && chown -R anuvad /var/lib/anuvad
USER anuvad
EXPOSE 8000
# Threaded workers (config/gunicorn.py); docker-compose.yml puts nginx in front.
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
