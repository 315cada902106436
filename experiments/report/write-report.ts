/**
 * Writes a comparison report directory: report.html, comparison.json,
 * comparison.md and comparison.csv, each atomically (temp file + rename), so
 * a reader never sees half a file.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../runs/run-dir.js';
import { comparisonCsv } from './csv.js';
import { comparisonMarkdown } from './markdown.js';
import { renderReportHtml, type ChartProgress } from './render.js';
import type { ReportData } from './report-data.js';

export interface ReportFiles {
  html: string;
  json: string;
  md: string;
  csv: string;
}

export const REPORT_FILES = { html: 'report.html', json: 'comparison.json', md: 'comparison.md', csv: 'comparison.csv' } as const;

/** Renders `data` into `dir` (created if needed) and returns the paths written; `onChart` follows the charts' rendering. */
export async function writeReport(dir: string, data: ReportData, onChart?: ChartProgress): Promise<ReportFiles> {
  const html = await renderReportHtml(data, onChart);
  mkdirSync(dir, { recursive: true });
  const files: ReportFiles = {
    html: join(dir, REPORT_FILES.html),
    json: join(dir, REPORT_FILES.json),
    md: join(dir, REPORT_FILES.md),
    csv: join(dir, REPORT_FILES.csv),
  };
  writeJsonAtomic(files.json, data);
  writeFileAtomic(files.md, comparisonMarkdown(data));
  writeFileAtomic(files.csv, comparisonCsv(data.rows));
  writeFileAtomic(files.html, html);
  return files;
}
