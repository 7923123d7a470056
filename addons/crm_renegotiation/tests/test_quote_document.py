# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import io
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tools import file_open
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from .common import RenegotiationCommon

DOCUMENT_PATH = "crm_renegotiation/demo/renegotiation_agreement.pdf"


def _blank_pdf():
    writer = PdfFileWriter()
    writer.addBlankPage(595, 842)
    with io.BytesIO() as stream:
        writer.write(stream)
        return stream.getvalue()


def _read_form_fields(pdf_content):
    """``{form field name: value}`` of a rendered PDF, read back from its
    pages, without the prefix the quote builder gives each document."""
    reader = PdfFileReader(io.BytesIO(pdf_content), strict=False)
    values = {}
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/T"):
                name = annotation["/T"].split("__", 1)[-1]
                values[name] = annotation.get("/V")
    return values


@freeze_time("2026-03-10")
class TestQuoteDocument(RenegotiationCommon):
    """E3: the contract document of the renegotiation template, a PDF with
    form fields filled from the quotation by Odoo's PDF quote builder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write(
            {"street": "Storgata 1", "zip": "0155", "city": "Oslo", "ref": "K-42"}
        )
        with file_open(DOCUMENT_PATH, "rb") as document:
            datas = base64.b64encode(document.read())
        cls.document = cls.env["quotation.document"].create(
            {
                "name": "Renegotiated agreement",
                "datas": datas,
                "document_type": "header",
                "add_by_default": True,
                "quotation_template_ids": [Command.link(cls.template.id)],
            }
        )

    def _render_pdf(self, order):
        """The quotation's PDF as the customer downloads it; wkhtmltopdf
        (the external binary) renders a blank page and hands back the HTML
        it was given."""
        bodies = []

        def run_wkhtmltopdf(report, html_bodies, *args, **kwargs):
            bodies.extend(html_bodies)
            return _blank_pdf()

        Report = self.env.registry["ir.actions.report"]
        with (
            patch.object(Report, "_run_wkhtmltopdf", run_wkhtmltopdf),
            patch.object(Report, "get_wkhtmltopdf_state", return_value="ok"),
        ):
            pdf_content, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("sale.action_report_saleorder", order.ids)
            )
        self.assertEqual(report_type, "pdf")
        return pdf_content, "".join(str(body) for body in bodies)

    def test_document_mapping_covers_the_renegotiation(self):
        """Every form field of the committed document is filled from the
        quotation: the renegotiation's through this addon's mapping, the
        others through Odoo's."""
        self.assertTrue(self.document.form_field_ids)
        for form_field in self.document.form_field_ids:
            with self.subTest(form_field=form_field.name):
                self.assertTrue(form_field.path)
        self.assertIn(
            self.document,
            self.env.ref(
                "crm_renegotiation.sale_pdf_form_field_renegotiation_new_licences"
            ).quotation_document_ids,
        )

    def test_quotation_gets_the_template_document(self):
        order = self._start(20, 90.0, user=self.salesman).order_id
        self.assertEqual(order.quotation_document_ids, self.document)
        self.assertEqual(order._get_renegotiation_documents(), self.document)

    def test_pdf_fills_the_document_from_the_quotation(self):
        renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        order = renegotiation.order_id
        pdf_content, html = self._render_pdf(order)
        values = _read_form_fields(pdf_content)
        expected = {
            "name": order.name,
            "validity_date": "03/17/2026",
            "renegotiation_contract": "Test agreement (TST-1)",
            "renegotiation_customer": "Nordlys AS",
            "renegotiation_customer_vat": "NO999888777",
            "renegotiation_signatory": "Kari Nordmann",
            "renegotiation_signatory_email": "kari@nordlys.example.com",
            "renegotiation_signatory_phone": "+47 912 34 567",
            "renegotiation_product": "Test licence",
            "renegotiation_old_licences": "25",
            "renegotiation_new_licences": "20",
            "renegotiation_effective_date": "04/01/2026",
        }
        for name, value in expected.items():
            with self.subTest(form_field=name):
                self.assertEqual(values.get(name), value)
        self.assertIn("100.00", values["renegotiation_old_price"])
        self.assertIn("90.00", values["renegotiation_new_price"])
        self.assertIn("Storgata 1", values["renegotiation_customer_address"])
        self.assertIn("Oslo", values["renegotiation_customer_address"])
        # the document states the agreement: the fixed block is not printed
        # again; the changes of the contract follow in the quotation's body
        self.assertNotIn("renegotiation_agreement", html)
        self.assertIn("contract_changes", html)
        # the document's page first, then the quotation
        self.assertEqual(len(PdfFileReader(io.BytesIO(pdf_content)).pages), 2)

    def test_pdf_states_the_edited_quotation(self):
        """What is signed is the quotation as it is now."""
        renegotiation = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1))
        order_line = renegotiation._get_order_line()
        order_line.write({"product_uom_qty": 17, "price_unit": 85.0})
        renegotiation.order_id.contract_date_start = date(2026, 5, 1)
        values = _read_form_fields(self._render_pdf(renegotiation.order_id)[0])
        self.assertEqual(values["renegotiation_new_licences"], "17")
        self.assertIn("85.00", values["renegotiation_new_price"])
        self.assertEqual(values["renegotiation_effective_date"], "05/01/2026")

    def test_pdf_in_the_signatory_language(self):
        self.env["res.lang"]._activate_lang("nb_NO")
        self.signatory.lang = "nb_NO"
        order = self._start(20, 90.0, delivery_start_date=date(2026, 4, 1)).order_id
        values = _read_form_fields(self._render_pdf(order)[0])
        self.assertEqual(values["renegotiation_effective_date"], "01.04.2026")

    def test_without_document_the_pdf_prints_the_terms(self):
        self.document.add_by_default = False
        order = self._start(20, 90.0).order_id
        self.assertFalse(order.quotation_document_ids)
        pdf_content, html = self._render_pdf(order)
        self.assertFalse(_read_form_fields(pdf_content))
        self.assertIn("renegotiation_agreement", html)
        self.assertIn("Test agreement (TST-1)", html)

    def test_signed_order_prints_the_terms(self):
        """The quote builder adds its documents to quotations only: the
        signed order prints the agreement's terms in its body."""
        order = self._start(20, 90.0).order_id
        order.action_confirm()
        self.assertFalse(order._get_renegotiation_documents())
        pdf_content, html = self._render_pdf(order)
        self.assertFalse(_read_form_fields(pdf_content))
        self.assertIn("renegotiation_agreement", html)

    def test_other_quotations_print_no_renegotiation(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "sale_order_template_id": self.template.id,
                "quotation_document_ids": [Command.link(self.document.id)],
                "order_line": [Command.create({"product_id": self.licence_product.id})],
            }
        )
        self.assertFalse(order._get_renegotiation_documents())
        values = _read_form_fields(self._render_pdf(order)[0])
        self.assertEqual(values["name"], order.name)
        self.assertEqual(values["renegotiation_new_licences"], "0")
        self.assertEqual(values["renegotiation_contract"], "")

    def test_demo_template_ships_the_document(self):
        demo_document = self.env.ref(
            "crm_renegotiation.quotation_document_renegotiation_agreement_demo",
            raise_if_not_found=False,
        )
        if not demo_document:
            self.skipTest("installed without demo data")
        template = self.env.ref(
            "crm_renegotiation.sale_order_template_renegotiation_demo"
        )
        self.assertIn(demo_document, template.quotation_document_ids)
        self.assertTrue(demo_document.add_by_default)
        self.assertIn(
            self.env.ref(
                "crm_renegotiation.sale_pdf_form_field_renegotiation_old_price"
            ),
            demo_document.form_field_ids,
        )
