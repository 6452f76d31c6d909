"""gunicorn's settings, for production and for the load phase of `make bench`:

    gunicorn -c gunicorn.conf.py charter_portal.wsgi

The application is loaded once in the master, its URLs and views imported, then every object it
holds is moved out of the garbage collector's sight (`gc.freeze()`) before the workers fork: a
full collection then walks only what requests create, instead of the whole application (it cost
250–320 ms every dozen requests at national scale), and the workers share those pages.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# no control socket: it would be one path shared by every gunicorn of the machine's user
control_socket_disable = True
# objects allocated between young collections; Python's default (700) runs one every few hundred
# objects, and a request allocates tens of thousands
GC_THRESHOLD = (int(os.environ.get("GC_THRESHOLD", "50000")), 20, 100)


def when_ready(server):
    """In the master, the application loaded: import what the first request would, then freeze."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    server.log.info("gc: %d objects frozen, threshold %s", gc.get_freeze_count(), GC_THRESHOLD)


def post_fork(server, worker):
    gc.set_threshold(*GC_THRESHOLD)
