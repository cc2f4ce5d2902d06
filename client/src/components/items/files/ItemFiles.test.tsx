import { addItem, EVIDENCE_MAP, emptyEvidence, type FileDto, readEvidenceFields } from '@jointly/shared';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { editItemFiles } from './editItemFiles.ts';
import { ItemFiles } from './ItemFiles.tsx';

const ada = { userId: 'u1', name: 'Ada Lovelace', organisation: { id: 'o1', name: 'Leeds NHS Trust' } };
const [A, B, C] = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc'];
const dto = (id: string, name: string, extra: Partial<FileDto> = {}): FileDto => ({
  id,
  name,
  type: 'application/pdf',
  size: 3 * 1024 * 1024,
  sha256: 'f'.repeat(64),
  pages: 4,
  uploadedBy: ada,
  uploadedAt: '2026-03-03T14:05:00Z',
  ...extra,
});

/** A stand-in for the browser's XMLHttpRequest: the test decides the progress and the answer. */
class FakeXhr {
  static last: FakeXhr | null = null;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  withCredentials = false;
  url = '';
  sent: FormData | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(body: FormData) {
    this.sent = body;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    act(() => this.upload.onprogress?.({ loaded, total, lengthComputable: true }));
  }
  async answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    await act(async () => this.onload?.());
  }
}

function setUp(options: { files?: string[]; editable?: boolean } = {}) {
  const doc = new Y.Doc();
  const evidence = doc.getMap<unknown>(EVIDENCE_MAP);
  addItem(evidence, { ...emptyEvidence(), title: 'Waits', files: options.files ?? [] }, 'evidence-1');
  const byId = new Map([A, B, C].map((id, i) => [id, dto(id, `report-${i + 1}.pdf`)]));
  const filesNow = () => readEvidenceFields(evidence.get('evidence-1')).files;
  const props = {
    entryId: 'entry1',
    id: 'item-evidence-1-files',
    heading: 'Attached files',
    attachLabel: 'Attach files',
    target: 'evidence: Waits',
    byId,
    maxBytes: null,
    editable: options.editable ?? true,
    onEdit: (edit: (ids: readonly string[]) => string[]) => editItemFiles(doc, 'evidence', 'evidence-1', edit),
    onUploaded: (file: FileDto) => byId.set(file.id, file),
  };
  const view = render(<ItemFiles {...props} fileIds={filesNow()} />);
  const redraw = () => view.rerender(<ItemFiles {...props} fileIds={filesNow()} />);
  return { filesNow, redraw };
}

const pdf = (name = 'audit.pdf') => new File(['%PDF-1.7 test'], name, { type: 'application/pdf' });

describe('ItemFiles (issue 13)', () => {
  beforeEach(() => vi.stubGlobal('XMLHttpRequest', FakeXhr));
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('the visible button opens the real file input, which takes several files of the allowed types', () => {
    setUp();
    const button = screen.getByRole('button', { name: 'Attach files to evidence: Waits' });
    const input = document.getElementById('item-evidence-1-files-input') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.multiple).toBe(true);
    expect(input.accept).toContain('application/pdf');
    expect(input.accept).toContain('.docx');
    const click = vi.spyOn(input, 'click');
    button.focus();
    expect(document.activeElement).toBe(button);
    // A <button> turns Enter and Space into a click; the click opens the picker.
    fireEvent.click(button);
    expect(click).toHaveBeenCalledOnce();
  });

  it('shows each upload’s progress, then adds the stored file to the item’s files in the document', async () => {
    const { filesNow, redraw } = setUp({ files: [A] });
    const input = document.getElementById('item-evidence-1-files-input') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [pdf()] } });
    const xhr = FakeXhr.last!;
    expect(xhr.url).toBe('/api/entries/entry1/files');
    expect(xhr.withCredentials).toBe(true);
    expect((xhr.sent!.get('file') as File).name).toBe('audit.pdf');
    xhr.progress(40, 100);
    const progress = screen.getByRole('progressbar', { name: 'Uploading audit.pdf' }) as HTMLProgressElement;
    expect(progress.value).toBe(40);
    expect(document.querySelector('.jointly-attach__uploads [aria-hidden="true"]')?.textContent).toBe('40%');
    await xhr.answer(201, dto(B, 'audit.pdf'));
    expect(filesNow()).toEqual([A, B]);
    expect(screen.getByRole('status').textContent).toBe('Attached audit.pdf.');
    redraw();
    expect([...document.querySelectorAll('.jointly-file__name')].map((e) => e.textContent)).toEqual([
      'report-1.pdf',
      'audit.pdf',
    ]);
  });

  it('says why the server refused a file, next to the button and linked to it', async () => {
    setUp();
    const input = document.getElementById('item-evidence-1-files-input') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [pdf('fake.pdf')] } });
    await FakeXhr.last!.answer(422, {
      error: { code: 'file_rejected', message: 'The file says it is a PDF but it is not one.' },
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Error: fake.pdf was not accepted: The file says it is a PDF but it is not one.');
    const button = screen.getByRole('button', { name: /Attach files/ });
    expect(button.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
  });

  it('refuses on the page what the server would, without sending it', () => {
    setUp();
    FakeXhr.last = null;
    const input = document.getElementById('item-evidence-1-files-input') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' })] } });
    expect(FakeXhr.last).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch(/logo\.svg is not a file Jointly accepts/);
  });

  it('moves, replaces and removes files in the document’s list', async () => {
    const { filesNow, redraw } = setUp({ files: [A, B, C] });
    fireEvent.click(screen.getByRole('button', { name: /^Move down\s+report-1\.pdf$/ }));
    expect(filesNow()).toEqual([B, A, C]);
    redraw();
    fireEvent.click(screen.getByRole('button', { name: /^Move up\s+report-3\.pdf$/ }));
    expect(filesNow()).toEqual([B, C, A]);
    redraw();
    expect(screen.queryByRole('button', { name: /^Move up\s+report-2\.pdf$/ })).toBeNull();
    const replacement = 'dddddddddddddddd';
    const rows = screen.getAllByRole('listitem');
    const replaceInput = rows[1]!.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(replaceInput, { target: { files: [pdf('report-3-v2.pdf')] } });
    await FakeXhr.last!.answer(201, dto(replacement, 'report-3-v2.pdf'));
    expect(filesNow()).toEqual([B, replacement, A]);
    redraw();
    fireEvent.click(screen.getByRole('button', { name: /^Remove\s+report-1\.pdf$/ }));
    // Asked first; nothing changes until confirmed.
    expect(filesNow()).toEqual([B, replacement, A]);
    expect(document.activeElement?.textContent).toBe('Remove report-1.pdf?');
    // Cancel puts focus back on the Remove button it came from.
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Remove\s+report-1\.pdf$/ }));
    expect(filesNow()).toEqual([B, replacement, A]);
    fireEvent.click(screen.getByRole('button', { name: /^Remove\s+report-1\.pdf$/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove file' }));
    expect(filesNow()).toEqual([B, replacement]);
  });

  it('shows what the server recorded about each file, and gives viewers downloads only', () => {
    setUp({ files: [A], editable: false });
    const row = screen.getByRole('listitem');
    expect(row.querySelector('.jointly-file__name')?.textContent).toBe('report-1.pdf');
    expect(row.textContent).toContain('PDF, 3 MB, 4 pages');
    expect(row.textContent).toContain('Uploaded by Ada Lovelace (Leeds NHS Trust)');
    expect(within(row).getByRole('link', { name: 'Download report-1.pdf' }).getAttribute('href')).toBe(
      `/api/entries/entry1/files/${A}`,
    );
    expect((row.querySelector('img') as HTMLImageElement).getAttribute('alt')).toBe('');
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(document.querySelector('input[type=file]')).toBeNull();
  });

  it('a name is shown as text, never as markup', () => {
    setUp({ files: [A] });
    expect(document.querySelector('.jointly-file__name strong')?.textContent).toBe('report-1.pdf');
  });
});
