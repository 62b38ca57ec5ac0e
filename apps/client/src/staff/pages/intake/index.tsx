// Phone intake, keyboard first: fields in speaking order, Ctrl+Enter submits; the caller's
// earlier cases appear once 11 digits are typed; category search, township and village picks,
// and the knowledge base beside the form to answer on the spot.
import { useEffect, useRef, useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import {
  checkAnswers,
  demandTypes,
  type AnswerValue,
  type DemandType,
  type KnowledgeSearchResponse,
  type StaffCaseSummary,
} from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { problemsByQuestion, QuestionFields } from '@/components/QuestionFields';
import { useCatalogue } from '@/stores/catalogue';
import { staffText as t } from '@/locales/zh-CN.staff';
import { Choices } from '../../components/Choices';
import { openCase, useRequireStaff } from '../../lib/session';
import { staffApi } from '../../services/staffApi';
import { useDirectory } from '../../stores';
import { searchCategories, townships, villagesOf } from '../../stores/directory';
import '../../staff.css';
import { notice } from '@/lib/notice';
import { isH5 } from '@/platform/env';
import { LabelledInput } from '@/components/LabelledInput';

const DIGITS = /\D/g;

export default function StaffIntakePage() {
  const user = useRequireStaff();
  const directory = useDirectory((s) => s.directory);
  const loadDirectory = useDirectory((s) => s.load);
  const [callerPhone, setCallerPhone] = useState('');
  const [callerName, setCallerName] = useState('');
  const [demandType, setDemandType] = useState<DemandType | null>(null);
  const [urgent, setUrgent] = useState(false);
  const [categoryQuery, setCategoryQuery] = useState('');
  const [categoryCode, setCategoryCode] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const questions = useCatalogue((s) => s.leaves.find((l) => l.code === categoryCode)?.questions) ?? [];
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [townshipId, setTownshipId] = useState<string | null>(null);
  const [villageId, setVillageId] = useState<string | null>(null);
  const [callbackWanted, setCallbackWanted] = useState(true);
  const [acceptNow, setAcceptNow] = useState(true);
  const [history, setHistory] = useState<StaffCaseSummary[] | null>(null);
  const [knowledgeQuery, setKnowledgeQuery] = useState('');
  const [knowledge, setKnowledge] = useState<KnowledgeSearchResponse['items']>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submitRef = useRef<() => void>(() => {});

  useEffect(() => {
    void loadDirectory();
    void useCatalogue.getState().load();
  }, [loadDirectory]);

  function answer(code: string, value: AnswerValue | null) {
    setAnswers(({ [code]: _old, ...rest }) => (value === null ? rest : { ...rest, [code]: value }));
    setProblems(({ [code]: _gone, ...others }) => others);
  }

  const digits = callerPhone.replace(DIGITS, '');
  useEffect(() => {
    if (digits.length !== 11) {
      setHistory(null);
      return;
    }
    let current = true;
    staffApi.casesByCaller(digits).then(
      (r) => current && setHistory(r.items),
      () => current && setHistory([]),
    );
    return () => {
      current = false;
    };
  }, [digits]);

  useEffect(() => {
    const q = knowledgeQuery.trim();
    if (!q) {
      setKnowledge([]);
      return undefined;
    }
    const timer = setTimeout(() => {
      staffApi.searchKnowledge(q, 5).then(
        (r) => setKnowledge(r.items),
        () => setKnowledge([]),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [knowledgeQuery]);

  useEffect(() => {
    if (!isH5() || typeof document === 'undefined') return undefined;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        submitRef.current();
      }
    };
    // Capture: Taro's inputs handle Enter themselves (confirm) before it would bubble up.
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, []);

  const township = directory?.units.find((u) => u.id === townshipId) ?? null;
  const village = directory?.units.find((u) => u.id === villageId) ?? null;
  const categories = searchCategories(directory, categoryQuery);

  async function submit() {
    if (busy) return;
    if (digits.length < 5 || !demandType || !description.trim()) {
      setError(t.intake.invalid);
      return;
    }
    const checked = checkAnswers(questions, answers);
    setProblems(problemsByQuestion(checked.problems));
    if (checked.problems.length) {
      setError(checked.problems[0]!.message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const filed = await staffApi.intakePhone({
        callerPhone: digits,
        ...(callerName.trim() ? { callerName: callerName.trim() } : {}),
        callbackWanted,
        demandType,
        urgency: urgent ? 'urgent' : 'normal',
        ...(categoryCode ? { categoryCode } : {}),
        description: description.trim(),
        answers,
        ...(address.trim() ? { address: address.trim() } : {}),
        ...(township?.areaCode ? { townshipCode: township.areaCode } : {}),
        ...(village?.areaCode ? { villageCode: village.areaCode } : {}),
        acceptNow,
      });
      setMessage(t.intake.submitted(filed.trackingNumber));
      notice(t.intake.submitted(filed.trackingNumber));
      setDescription('');
      setAnswers({});
      setCallerPhone('');
      setCallerName('');
      openCase(filed.id);
    } catch (e) {
      setProblems(problemsByQuestion(isApiError(e) ? e.details : null));
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  submitRef.current = () => void submit();

  if (!user) return null;
  return (
    <View className="page staff staff-columns" {...roleProps('main')}>
      <View className="staff-column staff-column--wide">
        <View className="card staff-intake">
          <LabelledInput
            label={t.intake.callerPhone}
            labelClassName="staff-label"
            className="staff-input"
            type="number"
            maxlength={13}
            value={callerPhone}
            placeholder={t.intake.callerPhone}
            focus
            onChange={setCallerPhone}
          />
          <LabelledInput
            label={t.intake.callerName}
            labelClassName="staff-label"
            className="staff-input"
            value={callerName}
            placeholder={t.intake.callerName}
            onChange={setCallerName}
          />
          <Text className="staff-label">{t.intake.demandType}</Text>
          <Choices
            label={t.intake.demandType}
            options={demandTypes.map((d) => ({ value: d, label: t.demandTypes[d] ?? d }))}
            value={demandType}
            onChange={(d) => setDemandType(d as DemandType)}
          />
          <Choices
            label={t.intake.urgency}
            options={[
              { value: 'normal', label: '一般' },
              { value: 'urgent', label: t.intake.urgency },
            ]}
            value={urgent ? 'urgent' : 'normal'}
            onChange={(v) => setUrgent(v === 'urgent')}
          />
          <Text className="staff-label">{t.intake.category}</Text>
          <Input
            className="staff-input"
            value={categoryQuery}
            placeholder={t.intake.categorySearch}
            ariaLabel={t.intake.categorySearch}
            onInput={(e) => setCategoryQuery(e.detail.value)}
          />
          <Choices
            label={t.intake.category}
            options={categories.map((c) => ({ value: c.code, label: `${c.name} ${c.code}` }))}
            value={categoryCode}
            onChange={(code) => {
              setCategoryCode(code);
              setAnswers({});
              setProblems({});
            }}
          />
          <QuestionFields questions={questions} answers={answers} problems={problems} onChange={answer} />
          <Text className="staff-label">{t.intake.description}</Text>
          <Textarea
            className="staff-textarea"
            value={description}
            maxlength={2000}
            placeholder={t.intake.description}
            ariaLabel={t.intake.description}
            onInput={(e) => setDescription(e.detail.value)}
          />
          <LabelledInput
            label={t.intake.address}
            labelClassName="staff-label"
            className="staff-input"
            value={address}
            placeholder={t.intake.address}
            onChange={setAddress}
          />
          <Text className="staff-label">{t.intake.township}</Text>
          <Choices
            label={t.intake.township}
            options={townships(directory).map((u) => ({ value: u.id, label: u.name }))}
            value={townshipId}
            onChange={(id) => {
              setTownshipId(id);
              setVillageId(null);
            }}
          />
          {townshipId && (
            <>
              <Text className="staff-label">{t.intake.village}</Text>
              <Choices
                label={t.intake.village}
                options={villagesOf(directory, townshipId).map((u) => ({ value: u.id, label: u.name }))}
                value={villageId}
                onChange={setVillageId}
              />
            </>
          )}
          <Choices
            label={t.intake.callbackWanted}
            options={[
              { value: 'yes', label: t.intake.callbackWanted },
              { value: 'no', label: '无需回访' },
            ]}
            value={callbackWanted ? 'yes' : 'no'}
            onChange={(v) => setCallbackWanted(v === 'yes')}
          />
          <Choices
            label={t.intake.acceptNow}
            options={[
              { value: 'yes', label: t.intake.acceptNow },
              { value: 'no', label: '暂不受理' },
            ]}
            value={acceptNow ? 'yes' : 'no'}
            onChange={(v) => setAcceptNow(v === 'yes')}
          />
          {error && <Text className="staff-error">{error}</Text>}
          {message && <Text className="muted">{message}</Text>}
          <Button type="primary" block loading={busy} onClick={() => void submit()}>
            {t.intake.submit}
          </Button>
        </View>
      </View>
      <View className="staff-column">
        <View className="card">
          <Text className="staff-section">{t.intake.history}</Text>
          {history === null && <Text className="muted">—</Text>}
          {history?.length === 0 && <Text className="muted">{t.intake.noHistory}</Text>}
          {history?.map((c) => (
            <View key={c.id} className="staff-history" onClick={() => openCase(c.id)}>
              <Text className="staff-case__number">{c.trackingNumber}</Text>
              <Text className="muted">{t.status[c.status] ?? c.status}</Text>
              <Text className="staff-case__summary">{c.description}</Text>
            </View>
          ))}
        </View>
        <View className="card">
          <LabelledInput
            label={t.intake.knowledge}
            labelClassName="staff-section"
            className="staff-input"
            value={knowledgeQuery}
            placeholder={t.intake.knowledgeSearch}
            onChange={setKnowledgeQuery}
          />
          {knowledge.map((k) => (
            <View key={k.id} className="staff-knowledge">
              <Text className="staff-knowledge__title">{k.title}</Text>
              <Text className="muted">{k.answer}</Text>
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}
