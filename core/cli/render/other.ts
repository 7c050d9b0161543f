/** compare, backup, catalog and capture for a person. */
import type { BackupResult, CaptureResult, CatalogResult, CompareResult, ComplianceResult } from '../../protocol';
import { terminalText } from '../../messages';
import { bold, dim, green, red, type Style } from '../style';
import { table } from '../text-layout';

export function renderCompare(result: CompareResult, style: Style): string[] {
  if (result.inDesiredState) return [green(style, terminalText('OUT_IN_DESIRED_STATE'))];
  const columns = [
    { header: bold(style, terminalText('OUT_COLUMN_STORE')) },
    { header: bold(style, terminalText('OUT_COLUMN_FIELD')) },
    { header: bold(style, terminalText('OUT_COLUMN_ACTUAL')), shrink: true },
    { header: bold(style, terminalText('OUT_COLUMN_DESIRED')), shrink: true },
  ];
  const none = dim(style, terminalText('OUT_NONE'));
  const rows = result.differences.map((d) => [d.store, d.field, d.actual ?? none, d.desired ?? none]);
  return [
    red(
      style,
      result.differences.length === 1
        ? terminalText('OUT_DIFFERENCES_ONE')
        : terminalText('OUT_DIFFERENCES', { count: result.differences.length }),
    ),
    '',
    ...table(columns, rows, style.width),
  ];
}

/** A compliance result: its one line (what an agent logs), then the differences as compare shows them. */
export function renderCompliance(result: ComplianceResult, style: Style): string[] {
  const line = result.compliant ? green(style, result.summary) : red(style, result.summary);
  if (result.differences.length === 0 || result.status === 'repaired') return [line];
  return [line, '', ...renderCompare({ inDesiredState: false, differences: result.differences }, style).slice(2)];
}

export function renderBackups(result: BackupResult, style: Style): string[] {
  if (result.backups.length === 0) return [terminalText('OUT_NO_BACKUPS')];
  const columns = [
    { header: bold(style, terminalText('OUT_COLUMN_ID')) },
    { header: bold(style, terminalText('OUT_COLUMN_CREATED')) },
    { header: bold(style, terminalText('OUT_COLUMN_REASON')) },
    { header: bold(style, terminalText('OUT_COLUMN_TARGETS')), shrink: true },
  ];
  const rows = result.backups.map((b) => [b.id, b.created, b.reason, b.targets.join(', ')]);
  return table(columns, rows, style.width);
}

export function renderCatalog(result: CatalogResult, style: Style): string[] {
  const columns = [
    { header: bold(style, terminalText('OUT_COLUMN_URL')), shrink: true },
    { header: bold(style, terminalText('OUT_COLUMN_PURPOSE')), shrink: true },
    { header: bold(style, terminalText('OUT_COLUMN_EXPECTED')) },
  ];
  const out = table(
    columns,
    result.urls.map((u) => [u.url, u.purpose, u.expectedStatus.join(', ')]),
    style.width,
  );
  if (result.serviceTags && result.serviceTags.length > 0) {
    const tagColumns = [
      { header: bold(style, terminalText('OUT_COLUMN_HOST')) },
      { header: bold(style, terminalText('OUT_COLUMN_ADDRESS')) },
      { header: bold(style, terminalText('OUT_COLUMN_TAGS')), shrink: true },
    ];
    const rows = result.serviceTags.map((t) => [
      t.host,
      t.address,
      t.tags.length > 0 ? t.tags.join(', ') : dim(style, terminalText('OUT_NONE')),
    ]);
    out.push('', ...table(tagColumns, rows, style.width));
  }
  return out;
}

export function renderCapture(result: CaptureResult, style: Style): string[] {
  return [
    bold(style, terminalText('OUT_CAPTURED', { path: result.image })),
    terminalText('OUT_CAPTURED_KEYS', { count: result.registryKeys.length }),
    ...result.files.map((f) => `  ${f}`),
  ];
}
