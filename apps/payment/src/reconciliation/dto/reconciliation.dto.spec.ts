import type { ArgumentMetadata } from '@nestjs/common';
import { ApiError, PlatformValidationPipe } from '@app/platform';
import { OrdersCsvQueryDto, OrdersReportQueryDto } from './reconciliation.dto';

async function refusal(metatype: ArgumentMetadata['metatype'], query: Record<string, string>): Promise<string | undefined> {
  try {
    await new PlatformValidationPipe().transform(query, { type: 'query', metatype });
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? error.code : (error as { getResponse(): { message: string[] } }).getResponse().message.join('; ');
  }
}

describe(OrdersCsvQueryDto.name, () => {
  const range = { from: '2026-12-01', to: '2026-12-31' };

  it('takes the range alone, checked as the paged report checks it', async () => {
    expect(await refusal(OrdersCsvQueryDto, range)).toBeUndefined();
    expect(await refusal(OrdersCsvQueryDto, { ...range, from: '2026-02-30' })).toContain('from must be a valid ISO 8601 date string');
  });

  // The whole range is one file: a cursor or a page size would be silently ignored, so the client is told.
  it.each<Record<string, string>>([{ cursor: 'bm90IG9uZSBvZiBvdXJz' }, { limit: '20' }])('refuses paging (%o), which the paged report takes', async (paging) => {
    expect(await refusal(OrdersCsvQueryDto, { ...range, ...paging })).toMatch(/should not exist/);
    expect(await refusal(OrdersReportQueryDto, { ...range, ...paging })).toBeUndefined();
  });
});
