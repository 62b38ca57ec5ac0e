// The save of an admin form over a versioned record: the field errors to show, whether someone else
// saved first (CONFLICT: the caller shows theirs), and whether this save went through.
import { useEffect, useState } from 'react';
import { refusalOf, type FieldErrors } from './forms';

/** `resetOn`: when it changes (another record picked), the form starts clean. */
export function useVersionedSave(resetOn?: unknown) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setErrors({});
    setSaved(false);
    setConflict(false);
  }, [resetOn]);

  /** Sends `request`; the saved record goes to `onSaved`, a conflict to `onConflict`, other refusals beside their fields. */
  async function submit<T>(request: () => Promise<T>, onSaved: (next: T) => void, onConflict: () => void) {
    try {
      const next = await request();
      setErrors({});
      setConflict(false);
      setSaved(true);
      onSaved(next);
    } catch (e) {
      const refusal = refusalOf(e);
      setSaved(false);
      if (refusal.code === 'CONFLICT') {
        setConflict(true);
        onConflict();
      } else setErrors(refusal.fields);
    }
  }

  return { errors, setErrors, conflict, saved, submit };
}
