import { registry } from "@web/core/registry";

// A reception officer receives a dossier at the desk: procedure, applicant, the documents
// handed in, then Receive; the dossier shows its code and appointment date. The selectors use
// field names and data, not labels: the officer reads Vietnamese.
registry.category("web_tour.tours").add("onestop_reception_tour", {
    url: "/odoo/action-onestop_base.action_dossier_new",
    steps: () => [
        {
            content: "Choose the procedure",
            trigger: ".o_form_view .o_field_widget[name=procedure_id] input",
            run: "edit Tour Procedure",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour Procedure')",
            run: "click",
        },
        {
            content: "Choose the applicant",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Tour Citizen",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour Citizen')",
            run: "click",
        },
        {
            content: "The checklist comes from the procedure: tick the form",
            trigger: ".o_field_widget[name=document_line_ids] .o_data_row:contains('Tour Form') .o_field_boolean_toggle input",
            run: "click",
        },
        {
            content: "Tick the birth certificate",
            trigger: ".o_field_widget[name=document_line_ids] .o_data_row:contains('Tour Certificate') .o_field_boolean_toggle input",
            run: "click",
        },
        {
            content: "Receive the dossier",
            trigger: ".o_form_view button[name=action_receive]",
            run: "click",
        },
        {
            content: "The dossier has its code and its appointment date",
            trigger: ".o_form_view .o_field_widget[name=name]:contains('T00.00.01.X01-')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=due_date]:not(:empty)",
        },
    ],
});
