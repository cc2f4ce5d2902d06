/** Date and time fields in UK time (what people type) to and from ISO instants. */
const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as UK date "YYYY-MM-DD" and time "HH:MM". */
export function ukParts(iso: string): { date: string; time: string } {
  const p = Object.fromEntries(PARTS.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** UK date and time (GMT or BST, whichever is in force then) as an ISO instant; null if not a real date and time. */
export function ukInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(asUtc)) return null;
  for (const candidate of [asUtc, asUtc - 60 * 60 * 1000]) {
    const back = ukParts(new Date(candidate).toISOString());
    if (back.date === date && back.time === time) return new Date(candidate).toISOString();
  }
  return null;
}
