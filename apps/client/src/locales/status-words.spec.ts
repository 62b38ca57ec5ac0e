// Staff read a case's status on their screens and in the files they export from them: both name
// each status by its own name (DOMAIN: 已派单, 已签收, 已答复 …), so a row says the same in both.
import { caseStatuses, exportValuesZhCN } from '@hotline/core';
import { staffText } from './zh-CN.staff';

describe('status words of the staff screens', () => {
  it('are the words of the exported files, for every status', () => {
    expect(caseStatuses.map((s) => staffText.status[s])).toEqual(caseStatuses.map((s) => exportValuesZhCN.status[s]));
  });
});
