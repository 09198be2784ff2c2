import { hash32 } from './prng.ts';

/**
 * A keyed bijection on [0, size): a 4-round Feistel network over the smallest even power of two
 * that covers `size`, with cycle walking back into range. Holder identities are drawn through it
 * so that they look random yet can never collide — a collision would silently merge two holders
 * and break the counts the manifest promises.
 */
export function createPermutation(size: number, key: number): (index: number) => number {
  if (!Number.isInteger(size) || size < 2 || size > 2 ** 32) throw new RangeError(`permutation size out of range: ${size}`);
  let halfBits = 1;
  while (2 ** (2 * halfBits) < size) halfBits++;
  const half = 2 ** halfBits;
  const mask = half - 1;
  const roundKeys = [0, 1, 2, 3].map((r) => hash32(key, r));
  const encrypt = (x: number): number => {
    let left = Math.floor(x / half);
    let right = x & mask;
    for (const rk of roundKeys) {
      const f = hash32(right, rk) & mask;
      [left, right] = [right, left ^ f];
    }
    return left * half + right;
  };
  return (index: number): number => {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`index ${index} outside [0, ${size})`);
    let x = encrypt(index);
    while (x >= size) x = encrypt(x);
    return x;
  };
}
