// A destructive action asks once: the first press turns the button into "确认…？", the second does
// it; five seconds without a second press cancels.
import { useEffect, useState } from 'react';
import { Button } from '@/components/nutui/button';
import { adminText as t } from '@/locales/zh-CN.admin';

export function ConfirmButton({
  label,
  onConfirm,
  disabled,
}: {
  label: string;
  onConfirm(): void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const timer = setTimeout(() => setAsking(false), 5000);
    return () => clearTimeout(timer);
  }, [asking]);
  return (
    <Button
      type={asking ? 'danger' : 'default'}
      disabled={disabled}
      onClick={() => {
        if (asking) {
          setAsking(false);
          onConfirm();
        } else setAsking(true);
      }}
    >
      {asking ? t.common.confirm(label) : label}
    </Button>
  );
}
