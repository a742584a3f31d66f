'use strict';
// A shop's session with the official npm `opennode` client, its own code, pointed at a Till: run by
// till.OpenNodeNpmClientTest, which starts Till, gives the key and a bolt11 of another node to pay, and checks the
// summary this prints (one JSON line) against Till's own records.
const http = require('node:http');
const opennode = require('opennode');

const till = process.env.TILL_URL;
const key = process.env.TILL_KEY;

// The client hard-codes OpenNode's host: the README's two lines point its two axios instances at Till instead.
const client = new opennode.OpenNodeClient(key);
client.instanceV1.defaults.baseURL = `${till}/v1`;
client.instanceV2.defaults.baseURL = `${till}/v2`;
// The module's own signatureIsValid checks callbacks with the key given here (no request is made).
opennode.setCredentials(key);

/** A local receiver for the charge's callbacks (form-encoded, as OpenNode posts them). */
function callbacks() {
  const received = [];
  const waiting = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      res.writeHead(200).end('ok');
      received.push(Object.fromEntries(new URLSearchParams(body)));
      waiting.splice(0).forEach((wake) => wake());
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/opennode/callback`,
    /** The first callback with this status, waiting up to 20 s for it. */
    async withStatus(status) {
      const deadline = Date.now() + 20000;
      for (;;) {
        const found = received.find((c) => c.status === status);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no "${status}" callback; got ${JSON.stringify(received)}`);
        await new Promise((wake) => { waiting.push(wake); setTimeout(wake, 500); });
      }
    },
    close: () => server.close(),
  })));
}

/** Till's own routes, not OpenNode's: the simulated payer pays the charge's bolt11 like a customer's wallet. */
async function customerPays(bolt11) {
  const invoice = await fetch(`${till}/invoice/from-bolt11/${bolt11}`, { headers: { Authorization: key } });
  const hash = (await invoice.json()).invoiceHash;
  const paid = await fetch(`${till}/simulator/pay/${hash}`, { method: 'POST' });
  if (paid.status !== 200) throw new Error(`the simulated payer could not pay: ${await paid.text()}`);
}

let step = 'start';

/** Runs one call of the session, remembering its name for the error message. */
function as(name, call) {
  step = name;
  return call();
}

async function main() {
  const receiver = await callbacks();
  try {
    const charge = await as('createCharge', () => client.createCharge({
      amount: 12.5, currency: 'USD', description: 'Order #1250', order_id: '1250',
      callback_url: receiver.url, auto_settle: false,
    }));
    const readBack = await as('chargeInfo', () => client.chargeInfo(charge.id));
    const rates = await as('listRates', () => client.listRates());
    const currencies = await as('listCurrencies', () => client.listCurrencies());

    await as('the customer pays', () => customerPays(charge.lightning_invoice.payreq));
    const callback = await as('the paid callback', () => receiver.withStatus('paid'));
    const balanceBefore = await as('accountBalance', () => client.accountBalance());

    const withdrawal = await as('initiateWithdrawalAsync', () => client.initiateWithdrawalAsync({
      type: 'ln', address: process.env.WITHDRAW_BOLT11, callback_url: receiver.url,
    }));
    const withdrawalCallback = await as('the withdrawal callback', () => receiver.withStatus('confirmed'));
    const withdrawalRead = await as('withdrawalInfo', () => client.withdrawalInfo(withdrawal.id));
    const withdrawals = await as('listWithdrawals', () => client.listWithdrawals());
    const balanceAfter = await as('accountBalance', () => client.accountBalance());

    console.log(JSON.stringify({
      charge, readBack, rates, currencies, callback,
      callbackValid: opennode.signatureIsValid(callback),
      forgedCallbackValid: opennode.signatureIsValid({ ...callback, hashed_order: '0'.repeat(64) }),
      balanceBefore, withdrawal, withdrawalRead, withdrawals, balanceAfter, withdrawalCallback,
      withdrawalCallbackValid: opennode.signatureIsValid(withdrawalCallback),
    }));
  } finally {
    receiver.close();
  }
}

main().catch((error) => {
  // OpenNodeError: the HTTP status and axios' message; Till's own sentence is in the answer's body.
  console.error(`${step}: ${error.status} | ${error.message}`);
  process.exit(1);
});
