import { filerContactFor, filerViewerOf, maskName, maskPhone, roundCoordinate, roundLocation } from './masking';

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

describe('filerContactFor', () => {
  const named = { name: '王建国', phone: '13812341234', anonymous: false };
  const anonymous = { ...named, anonymous: true };

  it('shows the filer their own name and number', () => {
    expect(filerContactFor(filerViewerOf('resident', true), named)).toEqual({ name: '王建国', phone: '13812341234', fullPhone: false });
  });

  it('shows a follower nothing of the filer, named or anonymous', () => {
    expect(filerViewerOf('resident', false)).toBe('follower');
    expect(filerContactFor('follower', named)).toEqual({ name: null, phone: null, fullPhone: false });
    expect(filerContactFor('follower', anonymous)).toEqual({ name: null, phone: null, fullPhone: false });
  });

  it('shows the centre the name and the full number on a case page (to be logged), masked in lists', () => {
    for (const role of ['operator', 'dispatcher', 'supervisor']) expect(filerViewerOf(role)).toBe('centre');
    expect(filerContactFor('centre', anonymous)).toEqual({ name: '王建国', phone: '13812341234', fullPhone: true });
    expect(filerContactFor('centre', named, 'list')).toEqual({ name: '王建国', phone: '138****1234', fullPhone: false });
  });

  it('masks a named filer for units, analysts and admins and hides an anonymous one entirely', () => {
    expect(filerViewerOf('handler')).toBe('unit');
    expect(filerViewerOf('analyst')).toBe('other_staff');
    expect(filerViewerOf('admin')).toBe('other_staff');
    for (const viewer of ['unit', 'other_staff'] as const) {
      expect(filerContactFor(viewer, named)).toEqual({ name: '王**', phone: '138****1234', fullPhone: false });
      expect(filerContactFor(viewer, named, 'list')).toEqual({ name: '王**', phone: null, fullPhone: false });
      expect(filerContactFor(viewer, anonymous)).toEqual({ name: null, phone: null, fullPhone: false });
    }
  });
});
