import Taro from '@tarojs/taro';

beforeEach(() => {
  jest.clearAllMocks();
  (Taro as unknown as { __resetStorage(): void }).__resetStorage();
});
