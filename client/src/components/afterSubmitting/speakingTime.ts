/**
 * How long the finalist presentation's outline takes to say (issue 17 item 4): its words at the
 * stage's pace, against the stage's time limit. Rounded to the nearest 5 seconds: a reading pace
 * is an estimate, and a figure changing on every word would be noise.
 */
export type SpeakingTime = {
  /** Estimated seconds, to the nearest 5. */
  seconds: number;
  /** Longer than the time limit (never when no limit is set). */
  over: boolean;
  /** "about 3 min 20 s of 10 min", and how far over when over. */
  text: string;
};

const ROUND_TO_SECONDS = 5;

/** "3 min 20 s", "45 s", "10 min". */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

export function speakingTime(words: number, wordsPerMinute: number, timeLimitMinutes: number | null): SpeakingTime {
  const exact = wordsPerMinute > 0 ? (words / wordsPerMinute) * 60 : 0;
  const seconds = Math.round(exact / ROUND_TO_SECONDS) * ROUND_TO_SECONDS;
  const spoken = `about ${formatDuration(seconds)}`;
  if (timeLimitMinutes === null) return { seconds, over: false, text: `${spoken} (no time limit set yet)` };
  const limit = timeLimitMinutes * 60;
  const over = seconds > limit;
  const text = `${spoken} of ${formatDuration(limit)}${over ? ` – ${formatDuration(seconds - limit)} over the time limit` : ''}`;
  return { seconds, over, text };
}
