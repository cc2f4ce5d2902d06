import type { ItemProvenanceDto } from '@jointly/shared';

/** What a citation of an item shows. */
export type ExhibitState =
  /** The document has not loaded yet: nothing is known about the item. */
  | { status: 'unknown' }
  /** The item exists but the server has not told us its label yet. */
  | { status: 'pending' }
  /** No such item in the document (deleted, or never existed). */
  | { status: 'missing' }
  | { status: 'labelled'; label: string };

/** How an item is referred to in lists and citations: "E3", or a placeholder. */
export function exhibitText(state: ExhibitState): string {
  switch (state.status) {
    case 'labelled':
      return state.label;
    case 'pending':
      return '[label pending]';
    case 'missing':
      return '[missing exhibit]';
    case 'unknown':
      return 'exhibit';
  }
}

/**
 * The exhibit labels of an entry's items, for the citations in every section
 * editor: items come live from the shared document, labels from the server's
 * provenance. Citations subscribe and re-render when a label is assigned or an
 * item disappears (so "see E3" follows a relabel).
 */
export class ExhibitDirectory {
  private states = new Map<string, ExhibitState>();
  private loaded = false;
  /** Labels of live items, or null while the server's labels are not known (typed references are then not judged). */
  private liveLabels: ReadonlySet<string> | null = null;
  private readonly listeners = new Set<() => void>();

  get(itemId: string): ExhibitState {
    if (!this.loaded) return { status: 'unknown' };
    return this.states.get(itemId) ?? { status: 'missing' };
  }

  /**
   * What a reference typed as text ("see E4") points at: a live item's label,
   * a label no live item has (flagged like a citation of a missing item), or
   * unknown until the document and the server's labels have loaded.
   */
  labelStatus(label: string): 'unknown' | 'live' | 'missing' {
    if (!this.loaded || this.liveLabels === null) return 'unknown';
    return this.liveLabels.has(label) ? 'live' : 'missing';
  }

  /** The live item a typed label stands for, once the server's labels are known (else null). */
  itemIdOfLabel(label: string): string | null {
    if (this.labelStatus(label) !== 'live') return null;
    for (const [itemId, state] of this.states) if (state.status === 'labelled' && state.label === label) return itemId;
    return null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replaces what is known: the ids of the live items, and the server's labels
   * (`labelsKnown`: the provenance is the server's, read; only then are typed references judged,
   * so a view relabelling exhibits its own way, or one still loading, flags none).
   */
  update(liveItemIds: readonly string[] | null, provenance: readonly ItemProvenanceDto[], labelsKnown = false): void {
    const labels = new Map(provenance.filter((item) => item.label).map((item) => [item.itemId, item.label]));
    const next = new Map<string, ExhibitState>();
    for (const id of liveItemIds ?? []) {
      const label = labels.get(id);
      next.set(id, label ? { status: 'labelled', label } : { status: 'pending' });
    }
    const loaded = liveItemIds !== null;
    const liveLabels = labelsKnown
      ? new Set([...next.values()].flatMap((state) => (state.status === 'labelled' ? [state.label] : [])))
      : null;
    if (loaded === this.loaded && sameStates(next, this.states) && sameLabels(liveLabels, this.liveLabels)) return;
    this.states = next;
    this.loaded = loaded;
    this.liveLabels = liveLabels;
    for (const listener of this.listeners) listener();
  }
}

function sameLabels(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): boolean {
  if (a === null || b === null) return a === b;
  return a.size === b.size && [...a].every((label) => b.has(label));
}

function sameStates(a: Map<string, ExhibitState>, b: Map<string, ExhibitState>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, state] of a) {
    const other = b.get(id);
    if (!other || exhibitText(other) !== exhibitText(state) || other.status !== state.status) return false;
  }
  return true;
}
