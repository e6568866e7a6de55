"""QR codes drawn on the server as inline SVG: an authenticator app scans the ``otpauth://`` URI
from the screen, and the secret never leaves the page (no image service, no script; the SVG is
plain paths, which the page's Content-Security-Policy allows)."""

from __future__ import annotations

import segno
from markupsafe import Markup

SCALE = 5  # pixels per module: about 200 px for a TOTP URI, easy for a phone's camera
BORDER = 4  # the quiet zone the QR standard asks for, in modules


def qr_svg(text: str, label: str) -> Markup:
    """``text`` as a QR code (error correction M), an ``<svg>`` element to place in a page;
    ``label`` names it for screen readers."""
    code = segno.make(text, error="m", micro=False)
    svg = code.svg_inline(scale=SCALE, border=BORDER, dark="#000", light="#fff", title=label)
    return Markup(svg.replace("<svg ", '<svg role="img" data-testid="totp-qr" ', 1))
