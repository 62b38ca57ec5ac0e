import Taro from '@tarojs/taro';
import { fireEvent, render, screen } from '@testing-library/react';
import { CasePhotos } from './CasePhotos';

const photos = [
  { id: 'm1', url: '/api/media/m1?exp=1&sig=a', thumbUrl: '/api/media/m1?exp=1&sig=b&variant=thumb' },
  { id: 'm2', url: '/api/media/m2?exp=1&sig=c', thumbUrl: '/api/media/m2?exp=1&sig=d&variant=thumb' },
];

describe('CasePhotos', () => {
  it('shows each photo as a thumbnail from the API origin (weapp build under test)', () => {
    render(<CasePhotos photos={photos} />);
    const first = screen.getByLabelText('查看第 1 张照片');
    expect(first.getAttribute('src')).toBe('http://localhost:3000/api/media/m1?exp=1&sig=b&variant=thumb');
    expect(screen.getByLabelText('查看第 2 张照片')).toBeTruthy();
  });

  it('opens the full-size photos at the one tapped', () => {
    render(<CasePhotos photos={photos} />);
    fireEvent.click(screen.getByLabelText('查看第 2 张照片'));
    expect(Taro.previewImage).toHaveBeenCalledWith({
      urls: ['http://localhost:3000/api/media/m1?exp=1&sig=a', 'http://localhost:3000/api/media/m2?exp=1&sig=c'],
      current: 'http://localhost:3000/api/media/m2?exp=1&sig=c',
    });
  });

  it('shows nothing for a case without photos', () => {
    const { container } = render(<CasePhotos photos={[]} />);
    expect(container.childElementCount).toBe(0);
  });
});
