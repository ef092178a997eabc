"""What the OneStop web pages share: error pages, abuse limits, uploaded files."""

from odoo.http import request

# Database ids are 32-bit integers: a larger id in an address is simply not found.
MAX_ID = 2**31 - 1
# Pages that show personal data (even masked) are neither cached nor indexed, and never
# send their address (which may hold a token) to another site.
PRIVATE_HEADERS = [
    ("Cache-Control", "no-store"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Referrer-Policy", "no-referrer"),
]
MAX_FILES_PER_FIELD = 10
MAX_FILES_PER_FORM = 40


def message_page(status, title, message, back_url=None, headers=None):
    """A plain page that says what went wrong, with the HTTP status it deserves."""
    return request.render(
        "onestop_portal.message_page",
        {"status": status, "title": title, "message": message, "back_url": back_url},
        status=status,
        headers=(headers or []) + PRIVATE_HEADERS,
    )


def bad_request(message, back_url=None):
    return message_page(400, request.env._("The request cannot be processed"), message, back_url)


def too_many(minutes):
    """HTTP 429 with a clear Vietnamese (or the visitor's language) message."""
    return message_page(
        429,
        request.env._("Too many attempts"),
        request.env._(
            "You have made too many attempts from this connection. Please wait %(minutes)s "
            "minutes and try again, or ask the reception desk for help.",
            minutes=minutes,
        ),
        headers=[("Retry-After", str(int(minutes) * 60))],
    )


def client_key():
    """A keyed hash of the client's address (the proxy's client when proxy_mode is on)."""
    address = request.httprequest.remote_addr or "-"
    return request.env["onestop.portal.throttle"].sudo()._onestop_client_key(address)


def throttle_blocked(scope):
    """``(blocked, window minutes)`` for the current client."""
    Throttle = request.env["onestop.portal.throttle"].sudo()
    key = client_key()
    _limit, window = Throttle._onestop_limit(scope)
    return Throttle._onestop_blocked(scope, key), window


def throttle_hit(scope):
    Throttle = request.env["onestop.portal.throttle"].sudo()
    return Throttle._onestop_hit(scope, client_key())


def parse_id(value):
    """A positive database id from a form value, or None."""
    value = (value or "").strip() if isinstance(value, str) else value
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and 0 < value <= MAX_ID:
        return value
    return None


def read_uploads(field_names, max_bytes):
    """``{field name: [(filename, bytes)]}`` of the files sent under ``field_names``.
    A file larger than ``max_bytes`` is read only up to one byte more (enough to refuse
    it). Raises ValueError when too many files are sent."""
    files = request.httprequest.files
    result = {}
    total = 0
    for name in field_names:
        storages = [s for s in files.getlist(name) if s and s.filename]
        if len(storages) > MAX_FILES_PER_FIELD:
            raise ValueError(name)
        total += len(storages)
        result[name] = [(s.filename, s.stream.read(max_bytes + 1)) for s in storages]
    if total > MAX_FILES_PER_FORM:
        raise ValueError("total")
    return result
