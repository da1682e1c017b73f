import { isTypingOrModified } from './shortcuts';

const key = (target: Element, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'isComposing', boolean>> = {}) =>
  ({ target, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, ...mods }) as unknown as KeyboardEvent;

describe('keyboard shortcuts stay out of the way', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('ignores keys typed into fields and keys with a modifier', () => {
    document.body.innerHTML =
      '<input id="i"><textarea id="t"></textarea><div id="ce" contenteditable="true"></div><article id="a" tabindex="0"></article>';
    const byId = (id: string) => document.getElementById(id)!;
    expect(isTypingOrModified(key(byId('i')))).toBe(true);
    expect(isTypingOrModified(key(byId('t')))).toBe(true);
    expect(isTypingOrModified(key(byId('ce')))).toBe(true);
    expect(isTypingOrModified(key(byId('a')))).toBe(false);
    expect(isTypingOrModified(key(document.body))).toBe(false);
    expect(isTypingOrModified(key(byId('a'), { ctrlKey: true }))).toBe(true);
    expect(isTypingOrModified(key(byId('a'), { altKey: true }))).toBe(true);
    expect(isTypingOrModified(key(byId('a'), { isComposing: true }))).toBe(true);
  });

  it('ignores keys while a dialog is open', () => {
    document.body.innerHTML = '<article id="a" tabindex="0"></article><div role="dialog"></div>';
    expect(isTypingOrModified(key(document.getElementById('a')!))).toBe(true);
  });
});
