"""gunicorn's settings for the web workers: `gunicorn -c python:secretariat.serving …`.

Everything a worker makes while it starts (modules, the app, its routes and forms, some
hundred thousand objects) lives as long as the worker. Frozen out of the garbage
collector's generations once the app is loaded, it is no longer walked by every full
collection that a page's allocations set off (gc.freeze; worth 5-10% of a page).
"""

import gc


def post_worker_init(worker) -> None:
    gc.freeze()
