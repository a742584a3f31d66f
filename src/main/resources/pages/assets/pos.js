// The point-of-sale terminal: keypad, then one invoice WebSocket per sale (IBEXPay style). A terminal with a currency
// types amounts in it (a decimal point, the currency's minor units) and shows the sats they come to at the current rate.
import { InvoicePanel, formatDecimal, formatRate, formatSats, wsUrl } from "./till.js";

const MAX_DIGITS = 10;
/** Whole units of a currency: up to 999,999,999 keeps the preview's msat exact in a JavaScript number. */
const MAX_FIAT_DIGITS = 9;
const RATE_EVERY_MS = 60000;
const card = document.querySelector(".pos-card");
const panel = new InvoicePanel(card.querySelector(".invoice"));
const entry = card.querySelector(".entry-amount");
const preview = card.querySelector(".entry-preview");
const note = card.querySelector(".note");
const chargeButton = card.querySelector("[data-action=charge]");
const currency = card.dataset.currency; // "" for a terminal that types satoshis
const minorUnits = Number(card.dataset.minorUnits);
let typed = ""; // digits, and in a currency with minor units at most one "." and that many decimals
let rate = null; // the terminal currency's current rate, as GET /pos/{bptId}/rate gives it; null when unknown
let sale = null; // the current sale: its socket, its invoice once created, and whether it is over

function setScreen(name) {
  card.dataset.screen = name;
}

/** The typed amount in the currency's minor units (cents), or in sats for a terminal in sats. */
function minorAmount() {
  const [whole, fraction = ""] = typed.split(".");
  return BigInt((whole || "0") + fraction.padEnd(minorUnits, "0"));
}

/** What a fiat amount comes to at the rate, rounded half up as the server converts it (FiatPrice.msat). */
function previewMsat(minor) {
  const [whole, fraction = ""] = rate.rate.split(".");
  const numerator = minor * 10n ** 11n * 10n ** BigInt(fraction.length);
  const denominator = BigInt(whole + fraction) * 10n ** BigInt(minorUnits);
  return Number((2n * numerator + denominator) / (2n * denominator));
}

function showAmount() {
  const minor = minorAmount();
  chargeButton.disabled = minor === 0n;
  if (!currency) {
    entry.textContent = formatSats(Number(minor) * 1000);
    return;
  }
  entry.textContent = formatDecimal(typed || "0");
  if (rate === null) {
    preview.textContent = "No rate for " + currency + " just now";
  } else {
    // Approximate until the invoice is made: the rate may change in between; the invoice shows the exact sats.
    preview.textContent = (minor === 0n ? "" : "≈ " + formatSats(previewMsat(minor)) + " sats · ") + formatRate(currency, rate);
  }
}

/** "007" -> "7", "0.5" stays: no leading zeros before the whole part, one "0" before a point. */
function normalized(text) {
  const [whole, ...fraction] = text.split(".");
  const trimmed = whole.replace(/^0+/, "");
  return fraction.length ? (trimmed || "0") + "." + fraction[0] : trimmed;
}

function press(key) {
  if (key === "back") {
    typed = typed.slice(0, -1);
  } else if (key === ".") {
    if (minorUnits > 0 && !typed.includes(".")) {
      typed = (typed || "0") + ".";
    }
  } else {
    const next = normalized(typed + key);
    const [whole, fraction = ""] = next.split(".");
    if (whole.length <= (currency ? MAX_FIAT_DIGITS : MAX_DIGITS) && fraction.length <= minorUnits) {
      typed = next;
    }
  }
  showAmount();
}

async function refreshRate() {
  try {
    const response = await fetch("/pos/" + encodeURIComponent(card.dataset.bptId) + "/rate", { cache: "no-store" });
    rate = response.ok ? await response.json() : null;
  } catch (unreachable) {
    rate = null;
  }
  showAmount();
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
  const minor = minorAmount();
  if (minor === 0n) {
    return;
  }
  endSale();
  setScreen("pending");
  const params = new URLSearchParams({ bpt_id: card.dataset.bptId });
  if (currency) {
    params.set("amount_fiat", typed.endsWith(".") ? typed.slice(0, -1) : typed);
    params.set("currency", currency);
  } else {
    params.set("amount_msat", String(minor * 1000n));
  }
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
  typed = "";
  note.value = "";
  showAmount();
  setScreen("keypad");
}

card.querySelectorAll("[data-key]").forEach((button) =>
  button.addEventListener("click", () => press(button.dataset.key)));
card.querySelector("[data-action=clear]").addEventListener("click", () => { typed = ""; showAmount(); });
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
  } else if (event.key === "." || event.key === ",") {
    press(".");
  } else if (event.key === "Backspace") {
    press("back");
  } else if (event.key === "Enter") {
    charge();
  } else if (event.key === "Escape") {
    typed = "";
    showAmount();
  }
});
showAmount();
if (currency) {
  refreshRate();
  setInterval(refreshRate, RATE_EVERY_MS);
}
