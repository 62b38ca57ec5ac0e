import { devLoginRequestSchema, tokenResponseSchema } from './auth';
import { caseEventSchema, caseSummarySchema } from './cases';
import { errorResponseSchema } from './system';

describe('devLoginRequestSchema', () => {
  it('accepts a role with or without a unit code', () => {
    expect(devLoginRequestSchema.parse({ role: 'handler', unitCode: 'ZJJ' })).toEqual({
      role: 'handler',
      unitCode: 'ZJJ',
    });
    expect(devLoginRequestSchema.parse({ role: 'resident' })).toEqual({ role: 'resident' });
  });
  it.each([{ role: 'mayor' }, { role: 'admin', extra: true }, { role: 'admin', unitCode: '' }, {}])(
    'refuses %j',
    (body) => {
      expect(devLoginRequestSchema.safeParse(body).success).toBe(false);
    },
  );
});

describe('tokenResponseSchema', () => {
  const token = {
    accessToken: 'abc',
    tokenType: 'Bearer',
    expiresIn: 3600,
    user: { id: 'u1', role: 'operator', name: '李四', unitId: null, unitName: null },
  };
  it('accepts a bearer token with its user', () => {
    expect(tokenResponseSchema.parse(token)).toEqual(token);
  });
  it('refuses another token type', () => {
    expect(tokenResponseSchema.safeParse({ ...token, tokenType: 'MAC' }).success).toBe(false);
  });
});

describe('case schemas', () => {
  it('accepts a summary of a signed, supervised case', () => {
    const summary = {
      id: 'c1',
      trackingNumber: 'HL20261128-000123',
      status: 'signed',
      demandType: 'complaint',
      urgency: 'normal',
      channel: 'wechat',
      categoryCode: '0301',
      description: '路灯不亮',
      deadline: {
        step: 'reply',
        warnAt: '2026-12-04T02:00:00Z',
        dueAt: '2026-12-08T02:00:00Z',
        state: 'normal',
        paused: false,
      },
      flags: { supervised: true, problem: false, extensionPending: false, reopenPending: false },
      resolution: null,
      satisfaction: null,
      leadUnitId: 'u-town',
      assigneeUnitId: 'u-town',
      createdAt: '2026-11-24T02:00:00Z',
      updatedAt: '2026-11-24T02:00:00+08:00',
      closedAt: null,
    };
    expect(caseSummarySchema.parse(summary)).toEqual(summary);
    expect(caseSummarySchema.safeParse({ ...summary, status: 'done' }).success).toBe(false);
    expect(caseSummarySchema.safeParse({ ...summary, trackingNumber: 'HL2026-1' }).success).toBe(false);
  });

  it('accepts an event of a state-machine action only', () => {
    const event = {
      id: 'e1',
      caseId: 'c1',
      type: 'sign',
      fromStatus: 'dispatched',
      toStatus: 'signed',
      at: '2026-11-24T02:00:00Z',
      actor: { kind: 'staff', role: 'handler', displayName: '王*', unitId: 'u-town' },
      note: null,
      payload: {},
    };
    expect(caseEventSchema.parse(event)).toEqual(event);
    expect(caseEventSchema.safeParse({ ...event, type: 'approve' }).success).toBe(false);
  });
});

describe('errorResponseSchema', () => {
  it('requires a code, a message and a request id', () => {
    expect(errorResponseSchema.safeParse({ code: 'CASE_NOT_FOUND', message: '工单不存在' }).success).toBe(false);
  });
});
