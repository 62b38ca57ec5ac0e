import { caseViewFor, caseViewerRelations, filerContactIn, placeIn, residentEventView, residentNameIn, type CaseViewerRelation } from './case-views';
import { roles, type Role } from './vocabulary';

const contact = { name: '张三丰', phone: '13812341234' };
const FULL = { name: '张三丰', phone: '13812341234' };
const MASKED = { name: '张**', phone: '138****1234' };
const NONE = { name: null, phone: null };
const point = { lat: 28.123456, lng: 112.987654 };
const ROUNDED = { lat: 28.123, lng: 112.988 };

type Shown = typeof FULL | typeof MASKED | typeof NONE;
interface Expected {
  /** The relations under which the case opens. */
  opens: readonly CaseViewerRelation[];
  view: 'resident' | 'staff';
  contact: (relation: CaseViewerRelation, anonymous: boolean) => Shown;
  exactPlace: (relation: CaseViewerRelation) => boolean;
  internalEvents: boolean;
}

const everywhere = caseViewerRelations;
const centre: Expected = { opens: everywhere, view: 'staff', contact: () => FULL, exactPlace: () => true, internalEvents: true };
const maskedUnlessAnonymous = (_: CaseViewerRelation, anonymous: boolean) => (anonymous ? NONE : MASKED);

// The who-sees-what table, written out per role.
const expected: Record<Role, Expected> = {
  resident: {
    opens: ['filer', 'follower'],
    view: 'resident',
    contact: (relation) => (relation === 'filer' ? FULL : NONE),
    exactPlace: (relation) => relation === 'filer',
    internalEvents: false,
  },
  operator: centre,
  dispatcher: centre,
  supervisor: centre,
  handler: { opens: ['own_unit'], view: 'staff', contact: maskedUnlessAnonymous, exactPlace: () => true, internalEvents: true },
  unit_manager: { opens: ['own_unit'], view: 'staff', contact: maskedUnlessAnonymous, exactPlace: () => true, internalEvents: true },
  analyst: { opens: everywhere, view: 'staff', contact: maskedUnlessAnonymous, exactPlace: () => true, internalEvents: true },
  admin: { opens: everywhere, view: 'staff', contact: maskedUnlessAnonymous, exactPlace: () => true, internalEvents: true },
};

const combinations = roles.flatMap((role) =>
  caseViewerRelations.flatMap((relation) => [false, true].map((anonymous) => [role, relation, anonymous] as const)),
);

describe('who sees what of a case', () => {
  it('covers every role, relation and anonymity', () => {
    expect(combinations).toHaveLength(roles.length * 5 * 2);
  });

  it.each(combinations)('%s as %s (anonymous filer: %s)', (role, relation, anonymous) => {
    const want = expected[role];
    const rules = caseViewFor(role, relation);
    expect(rules.opens).toBe(want.opens.includes(relation));
    expect(rules.view).toBe(want.view);
    const shown = filerContactIn(rules, { ...contact, anonymous });
    expect({ name: shown.name, phone: shown.phone }).toEqual(want.contact(relation, anonymous));
    expect(placeIn(rules, point)).toEqual(want.exactPlace(relation) ? point : ROUNDED);
    expect(rules.casePhotos).toBe(want.exactPlace(relation));
    expect(rules.internalEvents).toBe(want.internalEvents);
    // A resident acting on the staff timeline is named as the filer would be.
    expect(residentNameIn(rules, contact.name, anonymous)).toBe(want.contact(relation, anonymous).name);
  });

  it('lets the system open every case', () => {
    expect(caseViewFor('system', 'stranger').opens).toBe(true);
  });
});

describe("a resident's timeline", () => {
  const filer = { userId: 'u-filer', isFiler: true };
  const follower = { userId: 'u-follower', isFiler: false };
  const event = (actorKind: string, actorUserId: string | null, type = 'supplement', actorUnitName: string | null = null) => ({
    type,
    actorKind,
    actorUserId,
    actorUnitName,
  });

  it.each([
    ['the filer, their own supplement', filer, event('resident', 'u-filer'), { actor: '您', showsText: true, showsMedia: true }],
    ["the filer, a follower's urge", filer, event('resident', 'u-follower', 'urge'), { actor: '群众', showsText: true, showsMedia: true }],
    ["a follower, the filer's supplement", follower, event('resident', 'u-filer'), { actor: '群众', showsText: false, showsMedia: false }],
    ['a follower, their own urge', follower, event('resident', 'u-follower', 'urge'), { actor: '您', showsText: true, showsMedia: false }],
    ["anyone, a unit's reply", follower, event('staff', 's1', 'reply', '城关镇'), { actor: '城关镇', showsText: true, showsMedia: true }],
    ['anyone, a reply of an unnamed unit', follower, event('staff', 's1', 'reply'), { actor: '12345热线', showsText: true, showsMedia: true }],
    ['anyone, the scheduler', filer, event('system', null, 'deadline_warning'), { actor: '系统', showsText: true, showsMedia: true }],
    ['the filer, the filing (its photos are the case’s)', filer, event('resident', 'u-filer', 'submit'), { actor: '您', showsText: true, showsMedia: false }],
  ])('%s', (_what, viewer, e, want) => {
    expect(residentEventView(e, viewer)).toEqual(want);
  });
});
