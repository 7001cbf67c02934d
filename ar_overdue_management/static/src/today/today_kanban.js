/** @odoo-module **/
// The Today screen: Odoo's kanban of cases, with the collector's figures of
// the month above the cards.
import {onWillStart, useState} from "@odoo/owl";
import {KanbanRenderer} from "@web/views/kanban/kanban_renderer";
import {kanbanView} from "@web/views/kanban/kanban_view";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

export class ArTodayKanbanRenderer extends KanbanRenderer {
    static template = "ar_overdue_management.TodayKanbanRenderer";

    setup() {
        super.setup();
        this.orm = useService("orm");
        this.figures = useState({loaded: false});
        onWillStart(async () => {
            const figures = await this.orm.call("ar.collection.case", "today_figures", []);
            Object.assign(this.figures, figures, {loaded: true});
        });
    }
}

export const arTodayKanbanView = {...kanbanView, Renderer: ArTodayKanbanRenderer};

registry.category("views").add("ar_today_kanban", arTodayKanbanView);
