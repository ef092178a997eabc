/** @odoo-module **/
/* The hall's screen: its state arrives through the bus (websocket) on the desk's public
   channel, never by polling; each call is spoken in Vietnamese. When the connection comes
   back after a loss, the screen asks once for the current state. */
import publicWidget from "@web/legacy/js/public/public_widget";

const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/** "A012" -> "A, không, một, hai": numbers read out one sign at a time, as halls do. */
export function spokenNumber(number) {
    return Array.from(number || "")
        .map((sign) => (/\d/.test(sign) ? DIGITS[Number(sign)] : sign))
        .join(", ");
}

/** The sentence of a call: "Mời số A012 đến quầy số 3". */
export function callSentence(number, counter) {
    return `Mời số ${number} đến quầy số ${counter}`;
}

export function speak(number, counter) {
    const synthesis = window.speechSynthesis;
    if (!synthesis || !window.SpeechSynthesisUtterance) {
        return false;
    }
    const utterance = new window.SpeechSynthesisUtterance(
        `Mời số ${spokenNumber(number)} đến quầy số ${counter}`
    );
    utterance.lang = "vi-VN";
    const voice = synthesis.getVoices().find((v) => (v.lang || "").toLowerCase().startsWith("vi"));
    if (voice) {
        utterance.voice = voice;
    }
    utterance.rate = 0.9;
    synthesis.speak(utterance);
    return true;
}

publicWidget.registry.OnestopHallScreen = publicWidget.Widget.extend({
    selector: ".o_onestop_hall_screen",

    start() {
        this.channel = this.el.dataset.channel;
        this.stateUrl = this.el.dataset.stateUrl;
        this.bus = this.bindService("bus_service");
        this.bus.subscribe("onestop_hall/update", (payload) => this._onUpdate(payload));
        this.bus.addEventListener("connect", () => this._onConnected(false));
        this.bus.addEventListener("reconnect", () => this._onConnected(true));
        this.bus.addEventListener("disconnect", () => this._setConnected(false));
        this.bus.addChannel(this.channel);
        return this._super(...arguments);
    },

    _setConnected(connected) {
        this.el.dataset.connected = connected ? "1" : "0";
    },

    async _onConnected(again) {
        this._setConnected(true);
        if (again) {
            this.el.dataset.reconnects = String(Number(this.el.dataset.reconnects || 0) + 1);
            // Calls made while the screen was cut off: show the state as it is now.
            const response = await fetch(this.stateUrl, { cache: "no-store" });
            if (response.ok) {
                this._render(await response.json());
            }
        }
    },

    _onUpdate(payload) {
        this._render(payload);
        if (payload.announce) {
            const { number, counter } = payload.announce;
            const banner = this.el.querySelector(".o_onestop_hall_announce");
            banner.textContent = callSentence(number, counter);
            banner.dataset.number = number;
            speak(number, counter);
        }
    },

    _render(state) {
        const called = this.el.querySelector(".o_onestop_hall_called");
        called.replaceChildren(
            ...state.called.map((item) => {
                const row = document.createElement("div");
                row.className = "o_onestop_hall_call";
                row.dataset.number = item.number;
                row.dataset.state = item.state;
                const number = document.createElement("span");
                number.className = "number";
                number.textContent = item.number;
                const counter = document.createElement("span");
                counter.className = "counter";
                counter.textContent = item.counter;
                row.append(number, counter);
                return row;
            })
        );
        const next = this.el.querySelector(".o_onestop_hall_next");
        next.replaceChildren(
            ...state.next.map((number) => {
                const item = document.createElement("span");
                item.className = "o_onestop_hall_next_number";
                item.textContent = number;
                return item;
            })
        );
        for (const service of state.services) {
            const cell = this.el.querySelector(
                `.o_onestop_hall_waiting[data-letter="${service.letter}"]`
            );
            if (cell) {
                cell.textContent = service.waiting;
            }
        }
    },
});
