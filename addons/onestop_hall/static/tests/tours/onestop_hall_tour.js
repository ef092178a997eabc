/** @odoo-module **/
import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

/* The hall's screen receives a call through the bus: the test's counter 3 calls the next
   ticket (A001) from this page's session, and the screen shows and announces it. */
registry.category("web_tour.tours").add("onestop_hall_screen_tour", {
    url: "/onestop/hall/T00.00.01.X01",
    steps: () => [
        {
            content: "The screen is connected to the bus",
            trigger: ".o_onestop_hall_screen[data-connected='1']",
        },
        {
            content: "Nobody is called yet; A001 is next",
            trigger: ".o_onestop_hall_next .o_onestop_hall_next_number:contains('A001')",
            run: async () => {
                if (document.querySelector(".o_onestop_hall_call")) {
                    throw new Error("a number is shown as called before any call");
                }
                const ids = await rpc("/web/dataset/call_kw/onestop.counter/search", {
                    model: "onestop.counter",
                    method: "search",
                    args: [[["number", "=", 3], ["department_id.code", "=", "T00.00.01.X01"]]],
                    kwargs: {},
                });
                await rpc("/web/dataset/call_kw/onestop.counter/action_call_next", {
                    model: "onestop.counter",
                    method: "action_call_next",
                    args: [ids],
                    kwargs: {},
                });
            },
        },
        {
            content: "The call arrives through the bus and is announced",
            trigger: ".o_onestop_hall_announce[data-number='A001']:contains('Mời số A001 đến quầy số 3')",
        },
        {
            content: "A001 is at counter 3, A002 is next",
            trigger: ".o_onestop_hall_call[data-number='A001'] .counter:contains('3')",
        },
        {
            trigger: ".o_onestop_hall_next .o_onestop_hall_next_number:contains('A002')",
        },
    ],
});

/* The screen's connection is cut when the call is made (the test kills it): the screen
   reconnects by itself and shows the state as it is now. */
registry.category("web_tour.tours").add("onestop_hall_screen_reconnect_tour", {
    url: "/onestop/hall/T00.00.01.X01",
    steps: () => [
        {
            content: "The screen is connected to the bus",
            trigger: ".o_onestop_hall_screen[data-connected='1']",
            run: async () => {
                const ids = await rpc("/web/dataset/call_kw/onestop.counter/search", {
                    model: "onestop.counter",
                    method: "search",
                    args: [[["number", "=", 3], ["department_id.code", "=", "T00.00.01.X01"]]],
                    kwargs: {},
                });
                await rpc("/web/dataset/call_kw/onestop.counter/action_call_next", {
                    model: "onestop.counter",
                    method: "action_call_next",
                    args: [ids],
                    kwargs: {},
                });
            },
        },
        {
            content: "The connection came back",
            trigger: ".o_onestop_hall_screen[data-reconnects='1'][data-connected='1']",
        },
        {
            content: "The screen shows the call made while it was cut off",
            trigger: ".o_onestop_hall_call[data-number='A001'] .counter:contains('3')",
        },
        {
            trigger: ".o_onestop_hall_next .o_onestop_hall_next_number:contains('A002')",
        },
    ],
});
