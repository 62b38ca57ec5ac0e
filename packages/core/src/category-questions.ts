// Questions a category asks of whoever files under it (Open311's service attributes): their
// shapes, and the one check both the forms and the server run on the answers, so a resident sees
// the same complaint the server would give.
import { z } from 'zod';

export const questionKinds = ['text', 'number', 'datetime', 'single_choice', 'multi_choice'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const isChoiceKind = (kind: QuestionKind): boolean => kind === 'single_choice' || kind === 'multi_choice';

const questionCode = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, '问题编码须为小写字母开头的字母、数字或下划线，最多32位');

export const questionOptionSchema = z.strictObject({
  key: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '选项编码只能包含字母、数字、下划线和连字符'),
  name: z.string().trim().min(1).max(50),
});

export const categoryQuestionSchema = z
  .strictObject({
    code: questionCode,
    label: z.string().trim().min(1).max(100),
    kind: z.enum(questionKinds),
    required: z.boolean(),
    /** Shown under the field: what to look for and where (e.g. the number painted on the pole). */
    helpText: z.string().trim().max(200).nullable().default(null),
    options: z.array(questionOptionSchema).max(30).default([]),
  })
  .superRefine((q, ctx) => {
    if (isChoiceKind(q.kind) && q.options.length < 2)
      ctx.addIssue({ code: 'custom', path: ['options'], message: '选择题至少需要2个选项' });
    if (!isChoiceKind(q.kind) && q.options.length > 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: '只有选择题可以有选项' });
    if (new Set(q.options.map((o) => o.key)).size !== q.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: '选项编码不能重复' });
  });
export type CategoryQuestion = z.infer<typeof categoryQuestionSchema>;

/** A category's questions in the order they are asked. */
export const categoryQuestionsSchema = z
  .array(categoryQuestionSchema)
  .max(20)
  .refine((qs) => new Set(qs.map((q) => q.code)).size === qs.length, '问题编码不能重复');

/** What a form sends: text, a number, ISO date-time text, an option key, or option keys. */
export const answerValueSchema = z.union([z.string().max(500), z.number(), z.array(z.string().max(32)).max(30)]);
export type AnswerValue = z.infer<typeof answerValueSchema>;
export const caseAnswersSchema = z.record(z.string().max(32), answerValueSchema);
export type CaseAnswers = z.infer<typeof caseAnswersSchema>;

/** An answer as kept on the case: the question as it was asked then, so later edits change nothing. */
export const storedAnswerSchema = z.object({
  code: z.string(),
  label: z.string(),
  kind: z.enum(questionKinds),
  value: answerValueSchema,
  /** What people read: the text, the number, the time, or the chosen options' names. */
  display: z.string(),
});
export type StoredAnswer = z.infer<typeof storedAnswerSchema>;

export interface AnswerProblem {
  /** `answers.<question code>`, the field a form marks. */
  field: string;
  code: 'required' | 'invalid' | 'unknown_question';
  message: string;
}

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function checkOne(q: CategoryQuestion, raw: AnswerValue): { value: AnswerValue; display: string } | string {
  const optionName = new Map(q.options.map((o) => [o.key, o.name]));
  switch (q.kind) {
    case 'text': {
      if (typeof raw !== 'string') return '请填写文字';
      return { value: raw.trim(), display: raw.trim() };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : NaN;
      if (!Number.isFinite(n)) return '请填写数字';
      return { value: n, display: String(n) };
    }
    case 'datetime': {
      if (typeof raw !== 'string' || !DATETIME.test(raw.trim()) || Number.isNaN(Date.parse(raw.trim())))
        return '请填写日期时间，如 2026-11-30T21:30';
      return { value: raw.trim(), display: raw.trim().replace('T', ' ') };
    }
    case 'single_choice': {
      const key = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
      if (typeof key !== 'string' || !optionName.has(key)) return '请从选项中选择';
      return { value: key, display: optionName.get(key)! };
    }
    case 'multi_choice': {
      const keys = [...new Set(Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [])];
      if (keys.length === 0 || keys.some((k) => !optionName.has(k))) return '请从选项中选择';
      const ordered = q.options.filter((o) => keys.includes(o.key));
      return { value: ordered.map((o) => o.key), display: ordered.map((o) => o.name).join('、') };
    }
  }
}

/**
 * Checks answers against a category's questions: every required one answered, every answer of the
 * question's kind, no answer to a question the category does not ask. Answers come back in the
 * questions' order, ready to store.
 */
export function checkAnswers(
  questions: readonly CategoryQuestion[],
  answers: Readonly<Record<string, AnswerValue | null | undefined>>,
): { answers: StoredAnswer[]; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const stored: StoredAnswer[] = [];
  const asked = new Set(questions.map((q) => q.code));
  for (const code of Object.keys(answers)) {
    if (!asked.has(code)) problems.push({ field: `answers.${code}`, code: 'unknown_question', message: '该分类没有这个问题' });
  }
  for (const q of questions) {
    const raw = answers[q.code];
    if (raw === undefined || raw === null || isEmpty(raw)) {
      if (q.required)
        problems.push({
          field: `answers.${q.code}`,
          code: 'required',
          message: `${isChoiceKind(q.kind) ? '请选择' : '请填写'}“${q.label}”`,
        });
      continue;
    }
    const checked = checkOne(q, raw);
    if (typeof checked === 'string') {
      problems.push({ field: `answers.${q.code}`, code: 'invalid', message: `“${q.label}”：${checked}` });
      continue;
    }
    stored.push({ code: q.code, label: q.label, kind: q.kind, ...checked });
  }
  return { answers: stored, problems };
}
