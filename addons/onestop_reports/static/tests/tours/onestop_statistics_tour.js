import { registry } from "@web/core/registry";

/**
 * A manager on the period statistics of March 2026 groups them by channel, computes, and
 * clicks a figure: the list of the dossiers it counts opens.
 */
registry.category("web_tour.tours").add("onestop_reports_statistics_tour", {
    steps: () => [
        {
            content: "The table of the statistics is there, with its totals line",
            trigger: ".o_onestop_statistics_table .o_data_row.fw-bold td[name=to_handle]:contains(11)",
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
            content: "Three channels and the totals",
            trigger: ".o_onestop_statistics_table .o_data_row:nth-child(4).fw-bold",
        },
        {
            content: "Open the dossiers received online",
            trigger:
                ".o_onestop_statistics_table .o_data_row.fw-bold td[name=received_online] a.o_onestop_statistics_figure:contains(2)",
            run: "click",
        },
        {
            content: "The list shows the two dossiers received online",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
        {
            content: "and no other",
            trigger: ".o_list_view .o_list_renderer:not(:has(.o_data_row:nth-child(3)))",
        },
    ],
});
