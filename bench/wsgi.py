"""The app as gunicorn serves it, plus two reference routes served by the same app,
command and workers: hello-world, the baseline every page is compared with, and a staff
page with nothing on it (the layout, the session and its signed-in user), the floor under
every staff page."""

from flask import render_template
from flask_login import login_required

from secretariat import create_app

app = create_app()
EMPTY_PAGE = app.jinja_env.from_string('{% extends "base.html" %}{% block content %}{% endblock %}')


@app.get("/__hello")
def hello():
    return "Hello, World!"


@app.get("/__frame")
@login_required
def frame():
    return render_template(EMPTY_PAGE)
