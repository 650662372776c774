"""Celery application; configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "election_admin.settings.base")

app = Celery("election_admin")
# The default app in every thread, not only the importing one: web requests in
# other threads (runserver, gunicorn gthread, the live test server) look tasks
# up by name through ``celery.current_app``, which would otherwise be Celery's
# empty fallback app there (NotRegistered after the request's data committed).
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
