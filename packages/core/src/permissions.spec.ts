import { actionRoles } from './case-machine';
import { caseActionTypes } from './case-actions';
import { can, centreUnitRoles, rolesWith } from './permissions';
import { roles } from './vocabulary';

describe('the permission map', () => {
  it('lets only an operator take a phone call in', () => {
    expect(roles.filter((r) => can(r, 'cases.intake'))).toEqual(['operator']);
  });

  it('lets the centre and analysts see every case, and no unit or resident', () => {
    expect(rolesWith('cases.seeAll')).toEqual(['operator', 'dispatcher', 'supervisor', 'analyst', 'admin']);
  });

  it('gives the scheduler no permission: it acts through the case machine only', () => {
    expect(can('system', 'cases.seeAll')).toBe(false);
    expect(can('system', 'action.supervise')).toBe(false);
  });

  it('lets staff fire from the workspace exactly the actions the case machine lets their role fire', () => {
    for (const type of caseActionTypes) {
      const staff = actionRoles(type).filter((r) => r !== 'resident' && r !== 'system' && r !== 'integration');
      expect([...rolesWith(`action.${type}`)].sort()).toEqual([...staff].sort());
      expect(can('resident', `action.${type}`)).toBe(false);
    }
  });

  it('places analysts and admins in the centre unit, handlers in handling units', () => {
    expect(centreUnitRoles).toContain('analyst');
    expect(centreUnitRoles).not.toContain('handler');
  });
});
