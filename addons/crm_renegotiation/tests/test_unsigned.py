# Copyright 2026 Postsale Contract Ops
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tools.sms_api import SmsApi

from .common import RenegotiationCommon

# Started and sent on 2027-03-10: the template's 7 days make the signing
# deadline 2027-03-17; the company reminds 2 days before it, on 2027-03-15.
SENT_ON = "2027-03-10 09:00:00"
DEADLINE = date(2027, 3, 17)


class TestUnsignedContracts(MockEmail, RenegotiationCommon):
    """Unsigned renegotiation contracts: one reminder by e-mail and SMS
    before the signing deadline, expiry once it has passed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"renegotiation_reminder_days": 2, "renegotiation_expire_unsigned": True}
        )
        cls.initial_stage = cls.ticket.stage_id

    def setUp(self):
        super().setUp()
        self.progress = []
        with freeze_time(SENT_ON):
            self.renegotiation = self._start(20, 90.0)
            self.order = self.renegotiation.order_id
            self.order.action_renegotiation_send()

    def _run_cron(self, day, batch_size=100, time_left=None):
        """The daily job on ``day`` (morning), with e-mail and SMS mocked at
        their gateways; returns the e-mails and the SMS queued for the
        signatory. The job's progress commits are recorded, not made;
        ``time_left``: what they answer in turn (default: all the time)."""
        time_left = list(time_left or [])

        def commit_progress(cron, processed=0, *, remaining=None, deactivate=False):
            self.progress.append((processed, remaining))
            return time_left.pop(0) if time_left else float("inf")

        sms_model = self.env["sms.sms"].sudo()
        sms_before = sms_model.search([])
        with (
            freeze_time(f"{day} 05:00:00"),
            self.mock_mail_gateway(),
            patch.object(SmsApi, "_contact_iap") as sms_gateway,
            patch.object(
                self.env.registry["ir.cron"], "_commit_progress", commit_progress
            ),
        ):
            self.env["crm.renegotiation"]._cron_process_unsigned(batch_size=batch_size)
        self.assertFalse(sms_gateway.called, "SMS are queued, not sent at once")
        mails = self._new_mails.filtered(lambda m: self.signatory in m.recipient_ids)
        sms = (sms_model.search([]) - sms_before).filtered(
            lambda s: s.partner_id == self.signatory
        )
        return mails, sms

    def _ticket_notes(self, text):
        return self.ticket.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_sending_records_the_ticket_stage(self):
        self.assertEqual(self.order.validity_date, DEADLINE)
        self.assertEqual(self.ticket.stage_id, self.sent_stage)
        self.assertEqual(
            self.renegotiation.ticket_stage_before_sent_id, self.initial_stage
        )
        # sent again: the stage before the first sending is kept
        self.order.action_renegotiation_send()
        self.assertEqual(
            self.renegotiation.ticket_stage_before_sent_id, self.initial_stage
        )

    def test_no_reminder_the_day_before_the_threshold(self):
        mails, sms = self._run_cron("2027-03-14")
        self.assertFalse(mails)
        self.assertFalse(sms)
        self.assertFalse(self.renegotiation.date_reminded)

    def test_one_reminder_on_the_threshold(self):
        mails, sms = self._run_cron("2027-03-15")
        self.assertEqual(len(mails), 1)
        self.assertIn(self.order.name, mails.subject)
        self.assertIn("03/17/2027", mails.subject)
        self.assertIn(self.order.get_portal_url(), str(mails.body_html))
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing")
        self.assertIn(self.order.get_portal_url(), sms.body)
        self.assertIn("03/17/2027", sms.body)
        sms_message = sms.mail_message_id
        self.assertEqual(sms_message.author_id, self.sender.partner_id)
        self.assertEqual(self.renegotiation.date_reminded.date(), date(2027, 3, 15))
        # the quotation waits for the signature still
        self.assertEqual(self.order.state, "sent")
        self.assertEqual(self.renegotiation.state, "sent")

    def test_rerun_sends_nothing(self):
        self._run_cron("2027-03-15")
        for day in ("2027-03-15", "2027-03-16", "2027-03-17"):
            with self.subTest(day=day):
                mails, sms = self._run_cron(day)
                self.assertFalse(mails)
                self.assertFalse(sms)

    def test_missed_threshold_is_caught_up_until_the_deadline(self):
        mails, sms = self._run_cron("2027-03-17")
        self.assertEqual((len(mails), len(sms)), (1, 1))
        self.assertEqual(self.order.state, "sent")

    def test_deadline_day_can_still_be_signed(self):
        self._run_cron("2027-03-17")
        self.assertEqual(self.order.state, "sent")
        self.assertEqual(self.renegotiation.state, "sent")
        self.assertEqual(self.ticket.stage_id, self.sent_stage)

    def test_expires_once_the_deadline_has_passed(self):
        mails, sms = self._run_cron("2027-03-18")
        self.assertFalse(mails, "no reminder of an expired contract")
        self.assertFalse(sms)
        self.assertEqual(self.order.state, "cancel")
        self.assertEqual(self.renegotiation.state, "cancel")
        self.assertEqual(self.renegotiation.date_expired, date(2027, 3, 18))
        self.assertEqual(self.ticket.stage_id, self.initial_stage)
        note = self._ticket_notes("expired unsigned")
        self.assertEqual(len(note), 1)
        self.assertIn(self.order.name, note.body)
        self.assertIn("03/17/2027", note.body)
        self.assertIn(self.initial_stage.name, note.body)
        self.assertTrue(note.subtype_id.internal)
        # one note: the cancellation does not add its own
        self.assertFalse(self._ticket_notes("was cancelled"))
        self.assertTrue(
            self.renegotiation.lead_id.message_ids.filtered(
                lambda m: "expired unsigned" in (m.body or "")
            )
        )
        # rerun: nothing more
        self._run_cron("2027-03-19")
        self.assertEqual(len(self._ticket_notes("expired unsigned")), 1)

    def test_ticket_moved_since_stays_where_it_is(self):
        other_stage = self.env["helpdesk.ticket.stage"].create(
            {"name": "Waiting for the customer"}
        )
        self.ticket.stage_id = other_stage
        self._run_cron("2027-03-18")
        self.assertEqual(self.order.state, "cancel")
        self.assertEqual(self.ticket.stage_id, other_stage)
        note = self._ticket_notes("expired unsigned")
        self.assertEqual(len(note), 1)
        self.assertNotIn("back in the stage", note.body)

    def test_signed_contract_untouched(self):
        self.order.action_confirm()
        self.assertEqual(self.renegotiation.state, "applied")
        for day in ("2027-03-15", "2027-03-18"):
            with self.subTest(day=day):
                mails, sms = self._run_cron(day)
                self.assertFalse(mails)
                self.assertFalse(sms)
        self.assertEqual(self.order.state, "sale")
        self.assertEqual(self.renegotiation.state, "applied")
        self.assertFalse(self.renegotiation.date_reminded)
        self.assertFalse(self.renegotiation.date_expired)

    def test_cancelled_contract_untouched(self):
        self.order._action_cancel()
        notes = len(self.ticket.message_ids)
        for day in ("2027-03-15", "2027-03-18"):
            with self.subTest(day=day):
                mails, sms = self._run_cron(day)
                self.assertFalse(mails)
                self.assertFalse(sms)
        self.assertFalse(self.renegotiation.date_expired)
        self.assertEqual(len(self.ticket.message_ids), notes)

    def test_contract_never_sent_untouched(self):
        with freeze_time(SENT_ON):
            draft = self._start(21, 90.0)
        self._run_cron("2027-03-15")
        self._run_cron("2027-03-18")
        self.assertFalse(draft.date_reminded)
        self.assertEqual(draft.order_id.state, "draft")
        self.assertEqual(draft.state, "draft")

    def test_settings_turn_reminder_and_expiry_off(self):
        self.company.write(
            {"renegotiation_reminder_days": 0, "renegotiation_expire_unsigned": False}
        )
        mails, sms = self._run_cron("2027-03-17")
        self.assertFalse(mails)
        self.assertFalse(sms)
        self._run_cron("2027-03-18")
        self.assertEqual(self.order.state, "sent")
        self.assertEqual(self.renegotiation.state, "sent")

    def test_reminder_days_follow_the_setting(self):
        self.company.renegotiation_reminder_days = 5
        self.assertFalse(self._run_cron("2027-03-11")[0])
        self.assertEqual(len(self._run_cron("2027-03-12")[0]), 1)

    def test_reminder_cannot_be_after_the_deadline(self):
        with self.assertRaises(ValidationError):
            self.company.renegotiation_reminder_days = -1

    def test_other_company_settings_apply_to_its_contracts(self):
        other = self.env["res.company"].create(
            {"name": "Other company", "renegotiation_reminder_days": 10}
        )
        with freeze_time("2027-03-12"):
            self.assertFalse(
                self.env["crm.renegotiation"].search(
                    other._get_renegotiation_reminder_domain(date(2027, 3, 12))
                )
            )
            self.assertFalse(
                self.env["crm.renegotiation"].search(
                    self.company._get_renegotiation_reminder_domain(date(2027, 3, 12))
                )
            )
        self.company.renegotiation_reminder_days = 10
        self.assertEqual(
            self.env["crm.renegotiation"].search(
                self.company._get_renegotiation_reminder_domain(date(2027, 3, 12))
            ),
            self.renegotiation,
        )

    def test_batches_and_one_failure(self):
        """Batch by batch, with the progress reported; a renegotiation that
        fails is noted on its quotation and does not stop the others."""
        with freeze_time(SENT_ON):
            second = self._start(21, 90.0)
            second.order_id.action_renegotiation_send()
        Renegotiation = self.env.registry["crm.renegotiation"]
        send_reminder = Renegotiation._send_reminder
        failing = self.renegotiation

        def send_or_fail(renegotiation):
            if renegotiation == failing:
                raise ValueError("no route to the SMS provider")
            return send_reminder(renegotiation)

        with (
            patch.object(Renegotiation, "_send_reminder", send_or_fail),
            mute_logger("odoo.addons.crm_renegotiation.models.crm_renegotiation"),
        ):
            mails, sms = self._run_cron("2027-03-15", batch_size=1)
        self.assertEqual(self.progress, [(1, 1), (1, 0)])
        self.assertTrue(second.date_reminded)
        self.assertFalse(self.renegotiation.date_reminded)
        self.assertEqual((len(mails), len(sms)), (1, 1))
        self.assertTrue(
            self.order.message_ids.filtered(
                lambda m: "no route to the SMS provider" in (m.body or "")
            )
        )
        # tried again the next day
        mails, sms = self._run_cron("2027-03-16")
        self.assertTrue(self.renegotiation.date_reminded)
        self.assertEqual((len(mails), len(sms)), (1, 1))

    def test_out_of_time_runs_again_at_once(self):
        """A run out of time stops after its batch and says work is left,
        so that the scheduler runs it again at once; nothing is done twice."""
        with freeze_time(SENT_ON):
            second = self._start(21, 90.0)
            second.order_id.action_renegotiation_send()
        mails, _sms = self._run_cron("2027-03-15", batch_size=1, time_left=[0])
        self.assertEqual(self.progress, [(1, 1), (0, 1)])
        self.assertEqual(len(mails), 1)
        self.progress.clear()
        mails, _sms = self._run_cron("2027-03-15", batch_size=1)
        self.assertEqual(self.progress, [(1, 0)])
        self.assertEqual(len(mails), 1)
        self.assertTrue(self.renegotiation.date_reminded)
        self.assertTrue(second.date_reminded)
