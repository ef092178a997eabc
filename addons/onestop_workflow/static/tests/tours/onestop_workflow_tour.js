import { registry } from "@web/core/registry";

// A specialist opens the kanban of their work, opens a dossier and forwards it to the head.
registry.category("web_tour.tours").add("onestop_workflow_forward_tour", {
    url: "/odoo/action-onestop_workflow.action_dossier_kanban",
    steps: () => [
        {
            content: "The kanban shows the specialist's dossier in its stage",
            trigger: ".o_kanban_view .o_kanban_group:contains('Appraisal') .o_kanban_record:contains('Tour Applicant')",
            run: "click",
        },
        {
            content: "The dossier opens at the appraisal step",
            trigger: ".o_form_view .o_field_widget[name=stage_id]:contains('Appraisal')",
        },
        {
            content: "Forward it",
            trigger: ".o_form_view button[name=action_open_forward]",
            run: "click",
        },
        {
            content: "The wizard proposes the next step",
            trigger: ".modal .o_field_widget[name=process_step_id]:contains('Xem xét')",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The dossier is now with the head, in review",
            trigger: ".o_form_view:not(:has(.modal)) .o_field_widget[name=stage_id]:contains('Review')",
        },
    ],
});
