/**
 * The Wilson score interval of a proportion (95 % by default): unlike the
 * plain normal approximation it stays within 0..1 and is honest for small
 * counts, which A/B tests of bots usually have.
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): { rate: number; low: number; high: number } {
  if (trials <= 0) return { rate: 0, low: 0, high: 0 };
  const p = Math.min(1, successes / trials);
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const margin = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { rate: p, low: Math.max(0, centre - margin), high: Math.min(1, centre + margin) };
}
