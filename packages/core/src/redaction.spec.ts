import { addressToRoad, politeName, redactHouseNumbers, redactName, redactNumbers, scrubFiler, scrubFilerDeep } from './redaction';

describe('redaction', () => {
  it.each([
    ['联系我13812345678谢谢', '联系我***谢谢'],
    ['电话 +86 138-1234-5678。', '电话 ***。'],
    ['座机0716-8123456或88123456', '座机***或***'],
    ['身份证42100219880808123X已登记', '身份证***已登记'],
    ['身份证号421002198808081234', '身份证号***'],
    ['工单HL20261128-000123，共3盏路灯，2026年11月', '工单HL20261128-000123，共3盏路灯，2026年11月'],
  ])('removes phone and ID numbers: %p', (input, expected) => {
    expect(redactNumbers(input)).toBe(expected);
  });

  it('turns names into surname + title, compound surnames whole', () => {
    expect(politeName('张秀英', '女士')).toBe('张女士');
    expect(politeName('欧阳娜娜', '女士')).toBe('欧阳女士');
    expect(redactName('我是张秀英，秀英在家等回电', '张秀英', '女士')).toBe('我是张女士，张女士在家等回电');
    expect(redactName('没有名字', null, '先生')).toBe('没有名字');
  });

  it('drops door and flat numbers from free text, not other numbers', () => {
    expect(redactHouseNumbers('府前路12号门口路灯')).toBe('府前路门口路灯');
    expect(redactHouseNumbers('幸福小区3栋2单元502室楼下')).toBe('幸福小区楼下');
    expect(redactHouseNumbers('连续3晚，共5盏路灯，11月28日')).toBe('连续3晚，共5盏路灯，11月28日');
  });

  it('cuts an address to its road', () => {
    expect(addressToRoad('城关镇府前路12号3单元502')).toBe('城关镇府前路');
    expect(addressToRoad('滨河大道与建设街交叉口')).toBe('滨河大道');
    expect(addressToRoad('幸福小区门口')).toBe('幸福小区门口');
    expect(addressToRoad('城关街道府前路12号3单元')).toBe('城关街道府前路');
    expect(addressToRoad('东湖街道建设街8号')).toBe('东湖街道建设街');
    expect(addressToRoad('')).toBeNull();
  });

  it('takes the filer out of a kept text: address to the road, name and numbers replaced', () => {
    const filer = { name: '刘晓梅', address: '府前路12号3栋' };
    expect(scrubFiler('刘晓梅住府前路12号3栋，晓梅电话137 0000 1111，身份证420102199001011234', filer)).toBe(
      '***住府前路，***电话***，身份证***',
    );
    expect(scrubFiler('路灯已修复，连续3晚不亮的问题解决', filer)).toBe('路灯已修复，连续3晚不亮的问题解决');
    expect(scrubFiler('回访13700001111未接', { name: null, address: null })).toBe('回访***未接');
  });

  it('scrubs every string of an event payload but its ids and times', () => {
    const id = '0b6d3f7e-8a2c-4f1e-9d3a-1c2b3a4d5e6f';
    const payload = { text: '已联系刘晓梅', mediaIds: [id], dueAt: '2026-12-01T02:00:00.000Z', workingDays: 3, nested: { note: '13700001111' } };
    expect(scrubFilerDeep(payload, { name: '刘晓梅', address: null })).toEqual({
      text: '已联系***',
      mediaIds: [id],
      dueAt: '2026-12-01T02:00:00.000Z',
      workingDays: 3,
      nested: { note: '***' },
    });
  });
});
