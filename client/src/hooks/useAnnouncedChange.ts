import { useEffect, useRef, useState } from 'react';

/**
 * What a polite live region says about `value`: nothing at first, then `say(value)` each time it
 * changes. Screen readers hear the crossings (over a limit, back within it; submitted, reopened),
 * not every render or every word typed.
 */
export function useAnnouncedChange<T>(value: T, say: (value: T) => string): string {
  const [announcement, setAnnouncement] = useState('');
  const was = useRef(value);
  // The latest wording (a title or limit may change), without making each render a change.
  const sayRef = useRef(say);
  sayRef.current = say;
  useEffect(() => {
    if (Object.is(value, was.current)) return;
    was.current = value;
    setAnnouncement(sayRef.current(value));
  }, [value]);
  return announcement;
}
