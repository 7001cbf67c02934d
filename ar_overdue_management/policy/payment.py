"""Paying from a letter or a statement: which invoices get a "Pay now"
link, and the QR code of a link.  Plain functions, no Odoo.

The link is Odoo's own portal page of the invoice with its access token,
the page Odoo's invoice e-mail leads to, opened on its payment dialog; the
payment there goes through the company's payment providers and Odoo
reconciles it with the invoice."""

from typing import NamedTuple
from urllib.parse import urlencode

#: the invoice page opens its payment dialog (Odoo's own payment links do)
PAY_QUERY = "&payment=True"
PAY_ANCHOR = "portal_pay"
#: side of the QR code on a PDF, in pixels
QR_SIZE = 120


class Invoice(NamedTuple):
    """What decides whether an invoice is paid online from a document."""

    move_type: str
    state: str
    nothing_left: bool  # its open amount is zero in its currency
    customer_id: int  # commercial partner
    company_id: int


def payable_online(invoice, customer_id, company_id):
    """Whether the customer ``customer_id`` pays ``invoice`` online from a
    document of ``company_id``: a posted customer invoice of that customer
    and company with something left to pay.  A credit note never, nor a
    draft, a cancelled or a paid invoice, nor another customer's."""
    return (
        invoice.move_type == "out_invoice"
        and invoice.state == "posted"
        and not invoice.nothing_left
        and invoice.customer_id == customer_id
        and invoice.company_id == company_id
    )


def online_payment_offered(portal_payment_on, providers):
    """Whether a company's customers can pay on an invoice's page: Odoo's
    portal payment switch is on and the company has a published provider
    (without one the page would offer a dialog with nothing to choose)."""
    return bool(portal_payment_on) and providers > 0


def qr_src(url, size=QR_SIZE):
    """The address of the QR code of ``url`` on Odoo's barcode route, as
    Odoo's own reports draw theirs."""
    params = {"barcode_type": "QR", "value": url, "width": size, "height": size}
    return "/report/barcode/?" + urlencode(params)
