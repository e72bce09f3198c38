import { BadRequestException, type Type } from '@nestjs/common';
import { PlatformValidationPipe } from '@app/platform';
import { CreateDossierDto } from './create-dossier.dto';
import { CreateSupplementRequestDto } from './create-supplement-request.dto';
import { UploadDocumentDto } from './upload-document.dto';
import { VerifyDocumentDto } from './verify-document.dto';

// The platform's global pipe, configured as in PlatformModule.
const pipe = new PlatformValidationPipe();

async function problems(dto: Type, body: unknown): Promise<string[]> {
  try {
    await pipe.transform(body, { type: 'body', metatype: dto });
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    const { message } = error.getResponse() as { message: string[] };
    return message;
  }
}

describe('dossier request bodies', () => {
  describe(CreateDossierDto.name, () => {
    it('accepts a procedure code', async () => {
      expect(await problems(CreateDossierDto, { procedureCode: 'JUS-CRIMINAL-RECORD' })).toEqual([]);
    });

    it('refuses a missing, empty or foreign-shaped body', async () => {
      expect(await problems(CreateDossierDto, {})).toEqual(expect.arrayContaining([expect.stringMatching(/procedureCode/)]));
      expect(await problems(CreateDossierDto, { procedureCode: '' })).not.toEqual([]);
      expect(await problems(CreateDossierDto, { procedureCode: 'X', citizenPersonalId: '001099012345' })).toEqual([
        'property citizenPersonalId should not exist',
      ]);
    });
  });

  describe(VerifyDocumentDto.name, () => {
    it('takes no body at all, or a strict ISO 8601 validUntil', async () => {
      expect(await problems(VerifyDocumentDto, {})).toEqual([]);
      expect(await problems(VerifyDocumentDto, { validUntil: '2031-06-30' })).toEqual([]);
      expect(await problems(VerifyDocumentDto, { validUntil: '2031-06-30T00:00:00Z' })).toEqual([]);
    });

    it('refuses dates that do not exist or are not ISO 8601', async () => {
      expect(await problems(VerifyDocumentDto, { validUntil: '2031-02-30' })).toEqual([expect.stringMatching(/validUntil/)]);
      expect(await problems(VerifyDocumentDto, { validUntil: '30/06/2031' })).toEqual([expect.stringMatching(/validUntil/)]);
      expect(await problems(VerifyDocumentDto, { validUntil: 20310630 })).toEqual([expect.stringMatching(/validUntil/)]);
    });
  });

  describe(CreateSupplementRequestDto.name, () => {
    it('accepts distinct type codes and a note', async () => {
      expect(await problems(CreateSupplementRequestDto, { documentTypeCodes: ['HEALTH_CERTIFICATE', 'ACADEMIC_DEGREE'], note: 'Unreadable scan.' })).toEqual([]);
    });

    it('refuses an empty list, duplicates, non-strings and a missing note', async () => {
      expect(await problems(CreateSupplementRequestDto, { documentTypeCodes: [], note: 'n' })).toEqual([expect.stringMatching(/documentTypeCodes/)]);
      expect(await problems(CreateSupplementRequestDto, { documentTypeCodes: ['A', 'A'], note: 'n' })).toEqual([expect.stringMatching(/unique/)]);
      expect(await problems(CreateSupplementRequestDto, { documentTypeCodes: [7], note: 'n' })).not.toEqual([]);
      expect(await problems(CreateSupplementRequestDto, { documentTypeCodes: 'HEALTH_CERTIFICATE', note: 'n' })).not.toEqual([]);
      expect(await problems(CreateSupplementRequestDto, { documentTypeCodes: ['A'] })).toEqual(expect.arrayContaining([expect.stringMatching(/note/)]));
    });
  });

  describe(UploadDocumentDto.name, () => {
    it('needs the document type and nothing the client may not set', async () => {
      expect(await problems(UploadDocumentDto, { documentTypeCode: 'IDENTITY_CARD' })).toEqual([]);
      expect(await problems(UploadDocumentDto, {})).toEqual(expect.arrayContaining([expect.stringMatching(/documentTypeCode/)]));
      expect(await problems(UploadDocumentDto, { documentTypeCode: 'IDENTITY_CARD', providedToAgencyCode: '000.00.15.H26' })).toEqual([
        'property providedToAgencyCode should not exist',
      ]);
    });
  });
});
