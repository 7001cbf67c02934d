/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// What the Python test prepared: one open case of this customer, owned by
// the collector who runs the tour, its first contact due today.
const CUSTOMER = "Tour Harbour Foods";
const DASHBOARDS_APP = "spreadsheet_dashboard.spreadsheet_dashboard_menu_root";

/**
 * The spreadsheet model of the dashboard on screen.  The grid is drawn on a
 * canvas: what it shows is read from the model that draws it.
 */
function shownDashboardModel() {
    const DashboardAction = registry.category("actions").get("action_spreadsheet_dashboard");
    const nodes = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (nodes.length) {
        const node = nodes.pop();
        if (node.component instanceof DashboardAction) {
            return node.component.state.activeDashboard?.model;
        }
        nodes.push(...Object.values(node.children));
    }
    throw new Error("No dashboard on screen");
}

/**
 * The text of the cells of column A, rows ``first`` to ``last`` (1-based, as
 * the sheet numbers them), once every pivot and list has its data.
 */
async function columnA(first, last) {
    const model = shownDashboardModel();
    // the spreadsheet's own helper, loaded with the Dashboards app
    const { waitForDataLoaded } = odoo.loader.modules.get("@spreadsheet/helpers/model");
    await waitForDataLoaded(model);
    const sheetId = model.getters.getActiveSheetId();
    const texts = [];
    for (let row = first - 1; row < last; row++) {
        texts.push(model.getters.getEvaluatedCell({ sheetId, col: 0, row }).formattedValue);
    }
    return texts;
}

/**
 * The steps that open the Collections dashboard and check it shows its
 * title, its filters and the prepared customer among the open cases.
 */
function dashboardSteps({ dashboardName, title, companyFilter }) {
    return [
        ...stepUtils.goToAppSteps(DASHBOARDS_APP, "Open the Dashboards app"),
        {
            content: "Open the Collections dashboard",
            trigger: `.o_spreadsheet_dashboard_search_panel li[data-name="${dashboardName}"]`,
            run: "click",
        },
        {
            content: "The dashboard is drawn",
            trigger: `.o_spreadsheet_dashboard_search_panel li.active[data-name="${dashboardName}"]`,
        },
        {
            content: "The grid is on screen",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
        },
        {
            content: "A period and a company to filter by",
            trigger: `.o_control_panel .o-filter-value input[placeholder*="${companyFilter}"]`,
        },
        {
            content: "The period filter",
            trigger: ".o_control_panel .o-filter-value select",
        },
        {
            content: "The title and the customer among the open cases",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
            async run() {
                const [shownTitle] = await columnA(1, 1);
                if (shownTitle !== title) {
                    throw new Error(`The title reads "${shownTitle}", not "${title}"`);
                }
                // "Top overdue customers: open cases", first row under its header
                const [firstCase] = await columnA(35, 35);
                if (firstCase !== CUSTOMER) {
                    throw new Error(`The first open case is "${firstCase}", not ${CUSTOMER}`);
                }
            },
        },
    ];
}

registry.category("web_tour.tours").add("ar_collections_dashboard_and_today", {
    steps: () => [
        ...dashboardSteps({
            dashboardName: "Collections",
            title: "Collections",
            companyFilter: "Company",
        }),
        ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
        {
            content: "Open the Collections menu",
            trigger: '.o_menu_sections [data-menu-xmlid="ar_overdue_management.ar_overdue_collections_menu"]',
            run: "click",
        },
        {
            content: "Open Today",
            trigger: '.dropdown-item[data-menu-xmlid="ar_overdue_management.ar_collection_today_menu"]',
            run: "click",
        },
        {
            content: "The case's card says why it needs an action today",
            trigger: `.o_kanban_record:contains(${CUSTOMER}) .o_ar_today_reasons:contains(Stage deadline reached)`,
        },
        {
            content: "Log a call from the card",
            trigger: `.o_kanban_record:contains(${CUSTOMER}) button[name=action_log_contact]`,
            run: "click",
        },
        {
            content: "Who answered",
            trigger: ".modal .o_form_view div[name=contact_name] input",
            run: "edit Ms Lin",
        },
        {
            content: "What the customer answered",
            trigger: ".modal .o_form_view div[name=answer] textarea",
            run: "edit Will pay on Friday",
        },
        {
            content: "Save the call",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The first contact is made: nothing more needs the collector today",
            trigger: ".o_kanban_view .o_view_nocontent",
        },
    ],
});

registry.category("web_tour.tours").add("ar_collections_dashboard_zh_CN", {
    steps: () =>
        dashboardSteps({
            dashboardName: "催收管理",
            title: "催收管理",
            companyFilter: "公司",
        }),
});
