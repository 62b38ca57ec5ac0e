// WeChat's rules for subscription-message fields, applied by shortening values so a long case
// description never makes a send fail with 47003. The rule is named by the key's prefix
// (thing1, character_string2, time3 …), as WeChat names template keywords.

const LIMITS: Record<string, (value: string) => string> = {
  thing: (v) => truncate(v, 20),
  phrase: (v) => truncate(v.replace(/[^\p{Script=Han}]/gu, ''), 5) || '处理中',
  name: (v) => truncate(v, 10),
  character_string: (v) => v.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
  number: (v) => v.replace(/\D/g, '').slice(0, 32) || '0',
  letter: (v) => v.replace(/[^A-Za-z]/g, '').slice(0, 32),
  symbol: (v) => v.replace(/[A-Za-z0-9\p{Script=Han}]/gu, '').slice(0, 5),
  amount: (v) => (v.match(/^[¥￥]?\d+(\.\d{1,2})?元?$/) ? v : '0'),
  phone_number: (v) => v.replace(/[^\d+-]/g, '').slice(0, 17),
  car_number: (v) => truncate(v, 8),
  time: formatTime,
  date: formatTime,
};

/** The kind of a template keyword: `thing12` → `thing`. */
export function fieldKind(key: string): string {
  return key.replace(/\d+$/, '');
}

/** The value made acceptable for its keyword kind; unknown kinds pass as they are (≤ 20 chars). */
export function fitField(key: string, value: string): string {
  const rule = LIMITS[fieldKind(key)];
  return rule ? rule(value) : truncate(value, 20);
}

/** Cuts by code points (never inside a surrogate pair), marking the cut with an ellipsis. */
function truncate(value: string, max: number): string {
  const chars = Array.from(value.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  return chars.slice(0, max - 1).join('') + '…';
}

/** `YYYY-MM-DD HH:mm` in China Standard Time, from an ISO instant; other text is left if already in that shape. */
function formatTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  const d = new Date((Number.isNaN(t) ? Date.now() : t) + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
