// Personal data shown to people who do not need all of it (PIPL): masked phone
// numbers and names, and coordinates rounded before they are published.

/** '13812341234' → '138****1234'; '+86 138 1234 1234' likewise; short numbers keep only their last 2 digits. */
export function maskPhone(phone: string): string {
  let digits = phone.replace(/[\s-]/g, '');
  if (/^(\+?86)1\d{10}$/.test(digits)) digits = digits.slice(-11);
  if (digits.length >= 7) return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** '张三丰' → '张**': the family name stays, every other character becomes '*'. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/**
 * Rounds a coordinate to `decimals` places. 3 places (≈ 110 m) is what a
 * published or anonymised case shows; staff see the stored precision.
 */
export function roundCoordinate(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function roundLocation<T extends { latitude: number; longitude: number }>(location: T, decimals = 3): T {
  return {
    ...location,
    latitude: roundCoordinate(location.latitude, decimals),
    longitude: roundCoordinate(location.longitude, decimals),
  };
}
