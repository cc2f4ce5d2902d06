import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataExportPanel } from './DataExportPanel.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('DataExportPanel (issue 18 item 6)', () => {
  it('saves the answer of GET /api/me/data-export as a dated JSON file and says so', async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string, init?: RequestInit) => {
        calls.push(`${init?.method ?? 'GET'} ${path}`);
        return json({ format: 'jointly-subject-access-export/1', generatedAt: '2026-12-05T16:00:00.000Z' });
      }),
    );
    const saved: { name: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, href: this.href });
    });
    render(<DataExportPanel />);
    expect(screen.getByRole('heading', { level: 2, name: 'Your data' })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Download your data' }));
    });
    expect(calls).toEqual(['GET /api/me/data-export']);
    expect(saved).toEqual([{ name: 'jointly-my-data-2026-12-05.json', href: expect.stringMatching(/^blob:/) }]);
    expect(screen.getByRole('status').textContent).toBe(
      'Your data has been downloaded as jointly-my-data-2026-12-05.json.',
    );
  });

  it('says why in words when the server refuses (too many downloads), and saves nothing', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(
          { error: { code: 'rate_limited', message: 'You have downloaded your data several times in a short time.' } },
          429,
          { 'Retry-After': '600' },
        ),
      ),
    );
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    render(<DataExportPanel />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Download your data' }));
    });
    expect(click).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('You have downloaded your data several times');
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
