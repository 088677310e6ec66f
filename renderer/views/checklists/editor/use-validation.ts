import { useEffect, useRef, useState } from 'react';
import type { CallOutput } from '../../../../shared/contract';
import { client } from '../../../api/client';

export type Validation = CallOutput<'checklists.validate'>;

const DELAY_MS = 250;

/** Validates the text as the author types (after a short pause); an answer for an older text is dropped. */
export function useValidation(text: string | null, file: string): { result: Validation | undefined; checking: boolean; error: unknown } {
  const [result, setResult] = useState<Validation | undefined>();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const asked = useRef(0);
  useEffect(() => {
    if (text === null) return;
    const ticket = ++asked.current;
    setChecking(true);
    const timer = setTimeout(() => {
      client.call('checklists.validate', { yaml: text, file }).then(
        (answer) => {
          if (ticket !== asked.current) return;
          setResult(answer);
          setError(null);
          setChecking(false);
        },
        (failure: unknown) => {
          if (ticket !== asked.current) return;
          setError(failure);
          setChecking(false);
        },
      );
    }, DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, file]);
  return { result, checking, error };
}
