"""Set-up of the Sales glue tests: a salesman and his customer, quotations
made as he would, online payments as a payment provider reports them."""

from unittest import SkipTest

from credit_common import INVOICING, CreditCommon, days
from odoo import Command

SALESMAN = "sales_team.group_sale_salesman"
MANUAL = "put on hold by a credit manager (Rumours of insolvency)"

__all__ = ["MANUAL", "SALESMAN", "SaleCreditCommon", "days"]


class SaleCreditCommon(CreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.env["ir.module.module"]._get("sale").state != "installed":
            raise SkipTest("Sales is not installed: the glue addon is not either")
        cls.salesman = cls._user("ar_salesman", SALESMAN)
        cls.sales_overrider = cls._user(
            "ar_sales_overrider",
            f"{SALESMAN},ar_overdue_management.group_ar_credit_hold_override",
        )
        cls.sales_invoicer = cls._user("ar_sales_invoicer", f"{SALESMAN},{INVOICING}")
        cls.sales_manager = cls._user(
            "ar_sales_manager",
            "sales_team.group_sale_manager,ar_overdue_management.group_ar_credit_hold_override",
        )
        cls.customer = cls._customer("Harbour Foods", salesperson=cls.salesman)
        # payment processing logs on the orders in the payer's name
        cls.customer.email = "buyer@harbour-foods.example"

    def _quotation(self, amount, user=None, company=None, partner=None):
        """A quotation of one line of ``amount``, no tax, made by ``user``
        (the salesman unless told)."""
        env = self.env(user=user or self.salesman)
        return (
            env["sale.order"]
            .with_company(company or self.company)
            .create(
                {
                    "partner_id": (partner or self.customer).id,
                    "user_id": env.uid,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product_a.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def _pay_online(self, order, amount):
        """An online payment of ``amount`` for ``order``, done."""
        provider = self.env["payment.provider"].create(
            {
                "name": "Test provider",
                "code": "none",
                "state": "test",
                "company_id": self.company.id,
                "journal_id": self.company_data["default_journal_bank"].id,
            }
        )
        # where the payment of the transaction is booked
        self.env["account.payment.method.line"].create(
            {
                "name": provider.name,
                "payment_method_id": self.env.ref(
                    "account.account_payment_method_manual_in"
                ).id,
                "journal_id": provider.journal_id.id,
                "payment_provider_id": provider.id,
            }
        )
        return self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": amount,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "reference": f"{order.name}-prepayment",
                "operation": "online_direct",
                "sale_order_ids": [Command.set(order.ids)],
                "state": "done",
            }
        )

    def _use_credit_limit(self, limit):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = limit
