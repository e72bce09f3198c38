const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const BILLION = 1_000_000_000;
export const MAX_AMOUNT_IN_WORDS = 999_999_999_999_999;

/**
 * An amount of đồng in words, as a receipt must print it beside the figures: 205000 →
 * "Hai trăm linh năm nghìn đồng". Northern official usage: "linh" (not "lẻ") for a zero tens
 * digit, "nghìn" (not "ngàn"); "mốt" for 1 and "tư" for 4 after "mươi", "lăm" for 5 after a
 * tens word; a group after the first reads its hundreds even when zero ("một triệu không
 * trăm linh năm nghìn"). Above 999 tỷ the tỷ count is itself read as a number, so
 * 5 003 000 000 000 is "năm nghìn không trăm linh ba tỷ", never "năm nghìn tỷ ... ba tỷ".
 */
export function vndInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0 || amount > MAX_AMOUNT_IN_WORDS) {
    throw new RangeError(`An amount in words must be a whole number of đồng from 0 to ${MAX_AMOUNT_IN_WORDS}, not ${amount}.`);
  }
  const words = amount === 0 ? ['không'] : belowBillionOrMore(amount);
  const sentence = `${words.join(' ')} đồng`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function belowBillionOrMore(amount: number): string[] {
  const billions = Math.floor(amount / BILLION);
  const rest = amount % BILLION;
  if (billions === 0) return groups(rest, true);
  return [...groups(billions, true), 'tỷ', ...groups(rest, false)];
}

/** `amount` below a billion, read in groups of three; `leading` when nothing is read before it. */
function groups(amount: number, leading: boolean): string[] {
  const scale: [number, string][] = [
    [Math.floor(amount / 1_000_000), 'triệu'],
    [Math.floor(amount / 1000) % 1000, 'nghìn'],
    [amount % 1000, ''],
  ];
  const words: string[] = [];
  let first = leading;
  for (const [group, name] of scale) {
    if (group === 0) continue;
    words.push(...threeDigits(group, first));
    if (name) words.push(name);
    first = false;
  }
  return words;
}

function threeDigits(group: number, leading: boolean): string[] {
  const hundreds = Math.floor(group / 100);
  const tens = Math.floor(group / 10) % 10;
  const units = group % 10;
  const words: string[] = [];
  const readHundreds = !leading || hundreds > 0;
  if (readHundreds) words.push(DIGITS[hundreds], 'trăm');
  if (tens === 0) {
    if (units > 0) words.push(...(readHundreds ? ['linh'] : []), DIGITS[units]);
  } else if (tens === 1) {
    words.push('mười');
    if (units > 0) words.push(units === 5 ? 'lăm' : DIGITS[units]);
  } else {
    words.push(DIGITS[tens], 'mươi');
    if (units > 0) words.push(({ 1: 'mốt', 4: 'tư', 5: 'lăm' } as Record<number, string>)[units] ?? DIGITS[units]);
  }
  return words;
}
