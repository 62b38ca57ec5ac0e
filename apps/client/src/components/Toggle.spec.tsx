import { fireEvent, render, screen } from '@testing-library/react';
import { Toggle } from './Toggle';

describe('Toggle', () => {
  it('says whether it is on and asks for the other state when tapped', () => {
    const onChange = jest.fn();
    const { rerender } = render(<Toggle checked={false} ariaLabel="大字模式" onChange={onChange} />);
    const toggle = screen.getByRole('switch', { name: '大字模式' });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(toggle);
    expect(onChange).toHaveBeenLastCalledWith(true);
    rerender(<Toggle checked ariaLabel="大字模式" onChange={onChange} />);
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(toggle);
    expect(onChange).toHaveBeenLastCalledWith(false);
  });
});
