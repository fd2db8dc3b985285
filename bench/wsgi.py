"""The app as gunicorn serves it, plus one hello-world route: the baseline every page
is compared with is served by the same app, command and workers."""

from secretariat import create_app

app = create_app()


@app.get("/__hello")
def hello():
    return "Hello, World!"
