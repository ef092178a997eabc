import { registry } from "@web/core/registry";

// A specialist opens the kanban of their work, opens a dossier and forwards it to the head.
// The selectors use names and data, not labels: the demo users read Vietnamese.
registry.category("web_tour.tours").add("onestop_workflow_forward_tour", {
    url: "/odoo/action-onestop_workflow.action_dossier_kanban",
    steps: () => [
        {
            content: "The kanban, grouped by stage, shows the specialist's dossier",
            trigger: ".o_kanban_view .o_kanban_group .o_kanban_record:contains('Tour Applicant')",
            run: "hover && click .o_kanban_record:contains('Tour Applicant') .o_dropdown_kanban .dropdown-toggle",
        },
        {
            content: "The card's menu offers the dossier's actions",
            trigger: ".o-dropdown--menu .dropdown-item:eq(6)",
            run: "press Escape",
        },
        {
            content: "Open the dossier",
            trigger: ".o_kanban_view .o_kanban_group .o_kanban_record:contains('Tour Applicant')",
            run: "click",
        },
        {
            content: "The dossier opens, held by the specialist",
            trigger: ".o_form_view .o_field_widget[name=user_id]:contains('Tour Specialist')",
        },
        {
            content: "Forward it",
            trigger: ".o_form_view button[name=action_open_forward]",
            run: "click",
        },
        {
            content: "The wizard proposes the next step of the process",
            trigger: ".modal .o_field_widget[name=process_step_id]:contains('Xem xét')",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The dossier is now with the head",
            trigger: ".o_form_view:not(:has(.modal)) .o_field_widget[name=user_id]:contains('Tour Head')",
        },
    ],
});
