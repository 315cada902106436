/**
 * The comparison as markdown (GitHub tables): `comparisonMarkdownTable` for
 * the table alone, `comparisonMarkdown` for comparison.md (title, settings,
 * table). Pipes and newlines in names are escaped so a row stays one row.
 */
import { comparisonNote, comparisonTableCells } from './comparison-table.js';
import type { ComparisonRow, ReportData } from './report-data.js';

function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function comparisonMarkdownTable(rows: ComparisonRow[], env?: string): string {
  const { headers, cells } = comparisonTableCells(rows, env);
  const line = (r: string[]) => `| ${r.map(escapeCell).join(' | ')} |`;
  return [line(headers), `|${headers.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`, ...cells.map(line)].join('\n');
}

export function comparisonMarkdown(data: ReportData): string {
  const settings = [
    `- env: \`${data.env}\``,
    `- env kwargs: \`${JSON.stringify(data.envKwargs)}\``,
    `- scenario: ${data.scenario}`,
    `- seed: ${data.seed}, episodes per policy: ${data.episodes} (common random numbers)`,
    `- created: ${data.createdAt}`,
  ];
  return `# ${data.title.replace(/\r?\n/g, ' ')}\n\n${settings.join('\n')}\n\n${comparisonMarkdownTable(data.rows, data.env)}\n\n${comparisonNote(data)}\n${loadSweepMarkdown(data)}`;
}

/** The per-load tables of `compare --loads` (empty without a sweep). */
export function loadSweepMarkdown(data: ReportData): string {
  if (data.loadSweep === undefined) return '';
  return data.loadSweep.levels.map((level) => `\n## Load ${level.load}\n\n${comparisonMarkdownTable(level.rows, data.env)}\n`).join('');
}
