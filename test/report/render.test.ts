import { describe, expect, it } from 'vitest';
import { escapeHtml, renderReportHtml, scopeSvgIds } from '../../experiments/report/render.js';
import type { ReportData } from '../../experiments/report/report-data.js';
import { syntheticReport } from './fixture.js';

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('renderReportHtml', () => {
  it('a self-contained page: escaped title and table rows, one <svg per chart', async () => {
    const data = syntheticReport();
    const html = await renderReportHtml(data);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>LB-OneShot-v0 &lt;comparison&gt; &amp; friends</title>');
    expect(html).not.toContain('<comparison>');
    // The table: escaped name, CI, regret and gap in percent, n/a-free mean for a NaN CI.
    expect(html).toContain('<td>ppo &lt;seed 1&gt; &amp; &quot;co&quot;</td>');
    expect(html).not.toContain('ppo <seed 1>');
    expect(html).toContain('<td>81.3 [80.61, 81.99]</td>');
    expect(html).toContain('<td>1.23%</td>');
    expect(html).toContain('<td>1.50%</td>');
    expect(html).toContain('<td>95</td>');
    expect(html).toContain('<td>wireless-lan</td>');
    // Charts: comparison, t_b curves, K curves, 2 learning curves (return, regret), 2 maps.
    expect(count(html, '<svg')).toBe(7);
    for (const id of ['comparison-chart', 'tb-curves', 'k-curves', 'learning-episodic-return', 'learning-regret', 'map-k', 'map-tb']) {
      expect(html).toContain(`<section id="${id}">`);
    }
    // Nothing loaded from outside.
    expect(html).not.toMatch(/<script|<link|src="http/);
    // Ids unique across the inlined SVGs.
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('skips sections without data', async () => {
    const data: ReportData = { ...syntheticReport(), learning: [], maps: [] };
    delete data.tbCurves;
    delete data.kCurves;
    const html = await renderReportHtml(data);
    expect(count(html, '<svg')).toBe(1);
    expect(html).not.toContain('id="tb-curves"');
    expect(html).not.toContain('id="learning-');
    const empty = await renderReportHtml({ ...data, rows: [] });
    expect(count(empty, '<svg')).toBe(0);
    expect(empty).not.toContain('id="comparison"');
  });
});

describe('html helpers', () => {
  it('escapeHtml escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it('scopeSvgIds prefixes ids and their references', () => {
    const svg = '<svg><defs><linearGradient id="gradient_0"/><clipPath id="clip1"/></defs><rect fill="url(#gradient_0)" clip-path="url(#clip1)"/><use href="#clip1"/></svg>';
    expect(scopeSvgIds(svg, 'a-')).toBe(
      '<svg><defs><linearGradient id="a-gradient_0"/><clipPath id="a-clip1"/></defs><rect fill="url(#a-gradient_0)" clip-path="url(#a-clip1)"/><use href="#a-clip1"/></svg>',
    );
  });
});
