import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EncryptJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LaunchedPlatform } from '@app/local-infra';
import { providedInfrastructure } from '@app/testing';
import { expectAccessible, launchChromium, logIn, reloadUntil } from './browser';
import { activate, attach, chooseRadio, enterAndLoad, typeInto } from './keyboard';

/**
 * The portal end to end: `npm run platform` started for real (its own broker, its databases,
 * every service, the identity provider), driven in Debian's Chromium as citizens, officers
 * and an admin use it. axe checks every page and state reached along the way.
 *
 * The steps build on each other (the level 4 result is what the sibling agency reuses), so
 * the tests run in order on one platform. UPDATE_SCREENSHOTS=1 writes the screenshots into
 * docs/screenshots; otherwise they go under .state, and are only taken.
 */
const HA = { username: '001190012345', name: 'Nguyễn Thị Thu Hà' };
const BINH = { username: '079085004321', name: 'Trần Văn Bình' };
const JUSTICE_OFFICER = 'canbo.tuphap.hn';
const HANOI_JUSTICE = '000.00.12.H26';
const HANOI_HEALTH = '000.00.15.H26';
const SCREENSHOTS = resolve(process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : '.state/portal-screenshots');
const FILES = resolve('.state/portal-files');

let platform: LaunchedPlatform;
let browser: Browser;
let portal: string;
/** The level 4 dossier of the main journey, which later tests look at. */
let haDossierUrl: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(FILES, { recursive: true });
  [platform, browser] = await Promise.all([LaunchedPlatform.start(providedInfrastructure().postgresAdminUrl), launchChromium()]);
  portal = platform.portalUrl;
}, 360_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 120_000);

/** A scan as a citizen's phone makes one: a small but real PDF. */
function scan(name: string): string {
  const file = join(FILES, `${name}.pdf`);
  writeFileSync(file, `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Title (${name}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);
  return file;
}

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return { context, page: await context.newPage() };
}

/** The first screen a person sees, on a desktop and on a phone (whole pages weigh megabytes). */
async function screenshot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [[1280, 900], [360, 780]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.jpg`), type: 'jpeg', quality: 75 });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function status(page: Page): Promise<string> {
  return ((await page.locator('.portal-status').first().textContent()) ?? '').trim();
}

async function upload(page: Page, label: string, file: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.setInputFiles(file);
  await input.locator('xpath=ancestor::form').getByRole('button', { name: 'Tải lên' }).click();
  await page.waitForURL(/notice=uploaded/);
}

async function officerDoes(page: Page, button: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL(/notice=done/);
}

describe('the portal in Chromium, against the platform as npm run platform starts it', () => {
  it('is started by the launcher, which prints its address', () => {
    expect(platform.printed).toMatch(/portal\s+http:\/\/localhost:8080/);
  });

  it('lets a visitor find a procedure by name, agency and level, read its Level 1 information and print its forms', async () => {
    const { context, page } = await newPage();
    await page.goto(portal);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await expectAccessible(page, 'the home page');
    await screenshot(page, 'home');

    // Without accents, as on a phone.
    await page.getByLabel('Tên hoặc mã thủ tục').fill('ly lich tu phap');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    const results = page.locator('.portal-result h3');
    expect(await results.allTextContents()).toEqual(expect.arrayContaining(['Cấp Phiếu lý lịch tư pháp']));
    expect((await results.allTextContents()).every((name) => /lý lịch tư pháp/i.test(name))).toBe(true);

    await page.getByLabel('Tên hoặc mã thủ tục').fill('');
    await page.getByLabel('Cơ quan').selectOption(HANOI_HEALTH);
    await page.getByLabel('Mức độ').selectOption('3');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    expect(await results.allTextContents()).toEqual(['Cấp giấy phép hành nghề khám bệnh, chữa bệnh']);

    await page.goto(`${portal}/procedures/${HANOI_JUSTICE}/JUS-CRIMINAL-RECORD`);
    await expectAccessible(page, 'a procedure');
    await screenshot(page, 'procedure');
    const summary = await page.locator('.govuk-summary-list').textContent();
    expect(summary).toContain('2.000488');
    expect(summary).toContain('Mức độ 4');
    expect(summary).toContain('10 ngày làm việc');
    expect(summary).toMatch(/200\.000\s₫/);
    expect(await page.locator('ol.govuk-list--number li').count()).toBeGreaterThan(2);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp/ }).click();
    const form = readFileSync((await (await download).path()));
    expect(form.subarray(0, 5).toString()).toBe('%PDF-');

    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 2, name: 'Steps' }).count()).toBe(1);
    await expectAccessible(page, 'a procedure in English');
    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await context.close();
  });

  it('takes a citizen through a level 4 dossier: e-form errors at their fields, uploads, the officer, online payment, the signed result, a rating', async () => {
    const citizen = await newPage();
    const officer = await newPage();
    const page = citizen.page;

    await page.goto(`${portal}/procedures/${HANOI_JUSTICE}/JUS-CRIMINAL-RECORD`);
    await page.getByRole('link', { name: 'Đăng nhập để nộp hồ sơ trực tuyến' }).click();
    await expectAccessible(page, 'the identity provider login');
    await page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập').fill(HA.username);
    await page.getByLabel('Mật khẩu').fill('demo-only');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${portal}/procedures/${HANOI_JUSTICE}/JUS-CRIMINAL-RECORD`);
    expect(await page.locator('.portal-header__user').textContent()).toBe(HA.name);

    await page.getByRole('button', { name: 'Bắt đầu nộp hồ sơ' }).click();
    await page.waitForURL(/\/dossiers\/[0-9a-f-]{36}$/);
    haDossierUrl = page.url();
    expect(await status(page)).toBe('Đang soạn');
    await expectAccessible(page, 'a draft dossier');
    await screenshot(page, 'dossier-draft');

    await upload(page, 'Thẻ căn cước (bản chụp)', scan('the-can-cuoc'));
    await upload(page, 'Giấy khai sinh (bản chụp)', scan('giay-khai-sinh'));
    await upload(page, 'Giấy xác nhận thông tin về cư trú (bản chụp)', scan('cu-tru'));
    expect(await page.locator('input[type=file]').count()).toBe(0);

    // The server's JSON Schema errors, at their fields and summarised on top, linked to them.
    await page.getByLabel('Họ, chữ đệm và tên').fill(HA.name);
    await page.getByRole('button', { name: 'Lưu tờ khai' }).click();
    expect(await page.title()).toMatch(/^Lỗi: /);
    const summaryLinks = page.locator('.govuk-error-summary a');
    expect(await summaryLinks.count()).toBeGreaterThanOrEqual(3);
    for (const link of await summaryLinks.all()) {
      const href = (await link.getAttribute('href'))!;
      expect(await page.locator(href).count(), `${href} is a field of the form`).toBe(1);
    }
    expect(await page.locator('#field-ngaySinh-error').textContent()).toContain('Chưa điền');
    await expectAccessible(page, 'the e-form with errors');
    await screenshot(page, 'dossier-errors');

    await page.getByLabel('Ngày, tháng, năm sinh').fill('1990-05-17');
    await page.getByLabel('Nơi cư trú').fill('Số 1 phố Tràng Tiền, Hà Nội');
    await page.getByLabel('Phiếu số 1').check();
    await page.getByLabel('Số Phiếu yêu cầu cấp thêm').fill('1');
    await page.getByRole('button', { name: 'Lưu tờ khai' }).click();
    await page.waitForURL(/notice=saved/);
    await page.getByLabel('Trực tuyến').check();
    await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
    await page.waitForURL(/notice=submitted/);
    expect(await status(page)).toBe('Đã nộp');
    expect(await page.locator('.govuk-summary-list').textContent()).toMatch(/205\.000\s₫/);

    // The officer's desk: the queue, the review, each step.
    await logIn(officer.page, portal, JUSTICE_OFFICER);
    expect(officer.page.url()).toBe(`${portal}/desk`);
    await expectAccessible(officer.page, 'the officer queue');
    await screenshot(officer.page, 'desk-queue');
    const id = haDossierUrl.split('/').pop()!;
    await officer.page.getByRole('link', { name: 'Cấp Phiếu lý lịch tư pháp' }).first().click();
    await officer.page.goto(`${portal}/desk/dossiers/${id}`);
    await expectAccessible(officer.page, 'the dossier review');
    await screenshot(officer.page, 'desk-review');
    expect(await officer.page.locator('.govuk-summary-list').nth(1).textContent()).toContain(HA.name);
    const content = officer.page.waitForEvent('download');
    await officer.page.getByRole('link', { name: 'Giấy khai sinh (bản chụp)' }).click();
    expect(readFileSync((await (await content).path())).subarray(0, 5).toString()).toBe('%PDF-');
    await officer.page.getByRole('row', { name: /Giấy khai sinh/ }).getByRole('button', { name: 'Xác thực với bản chính' }).click();
    await officer.page.waitForURL(/notice=done/);
    // The vault confirms the verification over Kafka; the intake shows it once it knows.
    await reloadUntil(officer.page, async () => ((await officer.page.getByRole('row', { name: /Giấy khai sinh/ }).textContent()) ?? '').includes('Xác thực bởi Sở Tư pháp thành phố Hà Nội'));
    for (const step of ['Tiếp nhận hồ sơ', 'Chuyển xử lý', 'Yêu cầu nộp phí']) await officerDoes(officer.page, step);
    expect(await status(officer.page)).toBe('Chờ thanh toán');

    // Level 4: the fee online, through the payment service and its gateway, and back.
    await page.goto(haDossierUrl);
    expect(await status(page)).toBe('Chờ thanh toán');
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('000.00.12.H26-');
    await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
    await expectAccessible(page, 'the payment page');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    expect(await page.title()).toMatch(/^Lỗi: /);
    await expectAccessible(page, 'the payment page with its error');
    await page.getByLabel('Cổng thanh toán thử nghiệm').check();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await expectAccessible(page, 'on the way to the gateway');
    await page.getByRole('button', { name: 'Đến cổng thanh toán' }).click();
    await page.waitForURL(/127\.0\.0\.1:3090/);
    await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
    await page.waitForURL(`${haDossierUrl}/payment?returned=1`);
    await reloadUntil(page, async () => (await page.getByRole('heading', { name: 'Đã thanh toán' }).count()) === 1);
    expect(await page.locator('.govuk-panel').textContent()).toMatch(/205\.000\s₫/);
    await expectAccessible(page, 'paid');
    const receipt = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Tải biên lai điện tử (PDF)' }).click();
    expect(readFileSync((await (await receipt).path())).subarray(0, 5).toString()).toBe('%PDF-');

    // The payment came back over Kafka: the officer decides and issues the signed result.
    await reloadUntil(officer.page, async () => (await status(officer.page)) === 'Đang xử lý');
    await officerDoes(officer.page, 'Phê duyệt');
    await officer.page.getByLabel('Nội dung kết quả').fill('Không có án tích.');
    await officerDoes(officer.page, 'Ban hành kết quả');

    await page.goto(haDossierUrl);
    await reloadUntil(page, async () => (await status(page)) === 'Đã trả kết quả');
    await expectAccessible(page, 'a dossier with its result');
    await screenshot(page, 'dossier-result');
    const result = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Tải kết quả điện tử (PDF đã ký số)' }).click();
    const signed = readFileSync((await (await result).path()));
    expect(signed.subarray(0, 5).toString()).toBe('%PDF-');
    expect(signed.includes(Buffer.from('/ByteRange'))).toBe(true);

    // The QR code's page, without a login.
    const code = (await page.locator('a[href^="/verify?code="]').textContent())!.trim();
    const visitor = await newPage();
    await visitor.page.goto(`${portal}/verify/${code}`);
    expect(await visitor.page.getByRole('heading', { name: 'Kết quả hợp lệ' }).count()).toBe(1);
    // The issuer's name as the result's header prints it, in capitals.
    expect(await visitor.page.locator('.portal-verdict').textContent()).toMatch(/Sở Tư pháp thành phố Hà Nội/iu);
    await expectAccessible(visitor.page, 'a verified result');
    await screenshot(visitor.page, 'verify');
    await visitor.page.goto(`${portal}/verify?code=KHONG-CO-MA-NAY`);
    expect(await visitor.page.locator('#code-error').textContent()).toContain('Không tìm thấy');
    await expectAccessible(visitor.page, 'an unknown verification code');
    await visitor.context.close();

    // A rating at level 4: the error first, then the rating.
    await page.getByRole('link', { name: 'Đánh giá mức độ hài lòng' }).click();
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    expect(await page.locator('#satisfaction-error').textContent()).toContain('Hãy chọn mức độ hài lòng.');
    await expectAccessible(page, 'the rating with its error');
    await page.getByLabel('Rất hài lòng').check();
    await page.getByLabel(/Nhận xét/).fill('Nhanh, không phải nộp lại giấy tờ.');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.waitForURL(/notice=rated/);
    await citizen.context.close();
    await officer.context.close();
  });

  it('does not ask again at a sibling agency: the verified birth certificate and the electronic result show as on file, with who verified them', async () => {
    const { context, page } = await newPage();
    await logIn(page, portal, HA.username);
    await page.goto(`${portal}/procedures/${HANOI_HEALTH}/HEA-PRACTICE-LICENCE`);
    await page.getByRole('button', { name: 'Bắt đầu nộp hồ sơ' }).click();
    await page.waitForURL(/\/dossiers\/[0-9a-f-]{36}$/);
    await reloadUntil(page, async () => (await page.locator('.portal-reused').count()) >= 2);
    const reused = await page.locator('.portal-reused').allTextContents();
    expect(reused.find((text) => text.includes('Giấy khai sinh'))).toMatch(/Đã có — xác thực bởi Sở Tư pháp thành phố Hà Nội ngày \d{2}\/\d{2}\/\d{4}/);
    expect(reused.some((text) => text.includes('Phiếu lý lịch tư pháp'))).toBe(true);
    expect(await page.getByLabel('Giấy khai sinh (bản chụp)', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Văn bằng chuyên môn', { exact: false }).count()).toBe(1);
    await expectAccessible(page, 'a dossier with reused documents');
    await screenshot(page, 'dossier-reused');
    await context.close();
  });

  it("shows the citizen their documents, who used them, their inbox and their preferences; the access alert switch works", async () => {
    const { context, page } = await newPage();
    await logIn(page, portal, HA.username);
    expect(page.url()).toBe(`${portal}/dossiers`);
    expect(await page.locator('table').textContent()).toContain('Cấp Phiếu lý lịch tư pháp');
    await expectAccessible(page, 'my dossiers');

    await page.goto(`${portal}/documents`);
    const documents = await page.locator('table').textContent();
    expect(documents).toContain('Giấy khai sinh');
    expect(documents).toContain('Phiếu lý lịch tư pháp');
    await expectAccessible(page, 'my documents');

    await page.goto(`${portal}/access-log`);
    expect(await page.locator('table').textContent()).toMatch(/Sở Y tế thành phố Hà Nội\s*Giấy khai sinh\s*Dùng lại/);
    await expectAccessible(page, 'the access log');
    await screenshot(page, 'access-log');
    const alerts = page.getByLabel('Báo cho tôi khi cơ quan dùng lại giấy tờ của tôi');
    const before = await alerts.isChecked();
    await alerts.setChecked(!before);
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForURL(/notice=saved/);
    expect(await page.getByLabel('Báo cho tôi khi cơ quan dùng lại giấy tờ của tôi').isChecked()).toBe(!before);

    await page.goto(`${portal}/settings/notifications`);
    await page.getByLabel('Địa chỉ thư điện tử').fill('khong-phai-email');
    await page.getByRole('button', { name: 'Lưu' }).click();
    expect(await page.title()).toMatch(/^Lỗi: /);
    expect(await page.locator('#email-error').textContent()).toContain('Nhập địa chỉ thư điện tử đúng dạng');
    expect(await page.locator('.govuk-error-summary a[href="#email"]').count()).toBe(1);
    await expectAccessible(page, 'preferences with an error');
    await page.getByLabel('Địa chỉ thư điện tử').fill('thu.ha@example.vn');
    await page.getByLabel('Thư điện tử', { exact: true }).check();
    await page.getByLabel('Hộp thư trên cổng').check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForURL(/notice=saved/);
    expect(await page.getByLabel('Địa chỉ thư điện tử').inputValue()).toBe('thu.ha@example.vn');

    await page.goto(`${portal}/inbox`);
    await reloadUntil(page, async () => (await page.locator('.portal-message').count()) > 0);
    expect(await page.locator('.portal-inbox').textContent()).toContain('tiếp nhận');
    await expectAccessible(page, 'the inbox');
    await screenshot(page, 'inbox');
    const unread = await page.locator('.portal-message--unread').count();
    await page.locator('.portal-message--unread').first().getByRole('button', { name: /Đánh dấu đã đọc/ }).click();
    await page.waitForURL(/notice=done/);
    expect(await page.locator('.portal-message--unread').count()).toBe(unread - 1);
    await context.close();
  });

  it('completes a level 3 dossier with the keyboard alone and no client JavaScript, then the officer records the fee paid at the desk', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(portal);
    await typeInto(page, page.getByLabel('Tên hoặc mã thủ tục'), 'quoc tich');
    await enterAndLoad(page);
    await activate(page, page.locator(`a[href="/procedures/${HANOI_JUSTICE}/JUS-NATIONALITY-CONFIRMATION"]`));
    await activate(page, page.getByRole('link', { name: 'Đăng nhập để nộp hồ sơ trực tuyến' }));
    await typeInto(page, page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập'), BINH.username);
    await typeInto(page, page.getByLabel('Mật khẩu'), 'demo-only');
    await enterAndLoad(page);
    await page.waitForURL((url) => url.href.startsWith(`${portal}/procedures/`));
    await activate(page, page.getByRole('button', { name: 'Bắt đầu nộp hồ sơ' }));
    await page.waitForURL(/\/dossiers\/[0-9a-f-]{36}$/);
    const dossierUrl = page.url();

    for (const [label, name] of [
      ['Thẻ căn cước hoặc giấy tờ tùy thân có ảnh (bản chụp)', 'binh-can-cuoc'],
      ['Giấy khai sinh hoặc giấy tờ chứng minh quốc tịch Việt Nam (bản chụp)', 'binh-khai-sinh'],
    ]) {
      const input = page.getByLabel(label, { exact: true });
      await attach(page, input, scan(name));
      await activate(page, input.locator('xpath=ancestor::form').getByRole('button', { name: 'Tải lên' }));
      await page.waitForURL(/notice=uploaded/);
    }

    const seed = JSON.parse(readFileSync('deploy/seed/procedures.json', 'utf8')) as { procedures: { code: string; information: { forms: { schema: { properties: Record<string, { enum?: string[] }>; required: string[] } }[] } }[] };
    const form = seed.procedures.find((p) => p.code === 'JUS-NATIONALITY-CONFIRMATION')!.information.forms[0].schema;
    for (const [name, value] of Object.entries({ hoTen: BINH.name, ngaySinh: '02031985', diaChi: 'Số 5 phố Huế, Hà Nội', noiSinh: 'Hà Nội', mucDich: 'Bổ sung hồ sơ' })) {
      if (!form.properties[name]) continue;
      await typeInto(page, page.locator(`#field-${name}`), value);
    }
    for (const [name, schema] of Object.entries(form.properties)) {
      if (schema.enum && form.required.includes(name)) await chooseRadio(page, page.locator(`#field-${name}`));
    }
    await activate(page, page.getByRole('button', { name: 'Lưu tờ khai' }));
    expect(page.url(), (await page.locator('.govuk-error-summary').textContent().catch(() => '')) ?? '').toMatch(/notice=saved/);
    await chooseRadio(page, page.getByLabel('Trực tiếp tại cơ quan'));
    await activate(page, page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }));
    await page.waitForURL(/notice=submitted/);
    expect(await status(page)).toBe('Đã nộp');

    // The officer finds the identity card scan unreadable and asks for it again, once, in writing.
    const officer = await newPage();
    await logIn(officer.page, portal, JUSTICE_OFFICER);
    await officer.page.goto(`${portal}/desk/dossiers/${dossierUrl.split('/').pop()}`);
    await officer.page.getByLabel('Thẻ căn cước hoặc giấy tờ tùy thân có ảnh (bản chụp)', { exact: true }).check();
    await officer.page.getByLabel('Hướng dẫn bổ sung').fill('Ảnh chụp thẻ căn cước bị mờ, đề nghị chụp lại rõ nét.');
    await officerDoes(officer.page, 'Yêu cầu bổ sung');
    expect(await status(officer.page)).toBe('Yêu cầu bổ sung');

    // The citizen answers it, still with the keyboard alone.
    await page.goto(dossierUrl);
    expect(await page.locator('.govuk-warning-text').textContent()).toContain('Ảnh chụp thẻ căn cước bị mờ');
    await activate(page, page.getByRole('button', { name: 'Nộp bổ sung' }));
    await page.waitForURL(/notice=resubmitted/);
    expect(await status(page)).toBe('Đã nộp bổ sung');
    await context.close();

    // The officer takes it through to the desk payment a level 3 fee is paid by.
    await officer.page.reload();
    await expectAccessible(officer.page, 'the review of a resubmitted dossier');
    for (const step of ['Tiếp nhận hồ sơ', 'Chuyển xử lý', 'Yêu cầu nộp phí']) await officerDoes(officer.page, step);
    await reloadUntil(officer.page, async () => (await officer.page.getByLabel('Số biên lai').count()) === 1);
    await officer.page.getByLabel('Số biên lai').fill('BL-2026-000123');
    await officerDoes(officer.page, 'Ghi nhận đã nộp phí tại quầy');
    await reloadUntil(officer.page, async () => (await status(officer.page)) === 'Đang xử lý');
    await officerDoes(officer.page, 'Phê duyệt');
    await officer.context.close();
  });

  it("lets an admin switch a governing body's data sharing, and shows the agencies and their keys", async () => {
    const { context, page } = await newPage();
    await logIn(page, portal, 'quantri');
    expect(page.url()).toBe(`${portal}/admin`);
    await expectAccessible(page, 'the directory');
    await screenshot(page, 'admin');
    const hanoi = page.locator('section', { has: page.getByRole('heading', { name: 'Ủy ban nhân dân thành phố Hà Nội' }) });
    expect(await hanoi.textContent()).toContain('Đã kết nối');
    expect(await hanoi.locator('code').count()).toBeGreaterThan(0);
    await hanoi.getByRole('button', { name: /Ngắt kết nối/ }).click();
    await page.waitForURL(/notice=switched/);
    expect(await hanoi.textContent()).toContain('Chưa kết nối');
    const body = (await (await fetch('http://127.0.0.1:3001/directory/governing-bodies/000.00.00.H26')).json()) as { dataSharing: { connected: boolean } };
    expect(body.dataSharing.connected).toBe(false);
    await hanoi.getByRole('button', { name: /Kết nối chia sẻ/ }).click();
    await page.waitForURL(/notice=switched/);
    expect(await hanoi.textContent()).toContain('Đã kết nối');
    await context.close();
  });

  it("refuses a wrong password, an expired or forged session, a form without this session's token, and another citizen's dossier", async () => {
    const { context, page } = await newPage();
    await page.goto(`${portal}/auth/login`);
    await page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập').fill(HA.username);
    await page.getByLabel('Mật khẩu').fill('not-the-password');
    const refused = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    expect((await refused).status()).toBe(401);
    expect(await page.getByRole('alert').textContent()).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    await expectAccessible(page, 'a failed login');

    // Bình is logged in; Hà's dossier is not his to see, nor to act on.
    await page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập').fill(BINH.username);
    await page.getByLabel('Mật khẩu').fill('demo-only');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((url) => url.href.startsWith(portal));
    const other = await page.goto(haDossierUrl);
    expect(other!.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không tìm thấy trang');
    await expectAccessible(page, 'not found');

    // Forms without this session's token, or from another site, do nothing.
    await page.goto(`${portal}/settings/notifications`);
    const token = await page.locator('input[name=_csrf]').first().inputValue();
    const post = (form: Record<string, string>, headers: Record<string, string> = {}) => page.request.post(`${portal}/settings/notifications`, { form, headers, maxRedirects: 0 });
    expect((await post({ language: 'en', channels: 'inApp' })).status()).toBe(403);
    expect((await post({ language: 'en', channels: 'inApp', _csrf: 'x'.repeat(token.length) })).status()).toBe(403);
    expect((await post({ language: 'en', channels: 'inApp', _csrf: token }, { origin: 'https://evil.example' })).status()).toBe(403);
    await page.goto(`${portal}/settings/notifications`);
    expect(await page.getByLabel('English').isChecked()).toBe(false);
    expect((await post({ language: 'vi', channels: 'inApp', _csrf: token }, { origin: portal })).status()).toBe(303);

    // A file over the limit is refused while it is read, with a page that says so: a 4xx, never a 5xx.
    const tooLarge = await page.request.post(`${haDossierUrl}/documents`, {
      multipart: { _csrf: token, documentTypeCode: 'IDENTITY_CARD', file: { name: 'lon.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(11 * 1024 * 1024, 0x25) } },
      maxRedirects: 0,
    });
    expect(tooLarge.status()).toBe(413);
    expect(await tooLarge.text()).toContain('Tệp quá lớn: tối đa 10 MB.');

    // A session past its end, sealed with the portal's own key, and one that is not sealed at all.
    const key = Buffer.from(readFileSync(resolve('.state/portal-e2e/portal-session.key'), 'utf8').trim(), 'base64');
    const [session] = (await context.cookies(portal)).filter((cookie) => cookie.name === 'portal_session');
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    const expired = await new EncryptJWT({ principal: { role: 'citizen', subject: 'citizen-079085004321', personalId: BINH.username }, name: BINH.name, accessToken: 'x', idToken: 'x', csrf: 'x' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7_200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3_600)
      .encrypt(key);
    for (const value of [expired, 'forged-session-value']) {
      await context.addCookies([{ ...session, value }]);
      const answer = await page.request.get(`${portal}/dossiers`, { maxRedirects: 0 });
      expect(answer.status()).toBe(303);
      expect(answer.headers().location).toBe('/auth/login?returnTo=%2Fdossiers');
    }
    await context.close();
  });

  it('logs out at the portal and at the identity provider, which then asks for the password again', async () => {
    const { context, page } = await newPage();
    await logIn(page, portal, HA.username);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((url) => url.href.startsWith(platform.issuerUrl));
    await expectAccessible(page, 'the identity provider logout');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(`${portal}/`);
    expect(await page.getByRole('link', { name: 'Đăng nhập', exact: true }).count()).toBe(1);
    expect((await context.cookies(portal)).some((cookie) => cookie.name === 'portal_session')).toBe(false);
    expect((await page.goto(`${portal}/dossiers`))!.url()).toContain(`${platform.issuerUrl}/interaction/`);
    expect(await page.getByLabel('Mật khẩu').count()).toBe(1);
    await context.close();
  });

  it('sends a strict CSP and no-store, keeps tokens out of the page, and stays under its weight budget', async () => {
    const { context, page } = await newPage();
    const weights = { js: 0, css: 0 };
    page.on('response', async (response) => {
      const type = response.headers()['content-type'] ?? '';
      const kind = type.includes('javascript') ? 'js' : type.includes('css') ? 'css' : undefined;
      if (kind) weights[kind] += Number(response.headers()['content-length'] ?? (await response.body()).length);
    });
    await logIn(page, portal, HA.username);
    const answer = await page.goto(haDossierUrl);
    const headers = answer!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cache-control']).toBe('no-store');
    expect(await page.evaluate("[localStorage.length, sessionStorage.length, document.cookie.includes('portal_session')]")).toEqual([0, 0, false]);
    expect(await page.content()).not.toMatch(/eyJ[\w-]+\.eyJ/);
    // Compressed, as the browser received them (the portal serves gzip).
    expect(weights.js).toBeGreaterThan(0);
    expect(weights.js).toBeLessThan(150 * 1024);
    expect(weights.css).toBeGreaterThan(0);
    expect(weights.css).toBeLessThan(100 * 1024);
    await context.close();
  });

  it('reflows at 320 CSS pixels and at 200 % zoom without scrolling sideways', async () => {
    const { context, page } = await newPage();
    await logIn(page, portal, HA.username);
    for (const path of ['/', `/procedures/${HANOI_JUSTICE}/JUS-CRIMINAL-RECORD`, haDossierUrl.replace(portal, ''), '/documents', '/access-log', '/inbox']) {
      // 1280 px at 200 % is 640 CSS pixels; 320 is WCAG 1.4.10's own width.
      for (const width of [320, 640]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${portal}${path}`);
        const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
        expect(overflow, `${path} at ${width} px`).toBeLessThanOrEqual(0);
      }
    }
    await context.close();
  });
});
