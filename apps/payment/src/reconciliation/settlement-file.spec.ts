import { parseSettlementFile, SettlementFileError, writeSettlementFile, type SettlementRow } from './settlement-file';

const HEADER = 'settlement_date,gateway_ref,order_reference,amount_vnd,fee_vnd,status\r\n';
const row = (overrides: Partial<SettlementRow> = {}): SettlementRow => ({ settlementDate: '2026-12-02', gatewayRef: 'SBX-0001', orderReference: 'HS000123', amountVnd: 205_000, feeVnd: 2_255, status: 'success', ...overrides });

function problemsOf(text: string): SettlementFileError['problems'] {
  try {
    parseSettlementFile(text);
  } catch (error) {
    if (error instanceof SettlementFileError) return error.problems;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe(parseSettlementFile.name, () => {
  it('reads what the writer writes', () => {
    const rows = [row(), row({ gatewayRef: 'SBX-0002', orderReference: 'HS000124', amountVnd: 50_000, feeVnd: 0, status: 'failed' })];
    const text = writeSettlementFile(rows);
    expect(text).toBe(`${HEADER}2026-12-02,SBX-0001,HS000123,205000,2255,success\r\n2026-12-02,SBX-0002,HS000124,50000,0,failed\r\n`);
    expect(parseSettlementFile(text)).toEqual(rows);
  });

  it('reads a day without transactions', () => {
    expect(parseSettlementFile(HEADER)).toEqual([]);
  });

  it('lists every bad line with its number instead of skipping it', () => {
    const text = [
      HEADER.trimEnd(),
      '2026-12-02,SBX-0001,HS000123,205000,2255,success',
      '2026-12-02,SBX-0002,HS000124,205000.50,0,success',
      '2026-12-02,SBX-0003,HS000125,1000,0',
      '2026-12-02,SBX-0004,HS000126,1000,0,pending',
    ].join('\r\n');
    expect(problemsOf(text)).toEqual([
      { line: 3, message: 'amount_vnd "205000.50" is not a positive whole number of đồng.' },
      { line: 4, message: 'expected 6 fields, found 5.' },
      { line: 5, message: 'status "pending" is not one of success, failed.' },
    ]);
  });

  it.each([
    ['a wrong header', 'date,ref,order,amount,fee,status\r\n', 1],
    ['no header at all', '', 1],
    ['an impossible day', `${HEADER}2026-02-30,SBX-1,HS1,1000,0,success\r\n`, 2],
    ['a gateway reference with a space', `${HEADER}2026-12-02,SBX 1,HS1,1000,0,success\r\n`, 2],
    ['an empty order reference', `${HEADER}2026-12-02,SBX-1,,1000,0,success\r\n`, 2],
    ['a zero amount', `${HEADER}2026-12-02,SBX-1,HS1,0,0,success\r\n`, 2],
    ['a negative fee', `${HEADER}2026-12-02,SBX-1,HS1,1000,-1,success\r\n`, 2],
    ['a fee above the amount', `${HEADER}2026-12-02,SBX-1,HS1,1000,1001,success\r\n`, 2],
    ['an amount with a leading zero', `${HEADER}2026-12-02,SBX-1,HS1,01000,0,success\r\n`, 2],
    ['an amount beyond a safe integer', `${HEADER}2026-12-02,SBX-1,HS1,9007199254740993,0,success\r\n`, 2],
    ['an unclosed quote', `${HEADER}2026-12-02,"SBX-1,HS1,1000,0,success\r\n`, 2],
    ['two settlement days in one file', `${HEADER}2026-12-02,SBX-1,HS1,1000,0,success\r\n2026-12-03,SBX-2,HS2,1000,0,success\r\n`, 2],
  ])('refuses %s', (_case, text, line) => {
    expect(problemsOf(text)).toEqual([expect.objectContaining({ line })]);
  });
});

describe(writeSettlementFile.name, () => {
  it('refuses a row the reader would refuse', () => {
    expect(() => writeSettlementFile([row(), row({ amountVnd: 1.5 })])).toThrow(SettlementFileError);
  });
});

describe(SettlementFileError.name, () => {
  it('reports a CSV syntax error with its line and reason', () => {
    expect(problemsOf(`${HEADER}2026-12-02,"SBX-1,HS1,1000,0,success\r\n`)).toEqual([{ line: 2, message: 'a quoted field is not closed.' }]);
  });
});
