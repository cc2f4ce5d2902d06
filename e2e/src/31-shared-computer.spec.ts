import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { EntryPage } from './pages/EntryPage.ts';
import { createEntryThroughApi, signUpThroughApi } from './support/api.ts';
import { CO_DESIGN } from './support/partnershipCategory.ts';
import { newEntryTitle, newPerson, uniqueTag } from './support/people.ts';
import { useScenario } from './support/useScenario.ts';

const scenario = useScenario('31-shared-computer');

/** What the browser keeps, read from the page: every IndexedDB database, store and value, and web storage. */
type StorageScan = {
  databases: string[];
  records: number;
  bytes: number;
  /** Where a needle was found in clear text: "database/store" or "localStorage"/"sessionStorage". */
  found: string[];
};

/**
 * Reads everything this origin keeps in IndexedDB (every database `indexedDB.databases()` lists,
 * every object store, every key and value) and in local and session storage, as raw bytes: binary
 * values as they are, strings as UTF-8 and as UTF-16, objects field by field. Reports where any
 * needle occurs.
 */
function scanStorage(page: Page, needles: string[]): Promise<StorageScan> {
  return page.evaluate(async (needles) => {
    const utf16 = (text: string) => {
      const bytes = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        bytes[i * 2] = text.charCodeAt(i) & 0xff;
        bytes[i * 2 + 1] = text.charCodeAt(i) >> 8;
      }
      return bytes;
    };
    const patterns = needles.flatMap((needle) => [new TextEncoder().encode(needle), utf16(needle)]);
    const has = (haystack: Uint8Array) =>
      patterns.some((pattern) => {
        outer: for (let i = 0; i + pattern.length <= haystack.length; i++) {
          for (let j = 0; j < pattern.length; j++) if (haystack[i + j] !== pattern[j]) continue outer;
          return true;
        }
        return false;
      });
    const bytesOf = (value: unknown, out: Uint8Array[]): void => {
      if (value instanceof ArrayBuffer) out.push(new Uint8Array(value));
      else if (ArrayBuffer.isView(value)) out.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      else if (typeof value === 'string') out.push(new TextEncoder().encode(value), utf16(value));
      else if (value instanceof Blob) throw new Error('a Blob in IndexedDB: read it too');
      else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          bytesOf(k, out);
          bytesOf(v, out);
        }
      } else if (value !== undefined && value !== null) out.push(new TextEncoder().encode(String(value)));
    };
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });

    const scan = { databases: [] as string[], records: 0, bytes: 0, found: [] as string[] };
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      scan.databases.push(info.name);
      const db = await request(indexedDB.open(info.name));
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        scan.records += values.length;
        const chunks: Uint8Array[] = [];
        bytesOf(keys, chunks);
        bytesOf(values, chunks);
        for (const chunk of chunks) scan.bytes += chunk.length;
        if (chunks.some(has)) scan.found.push(`${info.name}/${storeName}`);
      }
      db.close();
    }
    for (const [where, storage] of [
      ['localStorage', localStorage],
      ['sessionStorage', sessionStorage],
    ] as const) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < storage.length; i++) bytesOf([storage.key(i), storage.getItem(storage.key(i) ?? '')], chunks);
      if (chunks.some(has)) scan.found.push(where);
    }
    return scan;
  }, needles);
}

/** The sealed records of one copy, as base64, to try opening later with another session's key. */
function sealedRecords(page: Page, database: string): Promise<string[]> {
  return page.evaluate(async (database) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(database);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const values = await new Promise<unknown[]>((resolve, reject) => {
      const r = db.transaction('sealed', 'readonly').objectStore('sealed').getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    db.close();
    return values.map((value) => btoa(String.fromCharCode(...(value as Uint8Array))));
  }, database);
}

/**
 * Opens records with the key the server issues to the page's current session (AES-GCM, the copy's
 * name as additional data, as client/src/collab/sealedRecords.ts seals them); returns what opened,
 * as one string (null for a record that did not open). The key endpoint answering 401: undefined.
 */
function openWithSessionKey(page: Page, database: string, records: string[]): Promise<(string | null)[] | undefined> {
  return page.evaluate(
    async ({ database, records }) => {
      const response = await fetch('/api/me/offline-copy-key');
      if (response.status === 401) return undefined;
      const { key } = (await response.json()) as { key: string };
      const raw = Uint8Array.from(atob(key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      const cryptoKey = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
      return Promise.all(
        records.map(async (record) => {
          const bytes = Uint8Array.from(atob(record), (c) => c.charCodeAt(0));
          try {
            const plain = await crypto.subtle.decrypt(
              { name: 'AES-GCM', iv: bytes.subarray(1, 13), additionalData: new TextEncoder().encode(database) },
              cryptoKey,
              bytes.subarray(13),
            );
            return new TextDecoder('utf-8', { fatal: false }).decode(plain);
          } catch {
            return null;
          }
        }),
      );
    },
    { database, records },
  );
}

describe('Issue 18 item 3: no patient data left on a shared computer', () => {
  test('the offline copy holds no testimonial name in clear text, and signing out leaves nothing readable', async () => {
    // The page's own probe of the key once signed out answers 401: that is what is tested.
    scenario.expectConsoleErrors(/status of 401 \(Unauthorized\) \(http:\/\/[^/]+\/api\/me\/offline-copy-key\)$/);
    const person = newPerson('nhs_trust');
    const { page, context } = await scenario.openBrowser('trust', person);
    await signUpThroughApi(context, person);
    const title = newEntryTitle();
    const entryDto = await createEntryThroughApi(context, title);
    const copyName = `jointly:entry:${entryDto.id}`;
    const entry = await new EntryPage(page).goto(entryDto.id);
    await entry.waitUntilSaved(title);

    const tag = uniqueTag();
    const name = `Philippa Quarrington ${tag}`;
    const role = `Ward sister on Larch ${tag}`;
    const quote = `The night team sat with my mother every evening ${tag}`;
    const howRecorded = `Signed form kept by the Larch ward ${tag}`;
    await entry.items.addTestimonial({
      quote,
      kind: 'Patient',
      name,
      role,
      consent: { given: true, date: '2026-03-01', howRecorded, covers: ['Judging the award'] },
    });
    await entry.items.region.getByRole('heading', { level: 4, name: `E1: ${name}` }).waitFor();
    // Section text names the patient too, as real answers do (typed: one update, one record, a key).
    await entry.section(CO_DESIGN).typeAtEnd(`As ${name} told us, the ward changed.`);
    await entry.waitForConnection('saved');

    // The copy has the testimonial (it opens, with this session's key, to bytes holding the name) …
    await expect
      .poll(
        async () => {
          const opened = await openWithSessionKey(page, copyName, await sealedRecords(page, copyName));
          return (opened ?? []).some((plain) => plain?.includes(name));
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    // … and none of its personal fields, nor the section text, is anywhere in the browser's storage in clear text.
    const needles = [name, role, quote, howRecorded, tag];
    const whileSignedIn = await scanStorage(page, needles);
    expect(whileSignedIn.databases).toContain(copyName);
    expect(whileSignedIn.records).toBeGreaterThan(0);
    expect(whileSignedIn.bytes).toBeGreaterThan(name.length);
    expect(whileSignedIn.found, 'clear text in the browser storage while signed in').toEqual([]);
    // The scan does find clear text when it is there (a database written by the test, then deleted).
    await page.evaluate(async (name) => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const r = indexedDB.open('scan-check');
        r.onupgradeneeded = () => r.result.createObjectStore('s', { autoIncrement: true });
        r.onsuccess = () => resolve(r.result);
      });
      const t = db.transaction('s', 'readwrite');
      t.objectStore('s').add(new TextEncoder().encode(`{"personName":"${name}"}`));
      await new Promise((resolve) => {
        t.oncomplete = resolve;
      });
      db.close();
    }, name);
    expect((await scanStorage(page, [name])).found).toEqual(['scan-check/s']);
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          indexedDB.deleteDatabase('scan-check').onsuccess = resolve;
        }),
    );
    const leftBehind = await sealedRecords(page, copyName);

    // Signing out on the shared computer: the copy is deleted, the key is no longer issued.
    await entry.signOutButton.click();
    // The sign-in page, with or without a `next` back to the entry (the page's guard may add one).
    await page.waitForURL((url) => url.pathname === '/signin');
    // Only listed while it goes: opening it then would make a new, empty one.
    await expect
      .poll(() => page.evaluate(async () => (await indexedDB.databases()).map((info) => info.name)), { timeout: 5_000 })
      .toEqual([]);
    const afterSignOut = await scanStorage(page, needles);
    expect(afterSignOut.records).toBe(0);
    expect(afterSignOut.found, 'clear text in the browser storage after sign-out').toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('jointly:offline-entries'))).toBe('[]');
    expect(await openWithSessionKey(page, copyName, leftBehind), 'the key once signed out').toBeUndefined();

    // Had the copy been left behind (a browser killed before sign-out, a session that expired), it
    // stays sealed: the next session, even the same person's, gets another key, which opens none of it.
    const signIn = await context.request.post('/api/auth/login', {
      data: { email: person.email, password: person.password },
    });
    expect(signIn.status()).toBe(200);
    const withNextSession = await openWithSessionKey(page, copyName, leftBehind);
    expect(withNextSession).toHaveLength(leftBehind.length);
    expect(withNextSession?.every((plain) => plain === null)).toBe(true);
  });
});
