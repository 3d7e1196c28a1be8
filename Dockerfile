FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY mbo_regie ./mbo_regie
COPY portfolio ./portfolio
COPY arbitration ./arbitration
COPY werkagenda ./werkagenda
RUN pip install -c constraints.txt .
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --create-home regie && chown -R regie /app/var
USER regie
EXPOSE 8000
CMD ["gunicorn", "mbo_regie.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
