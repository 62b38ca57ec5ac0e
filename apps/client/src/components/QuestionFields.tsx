// The questions of the chosen category (Open311 attributes), asked after the category is picked:
// text, number, date-time, single and multiple choice. A field the check found wanting is marked
// and says why, in the same words the server would use.
import { Input, Text, View } from '@tarojs/components';
import type { AnswerValue, CategoryQuestion } from '@hotline/core';
import { roleProps } from '@/lib/a11y';
import { t } from '@/locales/zh-CN';
import { Tappable } from './Tappable';
import './QuestionFields.css';

export interface QuestionFieldsProps {
  questions: readonly CategoryQuestion[];
  answers: Readonly<Record<string, AnswerValue>>;
  /** Messages by question code, from checkAnswers. */
  problems: Readonly<Record<string, string>>;
  onChange(code: string, value: AnswerValue | null): void;
}

const placeholderOf = (q: CategoryQuestion): string =>
  q.kind === 'number' ? t.questions.numberPlaceholder : q.kind === 'datetime' ? t.questions.datetimePlaceholder : t.questions.textPlaceholder;

function ChoiceField({ q, value, onChange }: { q: CategoryQuestion; value: AnswerValue | undefined; onChange: QuestionFieldsProps['onChange'] }) {
  const multi = q.kind === 'multi_choice';
  const chosen = new Set(Array.isArray(value) ? value : typeof value === 'string' ? [value] : []);
  const toggle = (key: string) => {
    if (!multi) return onChange(q.code, chosen.has(key) ? null : key);
    const next = q.options.map((o) => o.key).filter((k) => (k === key ? !chosen.has(k) : chosen.has(k)));
    onChange(q.code, next.length ? next : null);
  };
  return (
    <View className="question__options" {...roleProps(multi ? 'group' : 'radiogroup')} ariaLabel={q.label}>
      {q.options.map((o) => (
        <Tappable
          key={o.key}
          role={multi ? 'checkbox' : 'radio'}
          checked={chosen.has(o.key)}
          className={`question__option${chosen.has(o.key) ? ' question__option--on' : ''}`}
          onTap={() => toggle(o.key)}
        >
          {chosen.has(o.key) ? `${t.common.chosenMark} ${o.name}` : o.name}
        </Tappable>
      ))}
    </View>
  );
}

export function QuestionFields({ questions, answers, problems, onChange }: QuestionFieldsProps) {
  if (questions.length === 0) return null;
  return (
    <View className="questions">
      {questions.map((q) => {
        const problem = problems[q.code];
        const value = answers[q.code];
        return (
          <View key={q.code} className={`question${problem ? ' question--problem' : ''}`} data-question={q.code}>
            <Text className="question__label">
              {q.label}
              {q.required ? <Text className="question__required">{` ${t.questions.required}`}</Text> : null}
            </Text>
            {q.helpText ? <Text className="muted question__help">{q.helpText}</Text> : null}
            {q.kind === 'single_choice' || q.kind === 'multi_choice' ? (
              <ChoiceField q={q} value={value} onChange={onChange} />
            ) : (
              <Input
                className="question__input"
                type={q.kind === 'number' ? 'digit' : 'text'}
                value={value === undefined ? '' : String(value)}
                maxlength={q.kind === 'text' ? 500 : 30}
                placeholder={placeholderOf(q)}
                ariaLabel={q.label}
                onInput={(e) => {
                  const raw = e.detail.value;
                  // A date-time typed with a space is sent the ISO way the server reads.
                  const typed = q.kind === 'datetime' ? raw.trim().replace(' ', 'T') : raw;
                  onChange(q.code, typed === '' ? null : typed);
                }}
              />
            )}
            {problem ? <Text className="question__problem">{problem}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}

/** Problems with answers (from checkAnswers, or the server's VALIDATION_FAILED details) keyed by question code. */
export function problemsByQuestion(problems: unknown): Record<string, string> {
  if (!Array.isArray(problems)) return {};
  return Object.fromEntries(
    problems
      .filter((p): p is { field: string; message: string } => typeof p?.field === 'string' && p.field.startsWith('answers.'))
      .map((p) => [p.field.slice('answers.'.length), p.message]),
  );
}
