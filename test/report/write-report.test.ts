import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReportData } from '../../experiments/report/parse-report-data.js';
import { writeReport } from '../../experiments/report/write-report.js';
import { syntheticReport } from './fixture.js';

describe('writeReport', () => {
  it('writes report.html, comparison.json/md/csv and no temp files', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lbgym-report-')), 'nested', 'out');
    const data = syntheticReport();
    const files = await writeReport(dir, data);
    expect(files).toEqual({
      html: join(dir, 'report.html'),
      json: join(dir, 'comparison.json'),
      md: join(dir, 'comparison.md'),
      csv: join(dir, 'comparison.csv'),
    });
    expect(readdirSync(dir).sort()).toEqual(['comparison.csv', 'comparison.json', 'comparison.md', 'report.html']);
    expect(readFileSync(files.html, 'utf8')).toContain('<svg');
    expect(readFileSync(files.md, 'utf8')).toContain('| regeneration-optimal | baseline |');
    expect(readFileSync(files.csv, 'utf8').split('\n')[0]).toBe('name,kind,mean_completion,ci_low,ci_high,regret,gap,jain,mean_return,normalized_regret');
    // comparison.json reads back to the same data (NaN written as null and read back as NaN).
    expect(parseReportData(JSON.parse(readFileSync(files.json, 'utf8')), files.json)).toEqual(data);
  });
});
