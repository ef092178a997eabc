import { registry } from "@web/core/registry";

/**
 * A manager opens the period statistics, computes the test period and clicks a figure: the
 * list of the dossiers it counts opens.
 */
registry.category("web_tour.tours").add("onestop_reports_statistics_tour", {
    steps: () => [
        {
            content: "The statistics screen is open with its table",
            trigger: ".o_onestop_statistics_table .o_data_row",
        },
        {
            content: "Choose a custom period",
            trigger: ".o_field_widget[name=period_type] input[data-value=custom]",
            run: "click",
        },
        {
            content: "Start on 1 March 2026",
            trigger: ".o_field_widget[name=date_from] input",
            run: "edit 03/01/2026",
        },
        {
            content: "End on 31 March 2026",
            trigger: ".o_field_widget[name=date_to] input",
            run: "edit 03/31/2026",
        },
        {
            content: "Group by channel",
            trigger: ".o_field_widget[name=groupby] select",
            run: 'select "channel"',
        },
        {
            content: "Compute",
            trigger: "button[name=action_compute]",
            run: "click",
        },
        {
            content: "Open the dossiers received online",
            trigger:
                ".o_onestop_statistics_table .o_data_row:first td[name=received_online] a.o_onestop_statistics_figure:contains(2)",
            run: "click",
        },
        {
            content: "The list shows the two dossiers received online",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
        {
            content: "and no other",
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(3)))",
        },
    ],
});
