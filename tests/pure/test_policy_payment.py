"""Which invoices a letter or a statement offers to pay online, and the QR
code of a link."""

from urllib.parse import parse_qs, urlsplit

from policy.payment import Invoice, online_payment_offered, payable_online, qr_src

CUSTOMER, COMPANY = 7, 1


def invoice(**changes):
    values = {
        "move_type": "out_invoice",
        "state": "posted",
        "nothing_left": False,
        "customer_id": CUSTOMER,
        "company_id": COMPANY,
    }
    return Invoice(**{**values, **changes})


def test_an_open_posted_invoice_of_the_customer_is_paid_online():
    assert payable_online(invoice(), CUSTOMER, COMPANY)


def test_a_credit_note_never():
    assert not payable_online(invoice(move_type="out_refund"), CUSTOMER, COMPANY)
    assert not payable_online(invoice(move_type="entry"), CUSTOMER, COMPANY)


def test_a_draft_cancelled_or_paid_invoice_never():
    assert not payable_online(invoice(state="draft"), CUSTOMER, COMPANY)
    assert not payable_online(invoice(state="cancel"), CUSTOMER, COMPANY)
    assert not payable_online(invoice(nothing_left=True), CUSTOMER, COMPANY)


def test_another_customers_or_companys_invoice_never():
    assert not payable_online(invoice(customer_id=8), CUSTOMER, COMPANY)
    assert not payable_online(invoice(company_id=2), CUSTOMER, COMPANY)


def test_offered_only_with_the_switch_on_and_a_provider():
    assert online_payment_offered(True, 1)
    assert not online_payment_offered(True, 0)
    assert not online_payment_offered(False, 2)


def test_qr_code_of_a_link_on_odoos_barcode_route():
    url = "https://erp.example/my/invoices/5?access_token=a-b&payment=True#portal_pay"
    src = qr_src(url, size=100)
    parts = urlsplit(src)
    assert parts.path == "/report/barcode/"
    assert parse_qs(parts.query) == {
        "barcode_type": ["QR"],
        "value": [url],
        "width": ["100"],
        "height": ["100"],
    }
