// What the checkout and point-of-sale pages share: the invoice panel and the live status. No build step.

const grouping = new Intl.NumberFormat("en-US");

export function wsUrl(path) {
  return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
}

/** 1234000 -> "1,234"; 1500 -> "1.5" (as the server renders it). */
export function formatSats(msat) {
  const whole = grouping.format(Math.floor(msat / 1000));
  const rest = msat % 1000;
  return rest === 0 ? whole : whole + "." + String(rest).padStart(3, "0").replace(/0+$/, "");
}

/** "90000" -> "90,000"; "1234.50" -> "1,234.50": a decimal string with thousands separators, its decimals as given. */
export function formatDecimal(text) {
  const [whole, fraction] = text.split(".");
  return grouping.format(BigInt(whole || "0")) + (fraction === undefined ? "" : "." + fraction);
}

/** "2026-11-30T01:52:15Z" -> "2026-11-30 01:52 UTC" (as the server renders a rate's time). */
export function formatRateTime(iso) {
  return iso.slice(0, 10) + " " + iso.slice(11, 16) + " UTC";
}

/** "1 BTC = 90,000 EUR (simulated, 2026-11-30 01:52 UTC)" from a rate as the API gives it. */
export function formatRate(currency, rate) {
  return "1 BTC = " + formatDecimal(rate.rate) + " " + currency + " (" + rate.rateSource + ", "
    + formatRateTime(rate.rateAtUtc) + ")";
}

/** An invoice priced in fiat: "4.50 EUR · 5,000 sats · 1 BTC = 90,000 EUR (simulated, …)"; "" for one in sats. */
function formatFiat(invoice) {
  return invoice.currency ? formatDecimal(invoice.amountFiat) + " " + invoice.currency + " · "
    + formatSats(invoice.amountMsat) + " sats · " + formatRate(invoice.currency, invoice) : "";
}

function formatMsatDetail(msat) {
  return msat % 1000 === 0 ? "" : grouping.format(msat) + " msat";
}

function formatTime(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/**
 * Follows an invoice's public status socket until it is paid, reconnecting with a growing delay
 * (1 s doubling to 30 s) whenever the socket drops. Returns a function that stops following.
 */
function watchStatus(hash, onStatus, onLink) {
  let stopped = false;
  let delay = 1000;
  let socket = null;
  let timer = null;
  const connect = () => {
    socket = new WebSocket(wsUrl("/invoice/" + encodeURIComponent(hash) + "/ws"));
    socket.onopen = () => {
      delay = 1000;
      onLink(true);
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.error) {
        stopped = true; // an unknown invoice stays unknown: retrying cannot help
        return;
      }
      if (message.status === "paid") {
        stopped = true; // final: the server closes the socket after this message
      }
      if (message.status === "refunded") {
        stopped = true; // final too: nothing more will happen to it
        socket.close();
      }
      onStatus(message);
    };
    socket.onclose = () => {
      if (stopped) {
        return;
      }
      onLink(false);
      timer = setTimeout(connect, delay + Math.random() * 250);
      delay = Math.min(delay * 2, 30000);
    };
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket.close();
  };
}

async function copyText(button, input) {
  try {
    await navigator.clipboard.writeText(input.value);
  } catch (noClipboard) {
    // Plain http on a shop's LAN is not a secure context, so there is no clipboard API there.
    input.select();
    document.execCommand("copy");
  }
  button.textContent = "Copied";
  setTimeout(() => { button.textContent = "Copy"; }, 1500);
}

async function simulatePayment(button, hash) {
  button.disabled = true;
  button.textContent = "Paying…";
  try {
    const response = await fetch("/simulator/pay/" + encodeURIComponent(hash), { method: "POST" });
    button.textContent = response.ok ? "Simulate payment" : "Simulation refused";
  } catch (unreachable) {
    button.textContent = "Simulation failed";
  } finally {
    button.disabled = false;
  }
}

/** The invoice panel (amount, QR, bolt11, countdown, Paid / Expired) of both pages. */
export class InvoicePanel {
  constructor(root) {
    this.root = root;
    this.countdownTimer = null;
    this.stopWatching = () => {};
    // Each Copy button copies the field beside it (the bolt11; on a charge also the address and the amount).
    root.querySelectorAll("[data-action=copy]").forEach((button) => {
      const field = button.closest(".copy-row").querySelector("input");
      button.addEventListener("click", (e) => copyText(e.currentTarget, field));
    });
    const simulate = root.querySelector("[data-action=simulate]");
    if (simulate) {
      simulate.addEventListener("click", () => simulatePayment(simulate, this.root.dataset.hash));
    }
  }

  get status() {
    return this.root.dataset.status;
  }

  /** Shows an invoice as the API returns it (the first message of the invoice WebSocket). */
  fill(invoice) {
    const root = this.root;
    root.dataset.hash = invoice.invoiceHash;
    root.dataset.expiresAt = invoice.expiresAtUtc;
    root.querySelector(".description").textContent = invoice.tag || "";
    root.querySelector(".amount-sats").textContent = formatSats(invoice.amountMsat);
    root.querySelector(".amount-msat").textContent = formatMsatDetail(invoice.amountMsat);
    root.querySelector(".amount-fiat").textContent = formatFiat(invoice);
    root.querySelector(".qr img").src = "/invoice/" + encodeURIComponent(invoice.invoiceHash) + "/qr.svg";
    root.querySelectorAll("a.qr, a.wallet").forEach((link) => { link.href = "lightning:" + invoice.bolt11; });
    root.querySelector(".bolt11").value = invoice.bolt11;
    this.setStatus(invoice.status, null);
  }

  setStatus(status, settledAtUtc) {
    this.root.dataset.status = status;
    const time = this.root.querySelector(".settled-at");
    time.dateTime = settledAtUtc || "";
    time.textContent = settledAtUtc ? formatTime(settledAtUtc) : "";
    if (status !== "unpaid") {
      this.stopCountdown();
    }
  }

  startCountdown() {
    this.stopCountdown();
    if (this.status !== "unpaid") {
      return;
    }
    const expiresAt = Date.parse(this.root.dataset.expiresAt);
    const remaining = this.root.querySelector(".remaining");
    const tick = () => {
      const seconds = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      const hours = Math.floor(seconds / 3600);
      const minutes = Math.floor((seconds % 3600) / 60);
      const clock = String(minutes).padStart(hours > 0 ? 2 : 1, "0") + ":" + String(seconds % 60).padStart(2, "0");
      remaining.textContent = hours > 0 ? hours + ":" + clock : clock; // a charge lives up to a week
    };
    tick();
    this.countdownTimer = setInterval(tick, 1000);
  }

  stopCountdown() {
    clearInterval(this.countdownTimer);
    this.countdownTimer = null;
  }

  /**
   * Counts down and follows the public status socket, so the panel turns Paid or Expired by itself; {@code onStatus},
   * if given, hears each status message after the panel shows it.
   */
  follow(onStatus = () => {}) {
    this.startCountdown();
    this.stopWatching();
    this.stopWatching = watchStatus(this.root.dataset.hash,
      (message) => {
        this.setStatus(message.status, message.settledAtUtc);
        onStatus(message);
      },
      (online) => this.root.toggleAttribute("data-offline", !online));
  }

  stop() {
    this.stopCountdown();
    this.stopWatching();
    this.stopWatching = () => {};
    this.root.removeAttribute("data-offline");
    this.root.querySelector(".qr img").removeAttribute("src");
  }
}
