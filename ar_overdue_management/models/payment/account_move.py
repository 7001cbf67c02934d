from odoo import api, models
from odoo.tools import SQL, str2bool

from ...policy import payment as payment_policy

PORTAL_PAYMENT_SWITCH = "account_payment.enable_portal_payment"


class AccountMove(models.Model):
    """The "Pay now" links of letters and statements: Odoo's portal page
    of each invoice with its access token, where ``account_payment`` offers
    the company's payment providers and reconciles what is paid."""

    _inherit = "account.move"

    def _ar_pay_links(self, partner, company):
        """``[{"invoice", "url", "qr"}]``: the moves of ``self`` that the
        customer ``partner`` pays online in ``company``, in the order of
        ``self``; none of another customer or company, none when the company
        offers no online payment.  Set-wise: the moves are read at once and
        those without an access token get one in a single UPDATE."""
        moves = self.sudo()
        if not moves or not self._ar_online_payment_offered(company):
            return []
        customer_id = partner.commercial_partner_id.id
        payable = moves.filtered(
            lambda move: payment_policy.payable_online(
                payment_policy.Invoice(
                    move.move_type,
                    move.state,
                    move.currency_id.is_zero(move.amount_residual),
                    move.commercial_partner_id.id,
                    move.company_id.id,
                ),
                customer_id,
                company.id,
            )
        )
        payable._ar_ensure_access_tokens()
        base_url = company.get_base_url()
        links = []
        for invoice in payable:
            url = base_url + invoice.get_portal_url(
                query_string=payment_policy.PAY_QUERY,
                anchor=payment_policy.PAY_ANCHOR,
            )
            links.append(
                {"invoice": invoice, "url": url, "qr": payment_policy.qr_src(url)}
            )
        return links

    def _ar_ensure_access_tokens(self):
        """Give the invoices without an access token one, in one UPDATE
        (Odoo's ``_portal_ensure_token`` writes them one by one)."""
        missing = self.filtered(lambda move: not move.access_token)
        if not missing:
            return
        self.flush_model(["access_token"])
        self.env.execute_query(
            SQL(
                """
                UPDATE account_move
                   SET access_token = gen_random_uuid()::text
                 WHERE id IN %s AND access_token IS NULL
                """,
                tuple(missing.ids),
            )
        )
        missing.invalidate_recordset(["access_token"])

    @api.model
    def _ar_online_payment_offered(self, company):
        """Whether the invoices of ``company`` are paid on their page: the
        online payment addon is installed, its portal payment switched on,
        and a provider published for the company."""
        if "payment.provider" not in self.env:
            return False
        switch = self.env["ir.config_parameter"].sudo().get_param(PORTAL_PAYMENT_SWITCH)
        providers = self.env["payment.provider"].sudo()
        count = providers.search_count(
            [
                *providers._check_company_domain(company),
                ("state", "in", ("enabled", "test")),
                ("is_published", "=", True),
            ]
        )
        return payment_policy.online_payment_offered(str2bool(switch or "0"), count)
