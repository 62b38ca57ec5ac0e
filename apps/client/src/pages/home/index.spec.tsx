import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { usePreferences } from '@/stores/preferences';
import HomePage from './index';

beforeEach(() => {
  usePreferences.setState({ largeText: false });
});

describe('the home page', () => {
  it('should show the county hotline title and the report button', () => {
    render(<HomePage />);
    expect(screen.getByText('清河县12345')).toBeTruthy();
    expect(screen.getByText('我要反映')).toBeTruthy();
  });

  it('should say that reporting opens soon when the report button is tapped', () => {
    render(<HomePage />);
    fireEvent.click(screen.getByText('我要反映'));
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '即将开放' }));
  });

  it('should switch to large text and remember it on the device', async () => {
    const { container } = render(<HomePage />);
    expect(container.querySelector('.page--large-text')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('switch'));
    });
    expect(container.querySelector('.page--large-text')).not.toBeNull();
    expect(Taro.setStorageSync).toHaveBeenCalledWith('hotline.largeText', '1');
  });

  it('should open the status page from its link', () => {
    render(<HomePage />);
    fireEvent.click(screen.getByText('查看服务状态'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/status/index' });
  });
});
