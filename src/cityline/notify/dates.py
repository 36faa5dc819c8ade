"""How each language writes a date and a time in messages (Django date format strings)."""

DATE_FORMATS = {
    "en": {"long": "l, F j, Y, g:i A", "short": "D M j, g:i A", "time": "g:i A", "day": "l, F j"},
    "es": {"long": r"l j \d\e F \d\e Y, H:i", "short": "D j b, H:i", "time": "H:i", "day": r"l j \d\e F"},
}
