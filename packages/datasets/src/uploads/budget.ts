import { DistilleryError } from '@distillery/contracts';
import { locate, type Where } from './errors.ts';

/**
 * Counts values (rows × values per row) over train and test while pass 1 reads them, so an upload
 * too large to hold is refused before anything is allocated for it.
 */
export class ValueBudget {
  private used = 0;

  constructor(readonly max: number) {}

  take(count: number, where: Where): void {
    this.used += count;
    if (this.used > this.max) {
      throw new DistilleryError(
        'upload_too_large',
        `${locate(where)}: the dataset holds more than ${this.max} values (rows × values per row, train and test together), the most one upload may hold; upload fewer rows or features`,
        where.file.field,
      );
    }
  }
}
