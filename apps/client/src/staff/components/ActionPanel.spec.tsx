import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '@hotline/api-client';
import type { StaffCaseDetail } from '@hotline/core';
import { defaultOfficeHours, defaultTimeLimitPolicy, rolesWith, workspaceActionOf, workspaceActionTypes } from '@hotline/core';
import { staffText } from '@/locales/zh-CN.staff';
import { staffApi } from '../services/staffApi';
import { useDirectory } from '../stores';
import { compressPhoto, pickPhotos } from '@/platform/media';
import { uploadPhoto } from '@/services/upload';
import { ActionPanel } from './ActionPanel';

jest.mock('../services/staffApi', () => ({
  staffApi: {
    act: jest.fn(),
    dispatchSuggestions: jest.fn(),
    directory: jest.fn(),
    searchKnowledge: jest.fn(),
    caseByTrackingNumber: jest.fn(),
  },
}));
const mocked = staffApi as jest.Mocked<typeof staffApi>;
jest.mock('@/platform/media', () => ({ pickPhotos: jest.fn(), compressPhoto: jest.fn() }));
jest.mock('@/services/upload', () => ({ uploadPhoto: jest.fn() }));

const dispatcher = { id: 'd1', role: 'dispatcher' as const, name: '李派单', unitId: 'centre', unitName: '热线中心' };
const operator = { ...dispatcher, id: 'o1', role: 'operator' as const, name: '张受理' };
const township = { id: 'h1', role: 'handler' as const, name: '赵承办', unitId: 't1', unitName: '城关街道' };

function detail(overrides: Partial<StaffCaseDetail> = {}): StaffCaseDetail {
  return {
    id: 'c1',
    trackingNumber: 'HL20261128-000001',
    version: 4,
    status: 'accepted',
    demandType: 'help',
    urgency: 'normal',
    channel: 'phone',
    categoryCode: '020301',
    description: '县道路面塌陷',
    deadline: null,
    flags: { supervised: false, problem: false, extensionPending: false, reopenPending: false },
    resolution: null,
    satisfaction: null,
    leadUnitId: null,
    assigneeUnitId: null,
    createdAt: '2026-11-28T04:00:00.000Z',
    updatedAt: '2026-11-28T04:00:00.000Z',
    closedAt: null,
    address: null,
    townshipCode: null,
    villageCode: null,
    location: null,
    answers: [],
    anonymous: false,
    contactName: '王**',
    contactPhone: '139****5678',
    contactPhoneMasked: true,
    callbackWanted: false,
    callId: null,
    mediaIds: [],
    photos: [],
    responsibleTownshipUnitId: null,
    assistingUnitIds: [],
    parentCaseId: null,
    counters: { extensionsGranted: 0, sendBackCount: 0, returnCount: 0, reopenCount: 0 },
    requestedExtensionDays: null,
    allowedActions: ['dispatch', 'urge'],
    timeline: [],
    ...overrides,
  };
}

beforeEach(() => {
  useDirectory.setState({
    directory: {
      units: [
        { id: 'jtj', code: 'D-JTJ', name: '交通运输局', kind: 'department', parentId: null, areaCode: null },
        { id: 't1', code: 'T01', name: '城关街道', kind: 'township', parentId: null, areaCode: '421199001000' },
        { id: 'v1', code: 'T01V01', name: '府前社区', kind: 'village', parentId: 't1', areaCode: '421199001001' },
        { id: 'v9', code: 'T02V01', name: '河口村', kind: 'village', parentId: 't2', areaCode: '421199002001' },
      ],
      categories: [],
      timeRules: { policy: defaultTimeLimitPolicy, calendar: { officeHours: [...defaultOfficeHours], overrides: [] } },
    },
  });
  mocked.dispatchSuggestions.mockResolvedValue({
    categoryCode: '020301',
    duty: 'county',
    pushDownForbidden: true,
    explanation: '“道路塌陷”属于县级部门职责（交通运输局），不得下派到乡镇或村。',
    suggestions: [
      {
        scope: 'county',
        areaCode: null,
        lead: [{ unitId: 'jtj', code: 'D-JTJ', name: '交通运输局', kind: 'department' }],
        assisting: [],
      },
    ],
  });
});

describe('the case actions', () => {
  it('should preselect the catalogue’s unit and explain the no-push-down rule when the server refuses a township', async () => {
    mocked.act.mockRejectedValue(
      new ApiError({ code: 'DISPATCH_PUSH_DOWN_FORBIDDEN', status: 422, message: '县级部门职责事项不得下派' }),
    );
    render(<ActionPanel detail={detail()} user={dispatcher} onDone={jest.fn()} />);
    fireEvent.click(screen.getByText('派单'));
    expect(await screen.findByText('✓ 交通运输局（目录推荐）')).toBeTruthy();
    expect(screen.getByText('按2025年派单规范，属于县级部门职责的事项不得下派到乡镇或村（社区）。')).toBeTruthy();
    fireEvent.click(within(screen.getByRole('radiogroup', { name: '主办单位' })).getByText('城关街道'));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() =>
      expect(mocked.act).toHaveBeenCalledWith(
        'c1',
        'dispatch',
        expect.objectContaining({ leadUnitId: 't1', expectedVersion: 4 }),
      ),
    );
    expect(await screen.findByText('操作失败：县级部门职责事项不得下派')).toBeTruthy();
  });

  it('should let a township forward only to its own villages', async () => {
    mocked.act.mockResolvedValue({} as never);
    const onDone = jest.fn();
    render(
      <ActionPanel
        detail={detail({ status: 'signed', allowedActions: ['forward', 'reply', 'return'] })}
        user={township}
        onDone={onDone}
      />,
    );
    fireEvent.click(screen.getByText('转派'));
    expect(screen.queryByText('河口村')).toBeNull();
    fireEvent.click(screen.getByText('府前社区'));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(mocked.act).toHaveBeenCalledWith('c1', 'forward', { villageUnitId: 'v1', expectedVersion: 4 });
  });

  it('should compress a reply photo on the phone, as a resident’s, before uploading it', async () => {
    (pickPhotos as jest.Mock).mockResolvedValue([{ path: 'blob:big', size: 4_000_000 }]);
    (compressPhoto as jest.Mock).mockResolvedValue({ path: 'blob:small', size: 300_000 });
    (uploadPhoto as jest.Mock).mockResolvedValue({ id: 'm1', url: 'u', thumbUrl: 't', urlExpiresAt: '2026-12-01T00:00:00.000Z' });
    render(
      <ActionPanel detail={detail({ status: 'signed', allowedActions: ['reply'] })} user={township} onDone={jest.fn()} />,
    );
    fireEvent.click(screen.getByText('答复'));
    fireEvent.click(screen.getByText('添加照片'));
    expect(await screen.findByText('已添加 1 张照片')).toBeTruthy();
    expect(compressPhoto).toHaveBeenCalledWith({ path: 'blob:big', size: 4_000_000 });
    expect(uploadPhoto).toHaveBeenCalledWith('blob:small');
  });

  it('should ask for a reason before returning a case', async () => {
    render(
      <ActionPanel
        detail={detail({ status: 'dispatched', allowedActions: ['sign', 'return'] })}
        user={township}
        onDone={jest.fn()}
      />,
    );
    fireEvent.click(screen.getByText('退单'));
    fireEvent.click(screen.getByText('提交'));
    expect(await screen.findByText('请填写必填项')).toBeTruthy();
    expect(mocked.act).not.toHaveBeenCalled();
  });
  it('should preselect the catalogue’s assisting units beside the lead, and send the ones the dispatcher keeps', async () => {
    mocked.dispatchSuggestions.mockResolvedValue({
      categoryCode: '010101',
      duty: 'township',
      pushDownForbidden: false,
      explanation: null,
      suggestions: [
        {
          scope: 'township',
          areaCode: '421199001000',
          lead: [{ unitId: 't1', code: 'T01', name: '城关街道', kind: 'township' }],
          assisting: [{ unitId: 'jtj', code: 'D-JTJ', name: '交通运输局', kind: 'department' }],
        },
      ],
    });
    mocked.act.mockResolvedValue({} as never);
    const onDone = jest.fn();
    render(<ActionPanel detail={detail()} user={dispatcher} onDone={onDone} />);
    fireEvent.click(screen.getByText('派单'));
    const assisting = await screen.findByRole('group', { name: '协办单位（可多选）' });
    expect(await within(assisting).findByText('✓ 交通运输局（目录推荐）')).toBeTruthy();
    // The lead is never offered as its own assisting unit.
    expect(within(assisting).queryByText(/城关街道/)).toBeNull();
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(mocked.act).toHaveBeenCalledWith('c1', 'dispatch', {
      leadUnitId: 't1',
      assistingUnitIds: ['jtj'],
      expectedVersion: 4,
    });
  });

  it('should show the lead unit the assisting units’ contributions while it writes its reply', () => {
    const contribution = {
      seq: 7,
      type: 'contribute',
      fromStatus: 'signed',
      toStatus: 'signed',
      at: '2026-11-28T06:00:00.000Z',
      visibility: 'internal' as const,
      actor: { kind: 'staff', role: 'handler', displayName: '钱协办', unitId: 'jtj', unitName: '交通运输局' },
      payload: { text: '已安排养护队周三到场封闭塌陷路段', mediaIds: ['m1', 'm2'] },
    };
    render(
      <ActionPanel
        detail={detail({ status: 'signed', allowedActions: ['reply'], timeline: [contribution] })}
        user={township}
        onDone={jest.fn()}
      />,
    );
    expect(screen.queryByText('已安排养护队周三到场封闭塌陷路段')).toBeNull();
    fireEvent.click(screen.getByText('答复'));
    expect(screen.getByText('协办单位意见（1条）')).toBeTruthy();
    expect(screen.getByText('已安排养护队周三到场封闭塌陷路段')).toBeTruthy();
    expect(screen.getByText(/^交通运输局 · /)).toBeTruthy();
    expect(screen.getByText('已添加 2 张照片')).toBeTruthy();
  });

  it('should find the merge parent by tracking number and show it before merging into it', async () => {
    mocked.caseByTrackingNumber.mockResolvedValue({
      ...detail({ id: 'p1', trackingNumber: 'HL20261127-000042', status: 'dispatched', description: '府前路路灯不亮' }),
    });
    mocked.act.mockResolvedValue({} as never);
    render(
      <ActionPanel detail={detail({ status: 'submitted', allowedActions: ['merge'] })} user={operator} onDone={jest.fn()} />,
    );
    fireEvent.click(screen.getByText('并单'));
    fireEvent.change(screen.getByLabelText('主单工单编号'), { target: { value: 'p1' } });
    fireEvent.click(screen.getAllByText('查找主单')[0]!);
    expect(await screen.findByText('请输入完整的工单编号，如 HL20261128-000123')).toBeTruthy();
    expect(mocked.caseByTrackingNumber).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('主单工单编号'), { target: { value: ' hl20261127-000042 ' } });
    fireEvent.click(screen.getAllByText('查找主单')[0]!);
    expect(await screen.findByText('府前路路灯不亮')).toBeTruthy();
    expect(mocked.caseByTrackingNumber).toHaveBeenCalledWith('HL20261127-000042');
    expect(screen.getByText('确认后本工单并入 HL20261127-000042，诉求人将随主单关注进度')).toBeTruthy();
    expect(mocked.act).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('确认并单'));
    await waitFor(() =>
      expect(mocked.act).toHaveBeenCalledWith('c1', 'merge', { parentCaseId: 'p1', expectedVersion: 4 }),
    );
  });

  it('should let the operator mark a demand urgent while accepting it', async () => {
    mocked.act.mockResolvedValue({} as never);
    const onDone = jest.fn();
    render(
      <ActionPanel detail={detail({ status: 'submitted', allowedActions: ['accept'] })} user={operator} onDone={onDone} />,
    );
    fireEvent.click(screen.getByText('受理'));
    expect(screen.getByText('✓ 一般')).toBeTruthy();
    fireEvent.click(screen.getByText('紧急（时限缩短）'));
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(mocked.act).toHaveBeenCalledWith('c1', 'accept', { urgency: 'urgent', expectedVersion: 4 });
  });
});

describe('every catalogue action', () => {
  it.each(workspaceActionTypes)('should give %s a button for a role that holds it, opening its form kind', async (type) => {
    mocked.act.mockResolvedValue({} as never);
    const role = rolesWith(`action.${type}`)[0]!;
    const { container } = render(
      <ActionPanel detail={detail({ allowedActions: [type] })} user={{ ...dispatcher, role }} onDone={jest.fn()} />,
    );
    fireEvent.click(screen.getByText(staffText.events[type]!));
    const { kind } = workspaceActionOf(type).form;
    if (kind === 'confirm') {
      await waitFor(() => expect(mocked.act).toHaveBeenCalledWith('c1', type, { expectedVersion: 4 }));
    } else {
      expect(container.querySelector(`[data-action="${type}"]`)?.getAttribute('data-form')).toBe(kind);
    }
  });

  it('should show no button for an action the reader’s role does not hold', () => {
    render(<ActionPanel detail={detail({ allowedActions: ['rule_extension'] })} user={dispatcher} onDone={jest.fn()} />);
    expect(screen.queryByText(staffText.events.rule_extension!)).toBeNull();
  });
});
