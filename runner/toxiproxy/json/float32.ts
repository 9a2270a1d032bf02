/**
 * A float32 as Go's encoding/json prints it: the shortest decimal that reads
 * back as the same float32 (0.1 → `0.1`, not the float64 `0.10000000149011612`),
 * written like JavaScript numbers are (`1`, `0.25`, `-1`, `1e-7`, `1e+21`,
 * the same cut-offs as Go's JSON encoder). `-0` stays `-0`, as Go prints it.
 */
export function formatFloat32(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) throw new RangeError(`json: unsupported value: ${f} (float32)`);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  for (let digits = 1; digits <= 9; digits++) {
    const found = closestRoundTrip(f, digits);
    if (found !== undefined) return String(found);
  }
  // Nine significant digits always identify a float32; this is not reached.
  return String(f);
}

/**
 * Among the decimals of `digits` significant digits nearest to `f` (the
 * correctly rounded one and its neighbours in the last digit, which matter
 * next to powers of two), the one closest to `f` that reads back as `f`.
 */
function closestRoundTrip(f: number, digits: number): number | undefined {
  const [mantissa = '', exponent = '0'] = f.toExponential(digits - 1).split('e');
  const base = Number(mantissa.replace('.', ''));
  const scale = Number(exponent) - (digits - 1);
  let best: number | undefined;
  for (const candidate of [base - 1, base, base + 1]) {
    const n = Number(`${candidate}e${scale}`);
    if (Math.fround(n) !== f) continue;
    if (best === undefined || Math.abs(n - f) < Math.abs(best - f)) best = n;
  }
  return best;
}
