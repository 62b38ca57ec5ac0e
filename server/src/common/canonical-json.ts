// JSON with every object's keys in one fixed order, so the same request body gives the same text
// (and the same Idempotency-Key fingerprint) whatever order the client sent its keys in.
//
// The text is exactly what `JSON.stringify(value, sortKeysReplacer)` gives (the fingerprints
// stored before this module existed stay valid): keys sorted by `localeCompare`, then put in an
// object, whose own ordering puts array-index keys ("0", "1", "10") first, ascending. That
// replacer rebuilt every object and compared keys with ICU on every request (~1.5 % of a filing's
// CPU); here the order of each key set is worked out once and remembered.

/** Key orders by the key set as enumerated; request bodies share a handful of shapes. */
const orders = new Map<string, readonly string[]>();
const ORDERS_MAX = 1000;

function orderOf(keys: string[]): readonly string[] {
  const id = keys.join('\u0000');
  let order = orders.get(id);
  if (!order) {
    const sorted = [...keys].sort((a, b) => a.localeCompare(b));
    // An object built in that order enumerates its keys as the replacer's rebuilt object did.
    order = Object.keys(Object.fromEntries(sorted.map((k) => [k, true])));
    if (orders.size >= ORDERS_MAX) orders.clear();
    orders.set(id, order);
  }
  return order;
}

/** One value as JSON.stringify writes it; undefined where JSON.stringify leaves it out. */
function write(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`;
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of orderOf(Object.keys(record))) {
        const text = write(record[key]);
        if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      // undefined, functions and symbols: left out of objects, null in arrays.
      return undefined;
  }
}

/** `value` as JSON with object keys in canonical order (see above). */
export function canonicalJson(value: unknown): string | undefined {
  return write(value);
}
