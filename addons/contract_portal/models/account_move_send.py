# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    """Invoice recipients and delivery mode of the customer's account.

    Shared by the single and the batch sending wizards (and the sending
    cron): the invoice recipients chosen on the account receive invoices and
    credit notes, as a PDF attachment or as a download link.
    """

    _inherit = "account.move.send"

    @api.model
    def _contract_portal_send_as_link(self, move):
        return (
            move.is_sale_document(include_receipts=True)
            and move.commercial_partner_id.contract_invoice_delivery_mode == "link"
        )

    @api.model
    def _get_default_mail_partner_ids(self, move, mail_template, mail_lang):
        partners = super()._get_default_mail_partner_ids(move, mail_template, mail_lang)
        if move.is_sale_document(include_receipts=True):
            recipients = move.commercial_partner_id.contract_invoice_recipient_ids
            recipients = recipients.filtered("email")
            if recipients:
                return recipients.with_company(move.company_id)
        return partners

    @api.model
    def _get_default_mail_body(self, move, mail_template, mail_lang):
        body = super()._get_default_mail_body(move, mail_template, mail_lang)
        if self._contract_portal_send_as_link(move):
            body = Markup(body or "") + self._get_contract_portal_download_link(
                move, mail_lang
            )
        return body

    @api.model
    def _get_contract_portal_download_link(self, move, mail_lang):
        """The paragraph with the link to download the document."""
        move = move.with_context(lang=mail_lang)
        url = move.get_base_url() + move.get_portal_url(
            report_type="pdf", download=True
        )
        return Markup(
            '<p class="o_contract_portal_download_link">%s <a href="%s">%s</a></p>'
        ) % (
            move.env._("Download the document:"),
            url,
            move._get_invoice_report_filename(),
        )

    @api.model
    def _get_default_mail_attachments_widget(
        self,
        move,
        mail_template,
        invoice_edi_format=None,
        extra_edis=None,
        pdf_report=None,
    ):
        attachments = super()._get_default_mail_attachments_widget(
            move,
            mail_template,
            invoice_edi_format=invoice_edi_format,
            extra_edis=extra_edis,
            pdf_report=pdf_report,
        )
        if self._contract_portal_send_as_link(move):
            # The invoice documents go as a download link, not attached; the
            # static attachments of the mail template still go.
            attachments = [
                dict(attachment, skip=True)
                if not attachment.get("mail_template_id")
                else attachment
                for attachment in attachments
            ]
        return attachments
