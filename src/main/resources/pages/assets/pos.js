// The point-of-sale terminal: keypad, then one invoice WebSocket per sale (IBEXPay style).
import { InvoicePanel, formatSats, wsUrl } from "./till.js";

const MAX_DIGITS = 10;
const card = document.querySelector(".pos-card");
const panel = new InvoicePanel(card.querySelector(".invoice"));
const entry = card.querySelector(".entry-sats");
const note = card.querySelector(".note");
const chargeButton = card.querySelector("[data-action=charge]");
let digits = "";
let sale = null; // the current sale: its socket, its invoice once created, and whether it is over

function setScreen(name) {
  card.dataset.screen = name;
}

function showDigits() {
  entry.textContent = formatSats(Number(digits || "0") * 1000);
  chargeButton.disabled = Number(digits || "0") === 0;
}

function press(key) {
  if (key === "back") {
    digits = digits.slice(0, -1);
  } else if ((digits + key).replace(/^0+/, "").length <= MAX_DIGITS) {
    digits = (digits + key).replace(/^0+/, "");
  }
  showDigits();
}

function showError(message) {
  card.querySelector(".error-message").textContent = message;
  setScreen("error");
}

function endSale() {
  if (sale) {
    const ended = sale;
    sale = null;
    ended.socket.close();
  }
  panel.stop();
}

function charge() {
  const sats = Number(digits || "0");
  if (sats === 0) {
    return;
  }
  endSale();
  setScreen("pending");
  const params = new URLSearchParams({ bpt_id: card.dataset.bptId, amount_msat: String(sats * 1000) });
  const tag = note.value.trim();
  if (tag) {
    params.set("tag", tag);
  }
  if (card.dataset.expiration) {
    params.set("expiration", card.dataset.expiration);
  }
  const current = { socket: new WebSocket(wsUrl("/invoice/add?" + params)), invoice: null, over: false };
  sale = current;
  current.socket.onmessage = (event) => {
    if (sale !== current) {
      return;
    }
    const message = JSON.parse(event.data);
    if (message.error) {
      current.over = true;
      showError(message.error);
    } else if (!current.invoice) {
      current.invoice = message;
      panel.fill(message);
      panel.startCountdown();
      setScreen("invoice");
    } else {
      current.over = true;
      panel.setStatus(message.status, message.settledAtUtc);
    }
  };
  current.socket.onclose = () => {
    if (sale !== current || current.over) {
      return;
    }
    if (current.invoice) {
      panel.follow(); // the socket dropped before the outcome: the public status socket tells it instead
    } else {
      showError("Till could not be reached. Check the connection and try again.");
    }
  };
}

function newSale() {
  endSale();
  digits = "";
  note.value = "";
  showDigits();
  setScreen("keypad");
}

card.querySelectorAll("[data-key]").forEach((button) =>
  button.addEventListener("click", () => press(button.dataset.key)));
card.querySelector("[data-action=clear]").addEventListener("click", () => { digits = ""; showDigits(); });
chargeButton.addEventListener("click", charge);
card.querySelectorAll("[data-action=retry]").forEach((button) => button.addEventListener("click", charge));
card.querySelectorAll("[data-action=new-sale]").forEach((button) => button.addEventListener("click", newSale));

// A tablet with a keyboard: digits, Backspace, Enter to charge, Escape to clear (not while typing a note).
document.addEventListener("keydown", (event) => {
  if (card.dataset.screen !== "keypad" || event.target === note) {
    return;
  }
  if (/^[0-9]$/.test(event.key)) {
    press(event.key);
  } else if (event.key === "Backspace") {
    press("back");
  } else if (event.key === "Enter") {
    charge();
  } else if (event.key === "Escape") {
    digits = "";
    showDigits();
  }
});
showDigits();
