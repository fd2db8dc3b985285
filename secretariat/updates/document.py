"""A monthly update as a document: its HTML, for render_pdf (testable without rendering)."""

from flask import render_template
from flask_babel import force_locale

from .models import MonthlyUpdate
from .months import month_name


def update_html(update: MonthlyUpdate, locale: str = "lv") -> str:
    with force_locale(locale):
        return render_template(
            "updates/pdf/update.html",
            update=update,
            month_name=month_name(update.month, locale),
            locale=locale,
        )
