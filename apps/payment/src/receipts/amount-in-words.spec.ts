import { MAX_AMOUNT_IN_WORDS, vndInWords } from './amount-in-words';

describe(vndInWords.name, () => {
  it.each([
    [0, 'Không đồng'],
    [1, 'Một đồng'],
    [4, 'Bốn đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    [11, 'Mười một đồng'],
    [14, 'Mười bốn đồng'],
    [15, 'Mười lăm đồng'],
    [20, 'Hai mươi đồng'],
    [21, 'Hai mươi mốt đồng'],
    [24, 'Hai mươi tư đồng'],
    [25, 'Hai mươi lăm đồng'],
    [55, 'Năm mươi lăm đồng'],
    [99, 'Chín mươi chín đồng'],
    [100, 'Một trăm đồng'],
    [101, 'Một trăm linh một đồng'],
    [104, 'Một trăm linh bốn đồng'],
    [105, 'Một trăm linh năm đồng'],
    [110, 'Một trăm mười đồng'],
    [115, 'Một trăm mười lăm đồng'],
    [121, 'Một trăm hai mươi mốt đồng'],
    [999, 'Chín trăm chín mươi chín đồng'],
    [1000, 'Một nghìn đồng'],
    [1001, 'Một nghìn không trăm linh một đồng'],
    [1010, 'Một nghìn không trăm mười đồng'],
    [1024, 'Một nghìn không trăm hai mươi tư đồng'],
    [1100, 'Một nghìn một trăm đồng'],
    [10_000, 'Mười nghìn đồng'],
    [15_000, 'Mười lăm nghìn đồng'],
    [21_000, 'Hai mươi mốt nghìn đồng'],
    [50_000, 'Năm mươi nghìn đồng'],
    [205_000, 'Hai trăm linh năm nghìn đồng'],
    [345_500, 'Ba trăm bốn mươi lăm nghìn năm trăm đồng'],
    [1_000_000, 'Một triệu đồng'],
    [1_000_005, 'Một triệu không trăm linh năm đồng'],
    [1_005_000, 'Một triệu không trăm linh năm nghìn đồng'],
    [1_050_000, 'Một triệu không trăm năm mươi nghìn đồng'],
    [2_500_000, 'Hai triệu năm trăm nghìn đồng'],
    [10_000_000, 'Mười triệu đồng'],
    [100_000_001, 'Một trăm triệu không trăm linh một đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
    [1_000_000_001, 'Một tỷ không trăm linh một đồng'],
    [1_234_567_891, 'Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi mốt đồng'],
    [25_000_000_000, 'Hai mươi lăm tỷ đồng'],
    [1_000_000_000_000, 'Một nghìn tỷ đồng'],
    [5_003_000_000_000, 'Năm nghìn không trăm linh ba tỷ đồng'],
    [2_000_005_000_000, 'Hai nghìn tỷ không trăm linh năm triệu đồng'],
    [MAX_AMOUNT_IN_WORDS, 'Chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng'],
  ])('%i → %s', (amount, words) => {
    expect(vndInWords(amount)).toBe(words);
  });

  it.each([[-1], [0.5], [MAX_AMOUNT_IN_WORDS + 1], [Number.NaN]])('refuses %d', (amount) => {
    expect(() => vndInWords(amount)).toThrow(RangeError);
  });
});
