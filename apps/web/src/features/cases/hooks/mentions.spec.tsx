import { insertMention, matchMembers, mentionQuery } from './mentions';

describe('mentions', () => {
  it('finds the @word before the caret, only at a word start', () => {
    expect(mentionQuery('Thanks @Al', 10)).toEqual({ query: 'Al', start: 7 });
    expect(mentionQuery('mail me@x', 9)).toBeNull();
    expect(mentionQuery('@', 1)).toEqual({ query: '', start: 0 });
  });

  it('inserts the chosen name and moves the caret after it', () => {
    expect(insertMention('Ask @ch about it', 7, 'Chris Chaplain')).toEqual({ text: 'Ask @Chris Chaplain  about it', caret: 20 });
  });

  it('ranks names that start with the query first', () => {
    const people = [{ displayName: 'Maria Lopez' }, { displayName: 'Al Moreno' }, { displayName: 'Alma Reyes' }];
    expect(matchMembers(people, 'al').map((p) => p.displayName)).toEqual(['Al Moreno', 'Alma Reyes']);
    expect(matchMembers(people, 'mor').map((p) => p.displayName)).toEqual(['Al Moreno']);
  });
});
