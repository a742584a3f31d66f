// Decodes the bolt11 an LNURL-pay callback answered with, using the npm bolt11 package (not Till's own decoder), and
// checks its description hash against the SHA-256 of the metadata the pay request sent. Prints one JSON object.
// Input: BOLT11 and METADATA in the environment.
const crypto = require('crypto');
const bolt11 = require('bolt11');

// Regtest's bech32 prefix (lnbcrt), which the package knows only when told.
const regtest = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] };
const decoded = bolt11.decode(process.env.BOLT11, regtest);
const tag = (name) => (decoded.tags.find((t) => t.tagName === name) || {}).data;
const metadataHash = crypto.createHash('sha256').update(process.env.METADATA, 'utf8').digest('hex');

console.log(JSON.stringify({
  millisatoshis: decoded.millisatoshis,
  payeeNodeKey: decoded.payeeNodeKey,
  paymentHash: tag('payment_hash'),
  description: tag('description') === undefined ? null : tag('description'),
  descriptionHash: tag('purpose_commit_hash'),
  metadataHash,
  matches: tag('purpose_commit_hash') === metadataHash,
}));
