import { registry } from "@web/core/registry";

// The selectors use classes and data, not labels: the citizens read Vietnamese.

function attachPdf(input, name) {
    // The smallest file whose first bytes say "PDF": what the portal accepts.
    const file = new File(["%PDF-1.4\n%%EOF\n"], name, { type: "application/pdf" });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// A citizen finds a procedure in the catalogue, submits it online with its documents, then
// finds the dossier in /my.
registry.category("web_tour.tours").add("onestop_portal_submit_tour", {
    url: "/onestop/procedures",
    steps: () => [
        {
            content: "Search the catalogue",
            trigger: ".o_onestop_catalogue_search input[name=search]",
            run: "edit T.000001",
        },
        {
            content: "Search",
            trigger: ".o_onestop_catalogue_search button[type=submit]",
            run: "click",
        },
        {
            content: "Open the procedure",
            trigger: ".o_onestop_procedures[data-search='T.000001'] .o_onestop_procedure[data-code='T.000001']",
            run: "click",
        },
        {
            content: "Submit it online",
            trigger: ".o_onestop_procedure_page .o_onestop_submit_online",
            run: "click",
        },
        {
            content: "The applicant's data is pre-filled",
            trigger: ".o_onestop_submission_form input[name=id_number]:value(037090004321)",
        },
        {
            content: "Attach the mandatory documents",
            trigger: ".o_onestop_submission_form input[type=file][required]",
            run() {
                const inputs = document.querySelectorAll(
                    ".o_onestop_submission_form input[type=file][required]"
                );
                inputs.forEach((input, index) => attachPdf(input, `giay-to-${index + 1}.pdf`));
            },
        },
        {
            content: "Submit the dossier",
            trigger: ".o_onestop_submission_form .o_onestop_submit",
            run: "click",
        },
        {
            content: "The dossier waits for the desk",
            trigger: ".o_onestop_dossier[data-state=draft] .o_onestop_notice",
        },
        {
            content: "Back to my dossiers",
            trigger: ".o_portal_submenu a[href^='/my/dossiers']",
            run: "click",
        },
        {
            content: "It is in the list",
            trigger: ".o_onestop_my_dossier:contains('Tour khai sinh')",
        },
    ],
});

// A visitor opens the tracking page from the QR code of a receipt.
registry.category("web_tour.tours").add("onestop_portal_tracking_tour", {
    steps: () => [
        {
            content: "The dossier's status",
            trigger: ".o_onestop_tracking[data-state=processing] .o_onestop_state",
        },
        {
            content: "Its current step",
            trigger: ".o_onestop_tracking .o_onestop_step:contains('Thẩm định')",
        },
        {
            content: "Its timeline",
            trigger: ".o_onestop_timeline .o_onestop_timeline_event[data-kind=handover]",
        },
        {
            content: "The applicant, masked",
            trigger: ".o_onestop_tracking .o_onestop_applicant:contains('T. A.')",
        },
        {
            content: "The phone, masked",
            trigger: ".o_onestop_tracking .o_onestop_phone:contains('5678')",
        },
    ],
});
