import { categoryQuestionsSchema, checkAnswers, type CategoryQuestion } from './category-questions';

const noise: CategoryQuestion[] = categoryQuestionsSchema.parse([
  { code: 'period', label: '时段', kind: 'single_choice', required: true, options: [{ key: 'night', name: '夜间' }, { key: 'day', name: '白天' }] },
  { code: 'source', label: '噪声来源', kind: 'multi_choice', required: false, options: [{ key: 'site', name: '工地' }, { key: 'shop', name: '商铺' }, { key: 'home', name: '住户' }] },
  { code: 'decibel', label: '估计分贝', kind: 'number', required: false },
  { code: 'since', label: '开始时间', kind: 'datetime', required: false },
  { code: 'note', label: '补充', kind: 'text', required: false, helpText: '如门牌号' },
]);

describe('category questions', () => {
  it('names every required question left empty, as the field a form marks', () => {
    const { problems, answers } = checkAnswers(noise, { note: '  ' });
    expect(problems).toEqual([{ field: 'answers.period', code: 'required', message: '请选择“时段”' }]);
    expect(answers).toEqual([]);
  });

  it('stores answers in the questions order with the names people read', () => {
    const { problems, answers } = checkAnswers(noise, {
      source: ['home', 'site', 'site'],
      period: 'night',
      decibel: '75',
      since: '2026-11-30T21:30',
    });
    expect(problems).toEqual([]);
    expect(answers.map((a) => [a.code, a.value, a.display])).toEqual([
      ['period', 'night', '夜间'],
      ['source', ['site', 'home'], '工地、住户'],
      ['decibel', 75, '75'],
      ['since', '2026-11-30T21:30', '2026-11-30 21:30'],
    ]);
  });

  it('refuses an option the question does not offer, a non-number, a bad time and an unasked question', () => {
    const { problems } = checkAnswers(noise, { period: 'dawn', decibel: 'loud', since: 'yesterday', colour: 'red' });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['answers.colour', 'unknown_question'],
      ['answers.period', 'invalid'],
      ['answers.decibel', 'invalid'],
      ['answers.since', 'invalid'],
    ]);
  });

  it('refuses a choice question without options and duplicate codes', () => {
    expect(categoryQuestionsSchema.safeParse([{ code: 'a', label: 'A', kind: 'single_choice', required: true }]).success).toBe(false);
    expect(
      categoryQuestionsSchema.safeParse([
        { code: 'a', label: 'A', kind: 'text', required: true },
        { code: 'a', label: 'B', kind: 'text', required: false },
      ]).success,
    ).toBe(false);
  });
});
