// Removing personal data from text that leaves the hotline (Open311 reads, published typical
// cases): phone and ID-card numbers anywhere in free text, the filer's name, the address below
// the road. Filers write these into descriptions; nobody outside may read them.

const ID_CARD = /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?![0-9])/g;
const LANDLINE = /(?<![0-9A-Za-z])(?:\(?0\d{2,3}\)?[\s-]?)?[2-9]\d{6,7}(?![0-9])/g;

export const REDACTED = '***';

/** Phone numbers (mobile and landline, with or without separators) and ID-card numbers, replaced. */
export function redactNumbers(text: string): string {
  return text.replace(ID_CARD, REDACTED).replace(MOBILE, REDACTED).replace(LANDLINE, REDACTED);
}

const HOUSE_NUMBER = /(?<![0-9A-Za-z])\d{1,5}(?:-\d{1,5})?\s*(?:号楼|号院|号|栋|幢)(?:\s*\d{1,5}\s*(?:单元|室|层|楼|号))*/g;

/** Door and flat numbers in free text (府前路12号3单元 → 府前路): the address stays at the road. */
export function redactHouseNumbers(text: string): string {
  return text.replace(HOUSE_NUMBER, '');
}

/** 张秀英 → 张女士; compound surnames (欧阳, 司马 …) are kept whole. */
export function politeName(fullName: string, title: '先生' | '女士'): string {
  const name = fullName.trim();
  const surname = COMPOUND_SURNAMES.find((s) => name.startsWith(s) && name.length > s.length) ?? name.slice(0, 1);
  return `${surname}${title}`;
}

/** Every occurrence of the name (and its given name alone when two or more characters) replaced by the polite form. */
export function redactName(text: string, fullName: string | null, title: '先生' | '女士'): string {
  const name = fullName?.trim();
  if (!name) return text;
  const polite = politeName(name, title);
  const surname = polite.slice(0, -2);
  const given = name.slice(surname.length);
  let out = text.split(name).join(polite);
  if (given.length >= 2) out = out.split(given).join(polite);
  return out;
}

/**
 * The filer taken out of a text the hotline keeps after the retention period (descriptions, event
 * texts): the exact address cut to its road, the name (and given name) and every phone or ID-card
 * number replaced, door and flat numbers dropped.
 */
export function scrubFiler(text: string, filer: { name: string | null; address: string | null }): string {
  let out = text;
  const address = filer.address?.trim();
  if (address) out = out.split(address).join(addressToRoad(address) ?? '');
  const name = filer.name?.trim();
  if (name) {
    const surname = politeName(name, '先生').slice(0, -2);
    const given = name.slice(surname.length);
    out = out.split(name).join(REDACTED);
    if (given.length >= 2) out = out.split(given).join(REDACTED);
  }
  return redactHouseNumbers(redactNumbers(out));
}

const ID_LIKE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?)$/i;

/** scrubFiler over every string inside a JSON value (ids and timestamps left alone). */
export function scrubFilerDeep<T>(value: T, filer: { name: string | null; address: string | null }): T {
  if (typeof value === 'string') return (ID_LIKE.test(value) ? value : scrubFiler(value, filer)) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubFilerDeep(v, filer)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubFilerDeep(v, filer)])) as T;
  }
  return value;
}

// 街道 is a subdistrict, not a street: 城关街道府前路 is cut after 府前路.
const ROAD_END = /^(.*?(?:路|大道|大街|街(?!道)|巷|胡同|弄|道(?=\d)))/;

/** An address cut after its road: 城关镇府前路12号3单元 → 城关镇府前路; without a road, the first 6 characters. */
export function addressToRoad(address: string | null): string | null {
  const a = address?.trim();
  if (!a) return null;
  const road = ROAD_END.exec(a);
  return road ? road[1]! : a.slice(0, 6);
}

const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯', '轩辕', '端木', '南宫', '西门', '独孤'];
