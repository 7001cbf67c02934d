/** @odoo-module **/

import { registry } from "@web/core/registry";

// The customer opens its statement from the e-mail's link, follows "Pay now"
// of the 450.00 invoice and pays it on the invoice's page with Odoo's demo
// payment provider.
registry.category("web_tour.tours").add("ar_pay_from_statement", {
    steps: () => [
        {
            content: "Pay now of the 450.00 invoice",
            trigger: "tr.o_ar_pay_row:contains(450.00) a.o_ar_pay_now",
            run: "click",
        },
        {
            content: "The invoice's page opens on its payment dialog",
            trigger: "#pay_with.show .o_payment_form",
        },
        {
            content: "Choose the demo provider",
            trigger: '#pay_with input[name="o_payment_radio"][data-payment-method-code="demo"]',
            run: "click",
        },
        {
            content: "Give test card details",
            trigger: '#pay_with input[name="customer_input"]',
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: '#pay_with button[name="o_payment_submit_button"]:not(:disabled)',
            run: "click",
        },
        {
            content: "Back on the invoice's page, the invoice is paid",
            trigger: ".badge.text-bg-success:contains(Paid)",
            timeout: 30000,
        },
    ],
});
