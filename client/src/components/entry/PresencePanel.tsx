import type { SectionDto } from '@jointly/shared';
import type { Presence } from '../../collab/presenceFromAwareness.ts';
import { PresenceChip } from '../sections/SectionPresence.tsx';

/** "Working on it now": everyone with the entry open, and which section they are in. */
export function PresencePanel({ people, sections }: { people: Presence[]; sections: SectionDto[] }) {
  const titleOf = (sectionId: string | null) => sections.find((section) => section.id === sectionId)?.title ?? null;
  return (
    <section className="jointly-panel" aria-labelledby="presence-heading">
      <h2 className="nhsuk-heading-s" id="presence-heading">
        Working on it now
      </h2>
      {people.length === 0 ? (
        <p className="nhsuk-body-s">No one else is here right now.</p>
      ) : (
        <ul className="nhsuk-list jointly-presence-list">
          {people.map((person) => {
            const title = titleOf(person.sectionId);
            return (
              <li key={person.clientId}>
                <PresenceChip person={person} />
                <span className="jointly-presence-list__where">{title ? `In “${title}”` : 'Reading'}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
