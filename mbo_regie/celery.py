"""Celery application: the broker comes from REDIS_URL; without it tasks run in process."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mbo_regie.settings")

app = Celery("mbo_regie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
