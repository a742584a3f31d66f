// Live updates of the shop's money: a Server-Sent Events stream says when one of the shop's transactions is created
// or changes; the page then reads itself again (same address, same filters) and swaps in its live regions, so it
// shows exactly what a reload would, drawn by the server. A later page of the list stays as it is: new transactions
// only ever appear on the first.
const regions = [...document.querySelectorAll("[data-live-region]")];
const laterPage = new URLSearchParams(location.search).has("after");
let waiting = null; // the timer of a refresh about to run

async function refresh() {
  waiting = null;
  try {
    const response = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!response.ok) {
      return; // the next change tries again; a reload shows everything anyway
    }
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const region of regions) {
      const replacement = fresh.getElementById(region.id);
      if (replacement) {
        region.replaceChildren(...replacement.childNodes);
      }
    }
    document.body.dataset.liveUpdated = String(Date.now());
  } catch {
    // offline for a moment: the next change tries again
  }
}

if (regions.length && !laterPage && "EventSource" in window) {
  const source = new EventSource("/dashboard/events");
  source.addEventListener("open", () => { document.body.dataset.live = "connected"; });
  source.addEventListener("transaction", (event) => {
    document.body.dataset.lastChange = String(JSON.parse(event.data).id);
    // Several changes in a moment (a burst of payments) are read once.
    if (waiting === null) {
      waiting = setTimeout(refresh, 150);
    }
  });
}
