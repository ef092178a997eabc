import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { formatInteger } from "@web/views/fields/formatters";
import { Component } from "@odoo/owl";

/**
 * A figure of the period statistics: the number, as a link that opens the list of the
 * dossiers it counts (onestop.statistics.line.action_open_dossiers).
 */
export class StatisticsFigureField extends Component {
    static template = "onestop_reports.StatisticsFigureField";
    static props = { ...standardFieldProps };

    setup() {
        this.action = useService("action");
        this.orm = useService("orm");
    }

    get value() {
        return this.props.record.data[this.props.name] || 0;
    }

    get formattedValue() {
        return formatInteger(this.value);
    }

    async onClick() {
        const resId = this.props.record.resId;
        if (!resId) {
            return;
        }
        const action = await this.orm.call(
            this.props.record.resModel,
            "action_open_dossiers",
            [[resId], this.props.name]
        );
        await this.action.doAction(action);
    }
}

export const statisticsFigureField = {
    component: StatisticsFigureField,
    displayName: _t("Statistics figure"),
    supportedTypes: ["integer"],
};

registry.category("fields").add("onestop_statistics_figure", statisticsFigureField);
