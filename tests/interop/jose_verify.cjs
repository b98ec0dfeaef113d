// Verify a classkiosk certificate token with the npm package jose: the cred/ interop check.
// Usage: node jose_verify.cjs MODULES_DIR KEY_FILE TOKEN_FILE ISSUER
//   MODULES_DIR is the folder whose node_modules holds jose (scripts/test.d/10-interop).
//   KEY_FILE is a JWK or a JWKS (the key is then picked by the token's kid).
// Exit 0 and one JSON line {thumbprint, header, claims} when the token verifies; exit 1 with
// the reason on stderr when jose rejects it; exit 2 on usage or key errors; 3 without jose.
'use strict';
const fs = require('fs');

const [dir, keyFile, tokenFile, issuer] = process.argv.slice(2);
if (!issuer) {
  console.error('usage: node jose_verify.cjs MODULES_DIR KEY_FILE TOKEN_FILE ISSUER');
  process.exit(2);
}

let jose;
try {
  jose = require(require.resolve('jose', { paths: [dir] }));
} catch (e) {
  console.error(`cannot load jose from ${dir}: ${e.message}`);
  process.exit(3);
}

async function main() {
  const keyData = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
  const token = fs.readFileSync(tokenFile, 'utf8').trim();
  let key, thumbprint = null;
  if (Array.isArray(keyData.keys)) {
    key = jose.createLocalJWKSet(keyData);
  } else {
    key = await jose.importJWK(keyData, 'EdDSA');
    thumbprint = await jose.calculateJwkThumbprint(keyData, 'sha256');
  }
  let result;
  try {
    result = await jose.jwtVerify(token, key, { issuer, algorithms: ['EdDSA'] });
  } catch (e) {
    console.error(`rejected: ${e.code || e.name}: ${e.message}`);
    process.exit(1);
  }
  const out = { thumbprint, header: result.protectedHeader, claims: result.payload };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(2);
});
