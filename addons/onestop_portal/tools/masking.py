"""Personal data as the public tracking page shows it: initials and the last digits."""

import re
import unicodedata

BULLET = "\u2022"


def initials(name):
    """``Nguyễn Văn An`` -> ``N. V. A.``; nothing for an empty name."""
    words = re.split(r"[\s\-]+", unicodedata.normalize("NFC", name or "").strip())
    letters = [word[0].upper() for word in words if word and word[0].isalnum()]
    return " ".join("%s." % letter for letter in letters)


def last_digits(value, keep=4):
    """``0912345678`` -> ``••••••5678``: bullets for every digit but the last ``keep``."""
    digits = re.sub(r"\D", "", value or "")
    if not digits:
        return ""
    if len(digits) <= keep:
        return BULLET * len(digits)
    return BULLET * (len(digits) - keep) + digits[-keep:]


def digits_only(value):
    return re.sub(r"\D", "", value or "")
