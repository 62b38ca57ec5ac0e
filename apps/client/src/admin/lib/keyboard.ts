// On a desk-width H5 screen every tappable element is reachable with Tab and fires with Enter or
// Space. Taro's View types leave these props out; H5 passes them to the element, weapp ignores them.
export function pressable(fire: () => void, role = 'button'): object {
  return {
    tabIndex: 0,
    role,
    onKeyDown: (event: { key: string; preventDefault(): void }) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        fire();
      }
    },
  };
}
