"""Build the demo renegotiation agreement: a one-page PDF with form fields.

python scripts/make_quote_document.py [output.pdf]

The page is a quotation document (header) of Odoo's PDF quote builder
(``sale_pdf_quote_builder``): each text field is named after a form field of
the quote builder, whose mapping fills it from the quotation when the PDF quote
is printed. The ``renegotiation_*`` fields are the ones crm_renegotiation maps
(data/sale_pdf_form_field_data.xml); ``name``, ``validity_date`` and
``partner_id__name`` are Odoo's own. Companies design their own document with
any PDF editor and the same field names; this one is the demo.

Needs reportlab (an Odoo requirement, in the virtualenv). The output is
reproducible (no creation date nor random id): run it again after a change and
commit the PDF.
"""

import sys
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "addons/crm_renegotiation/demo/renegotiation_agreement.pdf"

MARGIN = 20 * mm
LABEL_WIDTH = 55 * mm
ROW = 9 * mm
FIELD_HEIGHT = 6.5 * mm
GREY = HexColor("#6c757d")
LINE = HexColor("#dee2e6")

# (label, form field name, lines): the page from top to bottom; a pair of
# fields on one row is the value before and after the renegotiation.
PARTIES = [
    ("Quotation", "name", 1),
    ("Contract", "renegotiation_contract", 1),
    ("Customer", "renegotiation_customer", 1),
    ("VAT number", "renegotiation_customer_vat", 1),
    ("Address", "renegotiation_customer_address", 5),
    ("Signatory", "renegotiation_signatory", 1),
    ("E-mail", "renegotiation_signatory_email", 1),
    ("Phone", "renegotiation_signatory_phone", 1),
]
CHANGES = [
    ("Product", ("renegotiation_product",)),
    ("Licences", ("renegotiation_old_licences", "renegotiation_new_licences")),
    ("Price per licence", ("renegotiation_old_price", "renegotiation_new_price")),
    ("Effective from", ("renegotiation_effective_date",)),
    ("Sign before", ("validity_date",)),
]


def text_field(pdf, name, x, y, width, lines=1):
    height = FIELD_HEIGHT + (lines - 1) * 4.5 * mm
    pdf.acroForm.textfield(
        name=name,
        tooltip=name,
        x=x,
        y=y - height + FIELD_HEIGHT,
        width=width,
        height=height,
        borderWidth=0,
        borderColor=None,
        fillColor=None,
        fontName="Helvetica",
        fontSize=10,
        fieldFlags="readOnly multiline" if lines > 1 else "readOnly",
        value="",
    )
    return height


def section(pdf, title, y):
    pdf.setFont("Helvetica-Bold", 12)
    pdf.setFillColor(HexColor("#000000"))
    pdf.drawString(MARGIN, y, title)
    pdf.setStrokeColor(LINE)
    pdf.line(MARGIN, y - 2 * mm, A4[0] - MARGIN, y - 2 * mm)
    return y - ROW


def label(pdf, text, y):
    pdf.setFont("Helvetica", 10)
    pdf.setFillColor(GREY)
    pdf.drawString(MARGIN, y + 2 * mm, text)


def build(output):
    width, height = A4
    value_x = MARGIN + LABEL_WIDTH
    value_width = width - MARGIN - value_x
    pdf = canvas.Canvas(str(output), pagesize=A4, invariant=1)
    pdf.setTitle("Renegotiated agreement")
    pdf.setFont("Helvetica-Bold", 18)
    y = height - MARGIN - 10 * mm
    pdf.drawString(MARGIN, y, "Renegotiated agreement")
    pdf.setFont("Helvetica", 10)
    pdf.setFillColor(GREY)
    y -= 8 * mm
    pdf.drawString(
        MARGIN,
        y,
        "This agreement changes the contract below from the effective date. "
        "All other terms remain unchanged.",
    )
    y = section(pdf, "Parties", y - 12 * mm)
    for text, name, lines in PARTIES:
        label(pdf, text, y)
        used = text_field(pdf, name, value_x, y, value_width, lines)
        y -= ROW + used - FIELD_HEIGHT
    y = section(pdf, "Changes", y - 6 * mm)
    half = (value_width - 10 * mm) / 2
    for text, names in CHANGES:
        label(pdf, text, y)
        if len(names) == 1:
            text_field(pdf, names[0], value_x, y, value_width)
        else:
            old, new = names
            text_field(pdf, old, value_x, y, half)
            pdf.setFont("Helvetica", 12)
            pdf.setFillColor(GREY)
            pdf.drawCentredString(value_x + half + 5 * mm, y + 2 * mm, "\u2192")
            text_field(pdf, new, value_x + half + 10 * mm, y, half)
        y -= ROW
    pdf.setFont("Helvetica", 8)
    pdf.setFillColor(GREY)
    pdf.drawString(
        MARGIN,
        MARGIN,
        "The quotation that follows lists every line of the contract; "
        "signing it online applies the change.",
    )
    pdf.showPage()
    pdf.save()


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
