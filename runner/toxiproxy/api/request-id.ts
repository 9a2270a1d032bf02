import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/**
 * Makes request ids like the real server's (rs/xid): 12 bytes (seconds since
 * the epoch, a 3-byte machine id, 2 bytes of pid, a 3-byte counter from a
 * random start), written as 20 characters of lower-case base32hex.
 */
export function requestIdGenerator(now: () => number = Date.now): () => string {
  const machine = randomBytes(3);
  let counter = randomBytes(3).readUIntBE(0, 3);
  return () => {
    const id = Buffer.alloc(12);
    id.writeUInt32BE(Math.floor(now() / 1000) >>> 0, 0);
    machine.copy(id, 4);
    id.writeUInt16BE(process.pid & 0xffff, 7);
    counter = (counter + 1) & 0xffffff;
    id.writeUIntBE(counter, 9, 3);
    return base32hex(id);
  };
}

function base32hex(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
