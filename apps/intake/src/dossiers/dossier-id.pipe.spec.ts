import { type ApiError } from '@app/platform';
import { DossierIdPipe } from './dossier-id.pipe';

describe(DossierIdPipe.name, () => {
  const pipe = new DossierIdPipe();

  it('passes a UUID through, lower-cased', () => {
    expect(pipe.transform('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it.each(['42', 'not-a-uuid', "' OR 1=1 --", ''])('answers 400 INVALID_ID for %j', (value) => {
    expect(() => pipe.transform(value)).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_ID' }) as ApiError);
  });
});
