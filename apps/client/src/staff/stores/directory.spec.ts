import { defaultOfficeHours, defaultTimeLimitPolicy, type StaffDirectory } from '@hotline/core';
import { createDirectoryStore, searchCategories, unitName, villagesOf } from './directory';

const directory: StaffDirectory = {
  units: [
    { id: 't1', code: 'T01', name: '城关街道', kind: 'township', parentId: null, areaCode: '421199001000' },
    { id: 'v1', code: 'T01V01', name: '府前社区', kind: 'village', parentId: 't1', areaCode: '421199001001' },
    { id: 'v9', code: 'T02V01', name: '河口村', kind: 'village', parentId: 't2', areaCode: '421199002001' },
  ],
  categories: [
    { code: '0101', name: '市政设施', parentCode: null, isLeaf: false, duty: null },
    { code: '010101', name: '路灯', parentCode: '0101', isLeaf: true, duty: 'township' },
    { code: '010102', name: '道路破损', parentCode: '0101', isLeaf: true, duty: 'county' },
  ],
  timeRules: { policy: defaultTimeLimitPolicy, calendar: { officeHours: [...defaultOfficeHours], overrides: [] } },
};

describe('the staff directory', () => {
  it('should offer a township only its own villages to forward to', () => {
    expect(villagesOf(directory, 't1').map((u) => u.code)).toEqual(['T01V01']);
    expect(unitName(directory, 'v1')).toBe('府前社区');
  });

  it('should find leaf categories by name or code prefix', () => {
    expect(searchCategories(directory, '路').map((c) => c.code)).toEqual(['010101', '010102']);
    expect(searchCategories(directory, '0101').map((c) => c.code)).toEqual(['010101', '010102']);
    expect(searchCategories(directory, '市政')).toEqual([]);
  });

  it('should load the directory once for concurrent callers', async () => {
    const api = { directory: jest.fn(async () => directory) };
    const store = createDirectoryStore(api);
    await Promise.all([store.getState().load(), store.getState().load()]);
    await store.getState().load();
    expect(api.directory).toHaveBeenCalledTimes(1);
    expect(store.getState().directory).toBe(directory);
  });
});
