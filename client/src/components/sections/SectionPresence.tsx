import type { Presence } from '../../collab/presenceFromAwareness.ts';

/** "In this section now: …", each person with their organisation colour. */
export function SectionPresence({ people }: { people: Presence[] }) {
  if (people.length === 0) return null;
  return (
    <div className="jointly-section-presence">
      <span className="jointly-section-presence__label">In this section now:</span>
      <ul className="jointly-presence-chips">
        {people.map((person) => (
          <li key={person.clientId}>
            <PresenceChip person={person} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PresenceChip({ person }: { person: Presence }) {
  return (
    <span className="jointly-chip" style={{ borderColor: person.color }}>
      <span className="jointly-chip__swatch" style={{ backgroundColor: person.color }} aria-hidden="true" />
      <span>
        {person.name}
        {person.isSelf ? ' (you)' : ''}
        {person.organisationName ? <span className="jointly-chip__org">, {person.organisationName}</span> : null}
      </span>
    </span>
  );
}
