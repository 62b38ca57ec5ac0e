import { maskName, maskPhone, roundCoordinate, roundLocation } from './masking';

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['+86 138 1234 1234', '138****1234'],
    ['8613812341234', '138****1234'],
    ['0571-88886666', '057*****6666'],
    ['12345', '***45'],
    ['', ''],
  ])('%p → %p', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张**'],
    ['欧阳娜娜', '欧***'],
    ['李', '*'],
    ['  王五 ', '王*'],
    ['', ''],
  ])('%p → %p', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });
});

describe('coordinates', () => {
  it('rounds to about 110 m by default', () => {
    expect(roundCoordinate(30.274_151)).toBe(30.274);
    expect(roundCoordinate(120.155_07, 4)).toBe(120.1551);
  });

  it('rounds a location and keeps its other fields', () => {
    expect(roundLocation({ latitude: 30.274_651, longitude: 120.155_07, system: 'gcj02' })).toEqual({
      latitude: 30.275,
      longitude: 120.155,
      system: 'gcj02',
    });
  });
});
