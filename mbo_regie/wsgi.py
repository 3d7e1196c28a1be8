"""WSGI entry point (gunicorn mbo_regie.wsgi)."""
import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mbo_regie.settings")
application = get_wsgi_application()


def _freeze_loaded_code() -> None:
    """Import the URLconf (and with it every view) now and move everything loaded so far
    (Django, the apps, their models, views and URLs: some 180,000 objects) out of the
    garbage collector's reach.

    They live as long as the worker, yet every full collection would walk them again: that
    cost ~50-110 ms, paid by whichever request happened to trigger it (the p99 of the load
    test). Frozen, a full collection only walks what requests created.
    """
    from importlib import import_module

    from django.conf import settings

    import_module(settings.ROOT_URLCONF)
    gc.collect()  # garbage first: what is frozen is never freed
    gc.freeze()


_freeze_loaded_code()
