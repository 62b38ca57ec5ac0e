import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { scriptTaroRequest } from '../../../test/fakeTaroRequest';
import { useAuth } from '@/stores/auth';
import { QuestionsEditor } from './QuestionsEditor';

const admin = { id: 'a1', role: 'admin' as const, name: '孙伟', unitId: 'centre', unitName: '热线中心' };
const pole = {
  code: 'pole_number',
  label: '灯杆编号',
  kind: 'text',
  required: true,
  helpText: '灯杆上喷涂的编号',
  options: [],
};

const click = (text: string) =>
  act(async () => {
    fireEvent.click(screen.getByText(text));
  });
const type = (label: string, value: string) =>
  fireEvent.change(screen.getAllByLabelText(label)[0]!, { target: { value } });

beforeEach(() => {
  useAuth.setState({ session: { accessToken: 'admin-token', refreshToken: null, user: admin } });
});

describe('the questions editor', () => {
  it('previews the resident form, checks a try-out with the filing rule, and saves the whole list', async () => {
    const sent = scriptTaroRequest(
      { statusCode: 200, data: { categoryCode: '010101', categoryName: '路灯损坏', questions: [pole], version: 3 } },
      {
        statusCode: 200,
        data: {
          categoryCode: '010101',
          categoryName: '路灯损坏',
          version: 4,
          questions: [
            pole,
            { code: 'lamps', label: '不亮的灯有几盏', kind: 'number', required: false, helpText: null, options: [] },
          ],
        },
      },
    );
    const versions: number[] = [];
    render(<QuestionsEditor categoryCode="010101" version={3} onSaved={(v) => versions.push(v)} />);
    expect(await screen.findByText('1. 灯杆编号')).toBeTruthy();
    // The preview asks what residents will be asked, and the try-out says what the server would.
    await click('试填检查');
    expect(screen.getByText('请填写“灯杆编号”')).toBeTruthy();

    // A choice question without options is refused before it joins the list.
    type('问题编码', 'since');
    type('问题', '持续多久了');
    await click('单选');
    await click('加入问题');
    expect(screen.getByText('选择题至少需要2个选项')).toBeTruthy();

    await click('数字');
    type('问题编码', 'lamps');
    type('问题', '不亮的灯有几盏');
    await click('选答');
    await click('加入问题');
    expect(screen.getByText('2. 不亮的灯有几盏')).toBeTruthy();
    expect(screen.getByText('有未保存的修改')).toBeTruthy();
    await click('保存问题');
    await waitFor(() => expect(screen.queryByText('有未保存的修改')).toBeNull());
    expect(sent[1]).toMatchObject({
      method: 'PUT',
      url: expect.stringMatching(/\/admin\/categories\/010101\/questions$/),
    });
    const body = JSON.parse(String(sent[1]?.data));
    expect(body.questions.map((q: { code: string }) => q.code)).toEqual(['pole_number', 'lamps']);
    expect(body.expectedVersion).toBe(3);
    expect(versions).toEqual([4]);
  });

  it('shows the list someone else saved meanwhile instead of overwriting it', async () => {
    const theirs = { ...pole, code: 'since', label: '持续多久了', required: false, helpText: null };
    scriptTaroRequest(
      { statusCode: 200, data: { categoryCode: '010101', categoryName: '路灯损坏', questions: [pole], version: 3 } },
      {
        statusCode: 409,
        data: { code: 'CONFLICT', message: '分类“路灯损坏”已被他人修改，请刷新后查看最新内容再修改', requestId: 'r1' },
      },
      {
        statusCode: 200,
        data: { categoryCode: '010101', categoryName: '路灯损坏', questions: [theirs], version: 4 },
      },
    );
    let reloads = 0;
    render(<QuestionsEditor categoryCode="010101" version={3} onConflict={() => reloads++} />);
    expect(await screen.findByText('1. 灯杆编号')).toBeTruthy();
    await click('移除');
    await click('保存问题');
    expect(await screen.findByText(/该内容已被他人修改，您的修改没有保存/)).toBeTruthy();
    expect(await screen.findByText('1. 持续多久了')).toBeTruthy();
    expect(screen.queryByText('有未保存的修改')).toBeNull();
    expect(reloads).toBe(1);
  });
});
