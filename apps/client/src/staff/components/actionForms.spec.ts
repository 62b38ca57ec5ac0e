import { workspaceActionOf, workspaceActionTypes, type ActionForm } from '@hotline/core';
import { bodyOf, emptyDraft, formKinds, type Draft } from './actionForms';

const filled = (form: ActionForm, decision: string | null): Draft => ({
  ...emptyDraft(),
  text: '已处理完毕',
  note: '备注',
  days: '2',
  decision,
  unitId: '00000000-0000-4000-8000-000000000001',
  satisfaction: 'satisfied',
  knowledgeId: '00000000-0000-4000-8000-000000000002',
  mediaIds: ['00000000-0000-4000-8000-000000000003'],
  assisting: ['00000000-0000-4000-8000-000000000004'],
  urgency: 'urgent',
  parentId: '00000000-0000-4000-8000-000000000005',
});

describe('the action forms', () => {
  it.each(workspaceActionTypes)('should send a body the %s route accepts once its form is filled in', (type) => {
    const { form, body } = workspaceActionOf(type);
    expect(formKinds).toContain(form.kind);
    const decisions = form.kind === 'decision' ? form.options : [null];
    for (const decision of decisions) {
      const sent = bodyOf(form, filled(form, decision));
      expect(sent).not.toBeNull();
      expect(body.safeParse(sent).error).toBeUndefined();
    }
  });

  it.each(workspaceActionTypes)('should hold back %s while its form misses what the route requires', (type) => {
    const { form, body } = workspaceActionOf(type);
    const sent = bodyOf(form, { ...emptyDraft(), days: '' });
    if (sent === null) return;
    // Only forms with nothing required may send an empty draft, and the route must take it.
    expect(['confirm', 'note', 'urgency']).toContain(form.kind);
    expect(body.safeParse(sent).success).toBe(true);
  });

  it('should not send a redispatch without the new lead unit', () => {
    const form = workspaceActionOf('rule_return').form;
    expect(bodyOf(form, { ...emptyDraft(), decision: 'redispatch' })).toBeNull();
    expect(bodyOf(form, { ...emptyDraft(), decision: 'uphold' })).toEqual({ decision: 'uphold' });
  });

  it('should merge into the case found by its tracking number, not the typed text', () => {
    const form = workspaceActionOf('merge').form;
    expect(bodyOf(form, { ...emptyDraft(), text: 'HL20261127-000042' })).toBeNull();
    expect(bodyOf(form, { ...emptyDraft(), text: 'HL20261127-000042', parentId: 'p1' })).toEqual({ parentCaseId: 'p1' });
  });

  it('should send a dispatch’s assisting units without the lead among them', () => {
    const form = workspaceActionOf('dispatch').form;
    expect(bodyOf(form, { ...emptyDraft(), unitId: 'jtj', assisting: ['jtj', 'sl'] })).toEqual({
      leadUnitId: 'jtj',
      assistingUnitIds: ['sl'],
    });
  });
});
