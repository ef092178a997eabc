/** @odoo-module **/
import { registry } from "@web/core/registry";

/* The officer at counter 2: call the next number (B001, taken at the kiosk), receive its
   dossier from the prefilled form, and finish the ticket. */
registry.category("web_tour.tours").add("onestop_hall_counter_tour", {
    steps: () => [
        {
            content: "Call the next number",
            trigger: ".o_form_view button[name='action_call_next']",
            run: "click",
        },
        {
            content: "B001 is called at this counter",
            trigger: ".o_field_widget[name='current_ticket_id']:contains('B001')",
        },
        {
            content: "Receive a dossier from the ticket",
            trigger: ".o_form_view button[name='action_receive_dossier']",
            run: "click",
        },
        {
            content: "The new dossier links to the ticket, procedure and applicant prefilled",
            trigger: ".o_field_widget[name='ticket_id'] input:value('B001')",
        },
        {
            trigger: ".o_field_widget[name='partner_id'] input:value('Nguyễn Văn Thử')",
        },
        {
            trigger: ".o_field_widget[name='procedure_id'] input:value('Cấp giấy phép xây dựng (thử)')",
        },
        {
            content: "Receive it",
            trigger: ".o_form_view button[name='action_receive']",
            run: "click",
        },
        {
            content: "The dossier has its code",
            trigger: ".o_field_widget[name='name']:contains('T00.00.01.X01-')",
        },
    ],
});
