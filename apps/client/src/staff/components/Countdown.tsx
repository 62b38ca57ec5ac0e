// A step's time left: colour by deadline state, and always the state in words beside it.
import { Text } from '@tarojs/components';
import type { CaseKind } from '@hotline/core';
import { countdown, type StepDeadlineView } from '../lib/countdown';
import { useNow } from '../lib/session';

export function Countdown({ deadline, kind }: { deadline: StepDeadlineView; kind: CaseKind }) {
  const now = useNow();
  const shown = countdown(deadline, kind, now);
  return <Text className={`staff-deadline staff-deadline--${shown.state}`}>{shown.label}</Text>;
}
