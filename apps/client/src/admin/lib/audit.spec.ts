import { changedFields } from './audit';

describe('audit entry changes', () => {
  it('lists only the fields an update moved', () => {
    expect(
      changedFields({
        before: { name: '新建村', active: 1, version: 1, code: 'T01V99' },
        after: { name: '幸福村', active: 1, version: 2, code: 'T01V99' },
      }),
    ).toEqual([{ field: 'name', before: '新建村', after: '幸福村' }]);
  });

  it('shows what a creation set and a deletion removed, nested values shortened', () => {
    const created = changedFields({
      before: null,
      after: { kind: 'holiday', periods: [{ start: '09:00', end: '12:00' }] },
    });
    expect(created).toEqual([
      { field: 'kind', before: '∅', after: 'holiday' },
      { field: 'periods', before: '∅', after: '[{"start":"09:00","end":"12:00"}]' },
    ]);
    expect(changedFields({ before: { id: 7 }, after: null })).toEqual([{ field: 'id', before: '7', after: '∅' }]);
  });
});
