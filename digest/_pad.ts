/**
 * FIPS 180-4 §5.1 message padding, shared by SHA-256 and SHA-512.
 * @module
 */

/**
 * Returns `data` followed by the bit `1`, zeros, and the message length in bits as a big-endian integer filling the
 * last eighth of a block (8 bytes for 64-byte blocks, 16 for 128), so the result is a whole number of blocks.
 */
export function pad(data: Uint8Array, blockSize: 64 | 128): Uint8Array {
  const lengthSize = blockSize / 8;
  const total = Math.ceil((data.length + 1 + lengthSize) / blockSize) * blockSize;
  const out = new Uint8Array(total);
  out.set(data);
  out[data.length] = 0x80;
  // Bit length = 8 × byte length, written as two 32-bit halves (a JS array never exceeds 2^53 bytes).
  const view = new DataView(out.buffer);
  view.setUint32(total - 8, Math.floor(data.length / 0x20000000));
  view.setUint32(total - 4, (data.length * 8) >>> 0);
  return out;
}
