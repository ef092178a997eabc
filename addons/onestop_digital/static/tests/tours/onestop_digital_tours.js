import { registry } from "@web/core/registry";

// The selectors use classes and data, not labels: the citizens read Vietnamese.

// A citizen submits a dossier online and reuses the identity card kept in their store
// instead of attaching it again.
registry.category("web_tour.tours").add("onestop_digital_reuse_tour", {
    steps: () => [
        {
            content: "The store's identity card is offered",
            trigger: ".o_onestop_submission_form .o_onestop_reuse .o_onestop_reuse_choice",
        },
        {
            content: "Reuse it",
            trigger: ".o_onestop_submission_form .o_onestop_reuse .o_onestop_reuse_choice",
            run: "click",
        },
        {
            content: "The card's upload is hidden, the other documents' are not",
            trigger: ".o_onestop_submission_form .o_onestop_reuse_choice:checked",
            run() {
                const line = document
                    .querySelector(".o_onestop_reuse_choice:checked")
                    .closest(".o_onestop_document_input");
                const others = document.querySelectorAll(
                    ".o_onestop_submission_form input[type=file][required]"
                );
                if (line.querySelector("input[type=file]").offsetParent !== null) {
                    throw new Error("The upload of a reused document is still shown.");
                }
                if (!others.length || [...others].some((input) => input.offsetParent === null)) {
                    throw new Error("The other mandatory uploads should be shown.");
                }
            },
        },
        {
            content: "Attach the other mandatory documents",
            trigger: ".o_onestop_submission_form .o_onestop_reuse_choice:checked",
            run() {
                const inputs = document.querySelectorAll(
                    ".o_onestop_submission_form input[type=file][required]"
                );
                inputs.forEach((input, index) => {
                    const file = new File(["%PDF-1.4\n%%EOF\n"], `giay-to-${index + 1}.pdf`, {
                        type: "application/pdf",
                    });
                    const transfer = new DataTransfer();
                    transfer.items.add(file);
                    input.files = transfer.files;
                    input.dispatchEvent(new Event("change", { bubbles: true }));
                });
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
    ],
});
