export interface Column<Row> {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
  cell(row: Row): string;
}

/**
 * A plain-text table: a header row, then one line per row, columns two spaces
 * apart, each as wide as its widest cell. No box drawing, so it pastes well.
 */
export function renderTable<Row>(columns: Column<Row>[], rows: Row[]): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)));
  const format = (line: string[]) =>
    line
      .map((cell, i) => (columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [format(columns.map((column) => column.header)), ...cells.map(format)].join('\n');
}
