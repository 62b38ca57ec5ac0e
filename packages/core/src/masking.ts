// Personal data shown to people who do not need all of it (PIPL): masked phone
// numbers and names, coordinates rounded before they are published, and who sees how much of a
// case's filer.
import { centreRoles, unitRoles } from './vocabulary';

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

// ---- Who sees how much of a case's filer -------------------------------------------------------

/**
 * How a person stands to a case's filer: the filer; a follower (another resident on the same
 * matter); the hotline centre, which calls residents back; a unit handling the case; or other
 * staff (analysts, admins), who work with counts rather than people.
 */
export type FilerViewer = 'filer' | 'follower' | 'centre' | 'unit' | 'other_staff';

export function filerViewerOf(role: string, isFiler = false): FilerViewer {
  if (role === 'resident') return isFiler ? 'filer' : 'follower';
  if ((centreRoles as readonly string[]).includes(role)) return 'centre';
  if ((unitRoles as readonly string[]).includes(role)) return 'unit';
  return 'other_staff';
}

export interface FilerContact {
  name: string | null;
  phone: string | null;
  anonymous: boolean;
}

export interface ShownFilerContact {
  name: string | null;
  phone: string | null;
  /** True when `phone` is the full number the server decrypted: the centre's view logs it like a reveal. */
  fullPhone: boolean;
}

/**
 * The filer's name and phone as one viewer may see them (PIPL): the filer sees their own; the
 * centre sees the name and, on a case page, the full number; units and other staff see both
 * masked (units reveal the number through a logged action); followers see neither; and an
 * anonymous filer is invisible to everyone outside the centre. In lists only the centre sees a
 * (masked) number.
 */
export function filerContactFor(viewer: FilerViewer, contact: FilerContact, context: 'case' | 'list' = 'case'): ShownFilerContact {
  const { name, phone } = contact;
  switch (viewer) {
    case 'filer':
      return { name, phone, fullPhone: false };
    case 'centre':
      if (context === 'list') return { name, phone: phone === null ? null : maskPhone(phone), fullPhone: false };
      return { name, phone, fullPhone: phone !== null };
    case 'unit':
    case 'other_staff':
      if (contact.anonymous) return { name: null, phone: null, fullPhone: false };
      return {
        name: name === null ? null : maskName(name),
        phone: phone === null || context === 'list' ? null : maskPhone(phone),
        fullPhone: false,
      };
    case 'follower':
      return { name: null, phone: null, fullPhone: false };
  }
}
