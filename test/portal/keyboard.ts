import type { Locator, Page } from 'playwright-core';

/**
 * Presses Tab until `target` has the focus, as someone without a mouse moves through a page,
 * and fails if it never comes (the element is unreachable by keyboard).
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 120): Promise<void> {
  for (let presses = 0; presses < maxPresses; presses += 1) {
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement, undefined, { timeout: 2_000 }).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target.toString()} was not reached with ${maxPresses} presses of Tab on ${page.url()}`);
}

/** Tab to it, then Enter: following a link or pressing a button, to the page that loads. */
export async function activate(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await enterAndLoad(page);
}

/** Enter on whatever has the focus, waiting for the page it leads to (the old one is still "loaded" until then). */
export async function enterAndLoad(page: Page): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await page.keyboard.press('Enter');
  await navigated;
  await page.waitForLoadState();
}

/** Tab to a field and type into it. */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/**
 * A file input, opened with the keyboard: the chooser that Space (or Enter) opens is given the
 * file. Headless Chromium now and then ignores the first key press on a file input, as if the
 * page were not yet activated; a person would press again, and so does this.
 */
export async function attach(page: Page, input: Locator, file: string): Promise<void> {
  for (const key of ['Space', 'Enter', 'Space']) {
    await tabTo(page, input);
    const chooser = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => undefined);
    await page.keyboard.press(key);
    const opened = await chooser;
    if (opened) return opened.setFiles(file);
  }
  throw new Error(`no file chooser opened from ${input.toString()} with the keyboard`);
}

/** Into the radio group with Tab, then the arrow keys to the option (which is how radios are chosen). */
export async function chooseRadio(page: Page, option: Locator): Promise<void> {
  const name = await option.getAttribute('name');
  for (let presses = 0; presses < 120; presses += 1) {
    // A string, evaluated in the page: what has the focus now (the page may have no script of its own).
    const [type, focusedName] = await page.evaluate<[string | undefined, string | undefined]>('[document.activeElement?.type, document.activeElement?.name]');
    if (type === 'radio' && focusedName === name) break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Space');
  for (let presses = 0; presses < 10 && !(await option.isChecked()); presses += 1) await page.keyboard.press('ArrowDown');
  if (!(await option.isChecked())) throw new Error(`${option.toString()} could not be chosen with the keyboard`);
}
