"""Numbers the Latvian way: 16 000,00 (a no-break space between thousands, a decimal comma).

Amounts of money are Decimals from `Numeric(12, 2)` columns; they are formatted from the
Decimal itself, so what a page, a PDF or a chart shows is exact to the cent.
"""

from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

MONEY_PATTERN = "#,##0.00"
QUANTITY_PATTERN = "#,##0.##"
CENT = Decimal("0.01")


#: group and decimal marks of the app's two languages (Babel's, without its per-call cost:
#: a plan page formats a hundred amounts)
MARKS = {"lv": ("\xa0", ","), "en": (",", ".")}


def _marked(text: str, locale: str) -> str:
    """Python's "16,000.50" in the language's marks."""
    group, point = MARKS[locale]
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


def format_money(value: Decimal | int | None, locale: str = "lv") -> str:
    """16000 → "16 000,00" in Latvian, "16,000.00" in English; None → ""."""
    if value is None:
        return ""
    if locale in MARKS:
        return _marked(f"{Decimal(value):,.2f}", locale)
    return format_decimal(Decimal(value), MONEY_PATTERN, locale=locale)


def format_quantity(value: Decimal | int | None, locale: str = "lv") -> str:
    """An indicator's count or measure: 50 → "50", 1.5 → "1,5", 1500 → "1 500"."""
    if value is None:
        return ""
    if locale in MARKS:
        text = f"{Decimal(value):,.2f}"
        return _marked(text.rstrip("0").rstrip(".") if "." in text else text, locale)
    return format_decimal(Decimal(value), QUANTITY_PATTERN, locale=locale)


def plain_decimal(value: Decimal | None, places: int = 2) -> str:
    """For files and the API: no grouping, a point, fixed places ("16000.00")."""
    if value is None:
        return ""
    return f"{Decimal(value):.{places}f}"


def parse_amount(text: str | None) -> Decimal | None:
    """Read an amount as people type or paste it: "16 000,00", "16000.00", "16.000,00",
    "16,000.00", "1 234,5 EUR"; None when empty. Raises ValueError for anything else, and
    for more than two decimal places (no rounding behind anyone's back)."""
    text = (text or "").replace("\xa0", " ").replace("\u202f", " ").strip()
    for suffix in ("EUR", "euro", "eiro", "€"):
        if text.lower().endswith(suffix.lower()):
            text = text[: -len(suffix)].strip()
    if not text:
        return None
    text = text.replace(" ", "").replace("'", "")
    if "," in text and "." in text:
        # the later of the two marks is the decimal one
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        text = text.replace(group_mark, "").replace(decimal_mark, ".")
    elif "," in text:
        text = text.replace(",", ".")
    if text.count(".") > 1 or not text.replace(".", "").lstrip("-").isdigit():
        raise ValueError(text)
    try:
        amount = Decimal(text)
        whole = amount == amount.quantize(CENT)  # past 28 digits quantize cannot say
    except InvalidOperation:
        raise ValueError(text) from None
    if not whole:
        raise ValueError(text)
    return amount.quantize(CENT)
