// A leaf category's questions: the list in the order residents are asked (reorder, remove, add),
// saved as a whole and checked with the API's schema; beside it the resident's form as it will
// look, which can be filled in and checked with the same rule the server applies on filing.
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  checkAnswers,
  putCategoryQuestionsRequestSchema,
  questionKinds,
  type AnswerValue,
  type CategoryQuestion,
} from '@hotline/core';
import { QuestionFields, problemsByQuestion } from '@/components/QuestionFields';
import { Button } from '@/components/nutui/button';
import { adminText as t } from '@/locales/zh-CN.admin';
import { check, errorAt, refusalOf, type FieldErrors } from '../lib/forms';
import { adminApi } from '../services/adminApi';
import { Choices } from './Choices';
import { TextField } from './Field';

/** "key 名称" or "key=名称" per line. */
function optionsOf(text: string): CategoryQuestion['options'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [key = '', ...rest] = line.split(/[\s=]+/);
      return { key, name: rest.join(' ') };
    });
}

function NewQuestion({ onAdd }: { onAdd(q: CategoryQuestion): FieldErrors }) {
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [kind, setKind] = useState<CategoryQuestion['kind']>('text');
  const [required, setRequired] = useState(true);
  const [help, setHelp] = useState('');
  const [options, setOptions] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const choice = kind === 'single_choice' || kind === 'multi_choice';

  function add() {
    const problems = onAdd({
      code,
      label,
      kind,
      required,
      helpText: help.trim() || null,
      options: choice ? optionsOf(options) : [],
    });
    setErrors(problems);
    if (Object.keys(problems).length === 0) {
      setCode('');
      setLabel('');
      setHelp('');
      setOptions('');
    }
  }

  return (
    <View className="admin-note">
      <TextField label={t.questions.code} value={code} onChange={setCode} error={errors.code} />
      <TextField label={t.questions.label} value={label} onChange={setLabel} error={errors.label} />
      <Text className="admin-label">{t.questions.kind}</Text>
      <Choices
        label={t.questions.kind}
        options={questionKinds.map((k) => ({ value: k, label: t.questions.kinds[k] ?? k }))}
        value={kind}
        onChange={(k) => setKind(k as CategoryQuestion['kind'])}
      />
      <Choices
        label={t.questions.required}
        options={[
          { value: 'yes', label: t.questions.required },
          { value: 'no', label: t.questions.optional },
        ]}
        value={required ? 'yes' : 'no'}
        onChange={(v) => setRequired(v === 'yes')}
      />
      <TextField label={t.questions.help} value={help} onChange={setHelp} error={errors.helpText} />
      {choice && (
        <TextField label={t.questions.options} value={options} onChange={setOptions} multiline error={errors.options} />
      )}
      {errors.form && <Text className="admin-error">{errors.form}</Text>}
      <Button onClick={add}>{t.questions.add}</Button>
    </View>
  );
}

/**
 * `version` is the category's as the page holds it: saving names it, so questions someone else
 * saved meanwhile (or a category edit) are shown instead of overwritten; `onSaved` hands back the
 * category's new version, `onConflict` asks the page to reload the category.
 */
export function QuestionsEditor({
  categoryCode,
  version,
  onSaved,
  onConflict,
}: {
  categoryCode: string;
  version: number;
  onSaved?(version: number): void;
  onConflict?(): void;
}) {
  const [saved, setSaved] = useState<CategoryQuestion[]>([]);
  const [draft, setDraft] = useState<CategoryQuestion[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState(false);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [problems, setProblems] = useState<Record<string, string> | null>(null);

  useEffect(() => {
    let live = true;
    setErrors({});
    setConflict(false);
    setAnswers({});
    setProblems(null);
    adminApi.categoryQuestions(categoryCode).then(
      (r) => {
        if (!live) return;
        setSaved(r.questions);
        setDraft(r.questions);
      },
      (e: unknown) => live && setErrors(refusalOf(e).fields),
    );
    return () => {
      live = false;
    };
  }, [categoryCode]);

  /** Adds a question to the draft if the list would still pass the API's check; else says why. */
  function add(q: CategoryQuestion): FieldErrors {
    const next = [...draft, q];
    const checked = check(putCategoryQuestionsRequestSchema, { questions: next });
    if (!checked.ok) {
      const prefix = `questions.${next.length - 1}.`;
      const own = Object.fromEntries(
        Object.entries(checked.errors)
          .filter(([k]) => k.startsWith(prefix))
          .map(([k, v]) => [k.slice(prefix.length).split('.')[0]!, v]),
      );
      return Object.keys(own).length ? own : { form: Object.values(checked.errors)[0] ?? '' };
    }
    setDraft(checked.data.questions);
    return {};
  }

  function move(i: number, by: -1 | 1) {
    const next = [...draft];
    const [q] = next.splice(i, 1);
    if (q) next.splice(i + by, 0, q);
    setDraft(next);
  }

  async function save() {
    const checked = check(putCategoryQuestionsRequestSchema, { questions: draft, expectedVersion: version });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      const r = await adminApi.saveCategoryQuestions(categoryCode, checked.data.questions, version);
      setSaved(r.questions);
      setDraft(r.questions);
      setErrors({});
      setConflict(false);
      onSaved?.(r.version);
    } catch (e) {
      const refusal = refusalOf(e);
      if (refusal.code !== 'CONFLICT') return setErrors(refusal.fields);
      // Someone else saved meanwhile: show their list instead of overwriting it.
      setConflict(true);
      onConflict?.();
      adminApi.categoryQuestions(categoryCode).then(
        (r) => {
          setSaved(r.questions);
          setDraft(r.questions);
        },
        () => undefined,
      );
    }
  }

  function tryIt() {
    setProblems(problemsByQuestion(checkAnswers(draft, answers).problems));
  }

  const dirty = JSON.stringify(saved) !== JSON.stringify(draft);
  return (
    <View className="card" ariaLabel={t.questions.title}>
      <Text className="admin-title">{t.questions.title}</Text>
      <Text className="admin-muted">{t.questions.hint}</Text>
      <View className="admin-panes">
        <View className="admin-pane">
          {draft.length === 0 && <Text className="admin-muted">{t.questions.empty}</Text>}
          {draft.map((q, i) => (
            <View key={q.code} className="admin-row" data-question-row={q.code}>
              <Text className="admin-row__name">
                {i + 1}. {q.label}
              </Text>
              <Text className="admin-tag">{t.questions.kinds[q.kind]}</Text>
              <Text className="admin-tag">{q.required ? t.questions.required : t.questions.optional}</Text>
              {i > 0 && <Button onClick={() => move(i, -1)}>{t.questions.up}</Button>}
              {i < draft.length - 1 && <Button onClick={() => move(i, 1)}>{t.questions.down}</Button>}
              <Button onClick={() => setDraft(draft.filter((_, j) => j !== i))}>{t.questions.remove}</Button>
              {errorAt(errors, `questions.${i}`) && (
                <Text className="admin-error">{errorAt(errors, `questions.${i}`)}</Text>
              )}
            </View>
          ))}
          <NewQuestion onAdd={add} />
          {(errors.form ?? errors.questions) && <Text className="admin-error">{errors.form ?? errors.questions}</Text>}
          {conflict && <Text className="admin-conflict">{t.common.conflict}</Text>}
          {dirty && <Text className="admin-conflict">{t.questions.unsaved}</Text>}
          <Button type="primary" onClick={() => void save()}>
            {t.questions.save}
          </Button>
        </View>
        <View className="admin-pane" ariaLabel={t.questions.preview}>
          <Text className="admin-label">{t.questions.preview}</Text>
          <QuestionFields
            questions={draft}
            answers={answers}
            problems={problems ?? {}}
            onChange={(code, value) => {
              const next = { ...answers };
              if (value === null) delete next[code];
              else next[code] = value;
              setAnswers(next);
            }}
          />
          {draft.length > 0 && <Button onClick={tryIt}>{t.questions.tryIt}</Button>}
          {problems && Object.keys(problems).length === 0 && <Text className="admin-ok">{t.questions.tryOk}</Text>}
        </View>
      </View>
    </View>
  );
}
