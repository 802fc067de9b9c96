"""A QR code as a compact SVG (reportlab's QR encoder; one path, a rectangle per run of dark modules):
the PIX copia e cola the debtor scans from another phone."""

from __future__ import annotations

from reportlab.graphics.barcode import qrencoder

QUIET = 4  # modules of white border the standard asks for


def qr_svg(payload: str) -> str:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    n = code.getModuleCount()
    runs = []
    for row in range(n):
        col = 0
        while col < n:
            if not code.isDark(row, col):
                col += 1
                continue
            start = col
            while col < n and code.isDark(row, col):
                col += 1
            runs.append(f"M{start + QUIET} {row + QUIET}h{col - start}v1h-{col - start}z")
    side = n + 2 * QUIET
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
        f'<rect width="{side}" height="{side}" fill="#fff"/><path fill="#000" d="{"".join(runs)}"/></svg>'
    )
