// The checkout page: the server rendered the invoice; this keeps it live.
import { InvoicePanel } from "./till.js";

const panel = new InvoicePanel(document.querySelector(".invoice"));
const settled = document.querySelector(".settled-at");
if (settled.dateTime) {
  panel.setStatus(panel.status, settled.dateTime); // shows the server's UTC time in the payer's own time zone
}
if (panel.status !== "paid") {
  panel.follow(); // an expired invoice too: a late payment still turns it paid
}
