// The checkout page: the server rendered the invoice; this keeps it live.
import { InvoicePanel, formatSats } from "./till.js";

const root = document.querySelector(".invoice");
const panel = new InvoicePanel(root);
const settled = document.querySelector(".settled-at");
if (settled.dateTime) {
  panel.setStatus(panel.status, settled.dateTime); // shows the server's UTC time in the payer's own time zone
}

const ways = root.querySelector(".ways");
if (ways) {
  showTabs(ways);
}
const simulateBox = root.querySelector(".simulate-box");
if (simulateBox) {
  simulateBox.querySelectorAll("[data-action=simulate-onchain]").forEach((button) =>
    button.addEventListener("click", () => simulateOnchain(button, simulateBox.dataset.address)));
}

if (panel.status !== "paid" && panel.status !== "refunded") {
  // An expired invoice too: a late payment still turns it paid.
  panel.follow((message) => {
    if (ways && ["processing", "underpaid", "refunded"].includes(message.status)) {
      refreshOnchain();
    }
  });
}

/** The views as tabs (without this script they are shown one after the other, each under its heading). */
function showTabs(container) {
  const tabs = [...container.querySelectorAll("[role=tab]")];
  const select = (tab) => {
    container.dataset.way = tab.dataset.way;
    tabs.forEach((t) => {
      const selected = t === tab;
      t.setAttribute("aria-selected", String(selected));
      t.tabIndex = selected ? 0 : -1;
    });
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (step !== 0) {
        const next = tabs[(i + step + tabs.length) % tabs.length];
        select(next);
        next.focus();
      }
    });
  });
  // The server chose the view to open on (the unified QR code, or Lightning for ?ln=1).
  select(tabs.find((tab) => tab.dataset.way === container.dataset.way) || tabs[0]);
  container.querySelector("[role=tablist]").hidden = false;
  container.classList.add("tabbed");
}

/** What an on-chain status needs beyond the socket's message: what is still missing, the refund's txid. */
async function refreshOnchain() {
  const hash = root.dataset.hash;
  try {
    const response = await fetch("/checkout/" + encodeURIComponent(hash) + "/state", { cache: "no-store" });
    if (!response.ok) {
      return;
    }
    const state = await response.json();
    if (state.missingSat > 0) {
      root.querySelectorAll(".missing-sats").forEach((e) => { e.textContent = formatSats(state.missingSat * 1000); });
      const btc = (state.missingSat / 1e8).toFixed(8).replace(/0+$/, "").replace(/\.$/, "");
      root.querySelector(".onchain-amount").value = btc;
      const address = root.querySelector(".onchain-address").value;
      root.querySelector(".onchain-link").href = "bitcoin:" + address + "?amount=" + btc;
      root.querySelector(".onchain-qr").src = "/checkout/" + encodeURIComponent(hash) + "/qr/onchain.svg?sats=" + state.missingSat;
    }
    if (state.refundTxid) {
      root.querySelector(".refund-txid").textContent = state.refundTxid;
    }
  } catch (unreachable) {
    // The next status message tries again.
  }
}

/** The simulated payer sends bitcoin to the charge's address (all that is missing, or half of it), then mines a block. */
async function simulateOnchain(button, address) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = "Sending…";
  try {
    const state = await (await fetch("/checkout/" + encodeURIComponent(root.dataset.hash) + "/state", { cache: "no-store" })).json();
    const due = state.missingSat > 0 ? state.missingSat : Number(simulateBox.dataset.amountSat);
    const amountSat = button.dataset.part === "half" ? Math.max(1, Math.floor(due / 2)) : due;
    const post = (path, body) => fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const sent = await post("/simulator/onchain/send", { address, amountSat });
    const mined = sent.ok && await post("/simulator/onchain/mine", { blocks: 1 });
    button.textContent = mined && mined.ok ? label : "Simulation refused";
  } catch (unreachable) {
    button.textContent = "Simulation failed";
  } finally {
    button.disabled = false;
  }
}
