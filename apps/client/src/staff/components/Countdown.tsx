// A step's time left: colour by deadline state, and always the state in words beside it.
import { useEffect } from 'react';
import { Text } from '@tarojs/components';
import type { CaseKind } from '@hotline/core';
import { countdown, timeRulesOf, type StepDeadlineView } from '../lib/countdown';
import { useNow } from '../lib/session';
import { useDirectory } from '../stores';

export function Countdown({ deadline, kind }: { deadline: StepDeadlineView; kind: CaseKind }) {
  const now = useNow();
  const directory = useDirectory((s) => s.directory);
  const loadDirectory = useDirectory((s) => s.load);
  useEffect(() => {
    if (!directory) void loadDirectory();
  }, [directory, loadDirectory]);
  const shown = countdown(deadline, kind, now, timeRulesOf(directory));
  return <Text className={`staff-deadline staff-deadline--${shown.state}`}>{shown.label}</Text>;
}
