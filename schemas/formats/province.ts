/** GB/T 2260 province prefixes; 71 Taiwan, 81 Hong Kong, 82 Macao. Kept independent of any division list. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export function isProvincePrefix(two: string): boolean {
  return PROVINCES.has(two);
}
