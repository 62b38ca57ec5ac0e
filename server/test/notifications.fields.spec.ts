// WeChat's subscription-message keyword rules: values are shortened to fit, never refused.
import { fitField } from '../src/integrations/wechat/subscribe-fields';

describe('WeChat subscription field rules', () => {
  it('cuts thing to 20 characters with an ellipsis, counting Chinese and emoji as one each', () => {
    const v = fitField('thing2', '小区门口路灯连续一周不亮晚上出行很不方便请尽快修理谢谢');
    expect(Array.from(v)).toHaveLength(20);
    expect(v.endsWith('…')).toBe(true);
    expect(fitField('thing1', '路灯不亮')).toBe('路灯不亮');
    const emoji = fitField('thing3', '😀'.repeat(25));
    expect(Array.from(emoji)).toHaveLength(20);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('keeps phrase to at most 5 Chinese characters', () => {
    expect(fitField('phrase3', '已派往承办单位')).toBe('已派往承…');
    expect(Array.from(fitField('phrase3', '已派往承办单位')).length).toBeLessThanOrEqual(5);
    expect(fitField('phrase1', '已受理')).toBe('已受理');
    expect(fitField('phrase1', 'OK!')).toBe('处理中');
  });

  it('keeps character_string to 32 of letters, digits, _ and -', () => {
    expect(fitField('character_string1', 'HL20260301-000123')).toBe('HL20260301-000123');
    expect(fitField('character_string1', '工单 HL2026/03:01#1')).toBe('HL202603011');
    expect(fitField('character_string9', 'a'.repeat(40))).toHaveLength(32);
  });

  it('formats time as YYYY-MM-DD HH:mm in China time', () => {
    expect(fitField('time4', '2026-03-01T02:05:09.000Z')).toBe('2026-03-01 10:05');
    expect(fitField('time4', '2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
    expect(fitField('time2', '2026-03-01 10:05')).toBe('2026-03-01 10:05');
    expect(fitField('time2', 'not a time')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it('keeps number to 32 digits', () => {
    expect(fitField('number5', '共 12 件')).toBe('12');
    expect(fitField('number5', '9'.repeat(40))).toHaveLength(32);
    expect(fitField('number5', '无')).toBe('0');
  });

  it('keeps name to 10 characters', () => {
    expect(fitField('name6', '张秀英')).toBe('张秀英');
    expect(Array.from(fitField('name6', '城关镇人民政府综合行政执法队'))).toHaveLength(10);
  });
});
