"""QR codes as PNG data URIs, for the receipt and the tracking page."""

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_png(text, box_size=8, border=4):
    """The PNG bytes of a QR code of ``text`` (error correction M, quiet zone of 4)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(text, **kwargs):
    return "data:image/png;base64,%s" % base64.b64encode(qr_png(text, **kwargs)).decode()
