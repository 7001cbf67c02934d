/** @odoo-module **/

import { registry } from "@web/core/registry";

// The customer opens its statement from the e-mail's link and answers it.
registry.category("web_tour.tours").add("ar_statement_portal_confirm", {
    steps: () => [
        {
            content: "The statement shows its closing balance",
            trigger: ".o_ar_statement_closing:contains(920.00)",
        },
        {
            content: "Give a name",
            trigger: "#ar_statement_name",
            run: "edit Ms Chen",
        },
        {
            content: "Confirm the balance",
            trigger: "button.o_ar_statement_confirm",
            run: "click",
        },
        {
            content: "The page thanks for the confirmation",
            trigger: ".o_ar_statement_answered.alert-success:contains(Ms Chen)",
        },
    ],
});

registry.category("web_tour.tours").add("ar_statement_portal_dispute", {
    steps: () => [
        {
            content: "Disputing needs a comment: try without one",
            trigger: "tr.o_ar_statement_line:contains(INV/) input[type=checkbox]",
            run: "click",
        },
        {
            content: "Give a name",
            trigger: "#ar_statement_name",
            run: "edit Mr Wang",
        },
        {
            content: "Dispute without a comment",
            trigger: "button.o_ar_statement_dispute",
            run: "click",
        },
        {
            content: "The page says what is missing",
            trigger: ".o_ar_statement_error:contains(Say what is wrong)",
        },
        {
            content: "Tick the invoice again",
            trigger: "tr.o_ar_statement_line:contains(INV/) input[type=checkbox]",
            run: "click",
        },
        {
            content: "Name again",
            trigger: "#ar_statement_name",
            run: "edit Mr Wang",
        },
        {
            content: "Say what is wrong",
            trigger: "#ar_statement_comment",
            run: "edit Only 450 delivered",
        },
        {
            content: "Dispute the ticked line",
            trigger: "button.o_ar_statement_dispute",
            run: "click",
        },
        {
            content: "The page records the dispute",
            trigger: ".o_ar_statement_answered.alert-warning:contains(Only 450 delivered)",
        },
        {
            content: "The disputed line is highlighted",
            trigger: "tr.o_ar_statement_line.table-warning:contains(INV/)",
        },
    ],
});
