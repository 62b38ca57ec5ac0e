import { act, fireEvent, render, screen } from '@testing-library/react';
import { scriptTaroRequest } from '../../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import AdminUnitsPage from './index';

const admin = { id: 'a1', role: 'admin' as const, name: '孙伟', unitId: 'centre', unitName: '热线中心' };
const unit = (over: object) => ({
  id: 'u-t07',
  code: 'T07',
  name: '青山镇人民政府',
  kind: 'township',
  parentId: null,
  areaCode: '421199300000',
  phone: null,
  active: true,
  openCases: 1,
  version: 4,
  ...over,
});
const areas = [{ code: '421199300000', name: '青山镇', kind: 'township', parentCode: null }];

const click = (text: string) =>
  act(async () => {
    fireEvent.click(screen.getByText(text));
  });

beforeEach(() => {
  useAuth.setState({ session: { accessToken: 'admin-token', refreshToken: null, user: admin } });
});

describe('the units page', () => {
  it('asks once before deactivating, and shows the server’s refusal beside the action', async () => {
    const sent = scriptTaroRequest(
      { statusCode: 200, data: [unit({})] },
      { statusCode: 200, data: areas },
      {
        statusCode: 409,
        data: {
          code: 'UNIT_HAS_OPEN_CASES',
          message: '青山镇人民政府还有 1 件未办结的工单，请先改派或办结后再停用',
          requestId: 'r1',
          details: { field: 'active', openCases: 1 },
        },
      },
    );
    render(<AdminUnitsPage />);
    await click(await screen.findByText('青山镇人民政府').then((el) => el.textContent ?? ''));
    expect(screen.getByText('还有 1 件未办结的工单，需先改派或办结后才能停用')).toBeTruthy();
    await click('停用单位');
    expect(sent).toHaveLength(2);
    await click('确认停用单位？再点一次执行');
    expect(await screen.findByText('青山镇人民政府还有 1 件未办结的工单，请先改派或办结后再停用')).toBeTruthy();
    expect(sent[2]).toMatchObject({ method: 'PATCH', url: expect.stringMatching(/\/admin\/units\/u-t07$/) });
    expect(JSON.parse(String(sent[2]?.data))).toEqual({ active: false, expectedVersion: 4 });
  });

  it('says when someone else changed the unit meanwhile and shows their version instead of overwriting it', async () => {
    scriptTaroRequest(
      { statusCode: 200, data: [unit({ openCases: 0 })] },
      { statusCode: 200, data: areas },
      { statusCode: 409, data: { code: 'CONFLICT', message: '单位已被他人修改', requestId: 'r2' } },
      { statusCode: 200, data: [unit({ openCases: 0, name: '青山镇政府', version: 5 })] },
    );
    render(<AdminUnitsPage />);
    await click(await screen.findByText('青山镇人民政府').then((el) => el.textContent ?? ''));
    fireEvent.change(screen.getAllByLabelText('单位名称')[0]!, { target: { value: '青山镇人民政府（新）' } });
    await click('保存');
    expect(await screen.findByText(/该内容已被他人修改，您的修改没有保存/)).toBeTruthy();
    expect((await screen.findAllByText('青山镇政府')).length).toBeGreaterThan(0);
  });

  it('renames a unit and says it was saved', async () => {
    const sent = scriptTaroRequest(
      { statusCode: 200, data: [unit({ openCases: 0 })] },
      { statusCode: 200, data: areas },
      { statusCode: 200, data: unit({ openCases: 0, name: '青山镇政府', version: 5 }) },
    );
    render(<AdminUnitsPage />);
    await click(await screen.findByText('青山镇人民政府').then((el) => el.textContent ?? ''));
    fireEvent.change(screen.getAllByLabelText('单位名称')[0]!, { target: { value: '青山镇政府' } });
    await click('保存');
    expect(await screen.findByText('已保存')).toBeTruthy();
    expect(JSON.parse(String(sent[2]?.data))).toEqual({ name: '青山镇政府', expectedVersion: 4 });
  });

  it('checks a new unit with the API’s own schema before sending it', async () => {
    const sent = scriptTaroRequest({ statusCode: 200, data: [] }, { statusCode: 200, data: [] });
    render(<AdminUnitsPage />);
    await act(async () => {});
    fireEvent.change(screen.getByLabelText('单位编码'), { target: { value: 'T 07' } });
    fireEvent.change(screen.getByLabelText('边界（GeoJSON Polygon，WGS-84 经纬度）'), {
      target: { value: '{"type":' },
    });
    await click('新建');
    expect(screen.getByText('不是有效的 JSON')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('边界（GeoJSON Polygon，WGS-84 经纬度）'), {
      target: { value: '{"type":"Polygon","coordinates":[[[115,30],[116,30],[116,31],[115,31],[115,30]]]}' },
    });
    await click('新建');
    expect(screen.getByText('编码只能包含字母、数字、下划线和连字符，最多32位')).toBeTruthy();
    expect(sent).toHaveLength(2);
  });
});
