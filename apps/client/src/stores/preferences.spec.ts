import { storage } from '@/platform';
import { createPreferencesStore } from './preferences';

describe('display preferences', () => {
  it('should follow a large WeChat font until the resident chooses, then keep the choice', () => {
    expect(createPreferencesStore(storage, () => true).getState().largeText).toBe(true);
    expect(createPreferencesStore(storage, () => false).getState().largeText).toBe(false);
    createPreferencesStore(storage, () => true)
      .getState()
      .setLargeText(false);
    expect(createPreferencesStore(storage, () => true).getState().largeText).toBe(false);
  });
});
