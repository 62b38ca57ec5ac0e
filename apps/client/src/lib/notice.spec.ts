import Taro from '@tarojs/taro';
import { MIN_NOTICE_MS, notice, noticeAfter, noticeDuration } from './notice';

const shown = () => (Taro.showToast as jest.Mock).mock.calls.map(([options]) => options as Taro.showToast.Option);

describe('notices', () => {
  beforeEach(() => (Taro.showToast as jest.Mock).mockClear());

  it('stays at least 5 seconds, not the platform’s 1.5, and longer for longer text', () => {
    notice('已退出登录');
    notice('已关注，可在“我的诉求”中查看进度，工作人员处理后会通知您');
    const [short, long] = shown();
    expect(short?.duration).toBe(MIN_NOTICE_MS);
    expect(long?.duration).toBeGreaterThan(MIN_NOTICE_MS);
    expect(noticeDuration('字'.repeat(500))).toBe(10_000);
  });

  it('is shown once the next page is open, so the page change does not take it away', async () => {
    let opened!: () => void;
    const navigation = new Promise<void>((resolve) => (opened = resolve));
    const done = noticeAfter(navigation, '已退出登录');
    await Promise.resolve();
    expect(shown()).toHaveLength(0);
    opened();
    await done;
    expect(shown()).toEqual([expect.objectContaining({ title: '已退出登录', duration: MIN_NOTICE_MS })]);
  });

  it('still tells the user when the page change fails', async () => {
    await noticeAfter(Promise.reject(new Error('navigateTo:fail')), '已提交');
    expect(shown()).toEqual([expect.objectContaining({ title: '已提交' })]);
  });
});
