import { SHORT_FIELDS_MAP } from '@jointly/shared';
import * as Y from 'yjs';

/** Writes a short field (issue 17 item 1) as the page does: a Y.Text under `shortFields`, created on first write. */
export function writeShortFieldText(doc: Y.Doc, fieldId: string, text: string): void {
  doc.transact(() => {
    const map = doc.getMap<unknown>(SHORT_FIELDS_MAP);
    let field = map.get(fieldId);
    if (!(field instanceof Y.Text)) {
      field = new Y.Text();
      map.set(fieldId, field);
    }
    (field as Y.Text).insert((field as Y.Text).length, text);
  });
}
