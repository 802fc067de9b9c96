"""The PIX QR the portal shows decodes back to the copia e cola (drawn from the SVG's own geometry)."""

from __future__ import annotations

import re

import zxingcpp
from PIL import Image, ImageDraw

from cobranca.documents.qr import qr_svg

PAYLOAD = (
    "00020101021226800014br.gov.bcb.pix2558pix.asaas.com/qr/cobv/9d36b84f-c70b-478f-b95c-12729b90ca25"
    "5204000053039865406312.765802BR5913DEMO COBRANCA6009SAO PAULO62070503***6304A1B2"
)


def raster(svg: str, scale: int = 6) -> Image.Image:
    side = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    image = Image.new("L", (side * scale, side * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        left, top = int(x) * scale, int(y) * scale
        draw.rectangle([left, top, left + int(width) * scale - 1, top + scale - 1], fill=0)
    return image


def test_the_qr_decodes_to_the_pix_code_and_stays_small():
    svg = qr_svg(PAYLOAD)
    [found] = zxingcpp.read_barcodes(raster(svg))
    assert found.text == PAYLOAD
    assert len(svg) < 16_000  # one path of runs, not a rectangle per module
