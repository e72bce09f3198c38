import { BadRequestException, type Type } from '@nestjs/common';
import { PlatformValidationPipe } from '@app/platform';
import { CreateRatingDto } from './create-rating.dto';
import { RatingPeriodQueryDto } from './rating-period-query.dto';

// The platform's global pipe, configured as in PlatformModule.
const pipe = new PlatformValidationPipe();

async function parsed(dto: Type, value: unknown, type: 'body' | 'query' = 'body'): Promise<{ value?: unknown; problems: string[] }> {
  try {
    return { value: await pipe.transform(value, { type, metatype: dto }), problems: [] };
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return { problems: (error.getResponse() as { message: string[] }).message };
  }
}

describe(CreateRatingDto.name, () => {
  it('takes a satisfaction alone, or with criteria and a comment', async () => {
    expect((await parsed(CreateRatingDto, { satisfaction: 'satisfied' })).problems).toEqual([]);
    const full = { satisfaction: 'very_satisfied', criteria: { access: 'satisfied', onTime: 'not_satisfied', attitude: 'very_satisfied', guidance: 'satisfied' }, comment: 'Nhanh gọn.' };
    expect((await parsed(CreateRatingDto, full)).problems).toEqual([]);
  });

  it('refuses a missing or unknown level, an unknown criterion and unknown fields', async () => {
    expect((await parsed(CreateRatingDto, {})).problems).toEqual([expect.stringMatching(/^satisfaction/)]);
    expect((await parsed(CreateRatingDto, { satisfaction: 'happy' })).problems).toEqual([expect.stringMatching(/^satisfaction/)]);
    expect((await parsed(CreateRatingDto, { satisfaction: 'satisfied', criteria: { access: 'meh' } })).problems).toEqual([expect.stringMatching(/^criteria\.access/)]);
    expect((await parsed(CreateRatingDto, { satisfaction: 'satisfied', criteria: { price: 'satisfied' } })).problems).toEqual(['criteria.property price should not exist']);
    expect((await parsed(CreateRatingDto, { satisfaction: 'satisfied', criteria: 'good' })).problems).not.toEqual([]);
    expect((await parsed(CreateRatingDto, { satisfaction: 'satisfied', personalId: '001099012345' })).problems).toEqual(['property personalId should not exist']);
  });

  it('measures the comment in NFC characters, up to 1000, and drops a blank one', async () => {
    // "ệ" decomposed is three code points; composed, one.
    const decomposed = 'e\u0323\u0302'.repeat(1000);
    const accepted = await parsed(CreateRatingDto, { satisfaction: 'satisfied', comment: decomposed });
    expect(accepted.problems).toEqual([]);
    expect((accepted.value as CreateRatingDto).comment).toBe('ệ'.repeat(1000));
    expect((await parsed(CreateRatingDto, { satisfaction: 'satisfied', comment: 'ệ'.repeat(1001) })).problems).toEqual([expect.stringMatching(/^comment/)]);
    expect(((await parsed(CreateRatingDto, { satisfaction: 'satisfied', comment: '   ' })).value as CreateRatingDto).comment).toBeUndefined();
    expect((await parsed(CreateRatingDto, { satisfaction: 'satisfied', comment: 42 })).problems).toContain('comment must be a string');
  });
});

describe(RatingPeriodQueryDto.name, () => {
  it('takes months and a procedure, and refuses anything else', async () => {
    expect((await parsed(RatingPeriodQueryDto, { from: '2026-01', to: '2026-03', procedureCode: 'JUS-CRIMINAL-RECORD' }, 'query')).problems).toEqual([]);
    expect((await parsed(RatingPeriodQueryDto, { from: ['2026-01', '2026-02'] }, 'query')).problems).toEqual([expect.stringMatching(/^from/)]);
    expect((await parsed(RatingPeriodQueryDto, { agencyCode: '000.00.15.H26' }, 'query')).problems).toEqual(['property agencyCode should not exist']);
  });
});
