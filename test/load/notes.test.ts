// The reader of the chapter 99 notes text (src/load/notes.ts), on a small text shaped like the USITC's.
import { describe, expect, it } from 'vitest';
import { noteText, notesDocument, parseNoteRef, provisionsIn } from '../../src/load/notes.js';

const TEXT = `                   SUBCHAPTER III
U.S. Notes

1. This subchapter contains the temporary modifications.

2.
    (a) For the purposes of heading 9903.01.01, products of Mexico: 0101.21.00.
    (b) Heading 9903.01.02 covers only:
              0102.21.00    0102.29.00
(j) Deleted subdivisions (c)-(i) are not printed: products of heading 9903.01.10: 0201.10.05
(v) (i)  Except as provided in headings 9903.01.26-9903.01.33:
              0301.11.00
      (ii) Heading 9903.01.30 covers:
              0302.11.00; 0302.13.00;
                   Harmonized Tariff Schedule of the United States Revision 6 (2026)

                                                               Annotated for Statistical Reporting Purposes

XXII
99 - III - 358

U.S. Notes (con.)

              0302.14.0010
      (iii) (a) As provided in heading 9903.01.32, the products listed here: 0401.10.00
            (b) As provided in heading 9903.02.78, the products: 0402.10.05; 0402.10.10.
      (iv) Nothing here.
      (v) A roman five inside (v), not the letter: 0403.20.00
(w) The letter after (v): 0404.10.05
3. [Note deleted.]

4.
(a) Heading 9903.76.01 provides the treatment of products described in subdivision (b) of this note.
(b) The rates of duty set forth in heading 9903.76.01 apply to the provisions listed in this subdivision:
                   4403.11.00    4403.21.01
                   9401.61.4011
(c) Heading 9903.76.02 ...
            SUBCHAPTER IV
1. Another subchapter's note 1.
`;

const doc = notesDocument('t', TEXT);
const codes = (ref: string) => provisionsIn(noteText(doc, parseNoteRef(ref)!));

describe('chapter 99 notes text', () => {
  it('parses references', () => {
    expect(parseNoteRef('2(v)(iii)(b)')).toEqual({ note: 2, path: ['v', 'iii', 'b'] });
    expect(parseNoteRef('37')).toEqual({ note: 37, path: [] });
    expect(parseNoteRef('37(B)')).toBeNull();
    expect(parseNoteRef('note 37')).toBeNull();
  });
  it('finds a subdivision and the provisions after its lead-in colon, without chapter 99 headings', () => {
    expect(codes('4(b)')).toEqual(['44031100', '44032101', '9401614011']);
    expect(codes('2(b)')).toEqual(['01022100', '01022900']);
  });
  it('skips deleted subdivisions and reads a label after its parent on one line', () => {
    expect(codes('2(j)')).toEqual(['02011005']);
    expect(codes('2(v)(i)')).toEqual(['03011100']);
  });
  it('removes running page headers inside a subdivision', () => {
    expect(codes('2(v)(ii)')).toEqual(['03021100', '03021300', '0302140010']);
  });
  it('tells a roman numeral inside a subdivision from the next letter', () => {
    expect(codes('2(v)(v)')).toEqual(['04032000']);
    expect(codes('2(w)')).toEqual(['04041005']);
    expect(codes('2(v)(iii)(b)')).toEqual(['04021005', '04021010']);
  });
  it('names what it cannot find', () => {
    expect(() => noteText(doc, parseNoteRef('2(z)')!)).toThrow(/note 2: subdivision \(z\) not found/);
    expect(() => noteText(doc, parseNoteRef('40')!)).toThrow(/note 40: note not found/);
    expect(() => noteText(doc, parseNoteRef('1')!, 'IX')).toThrow(/subchapter IX not found/);
  });
  it('keeps notes of one subchapter apart from the next', () => {
    expect(noteText(doc, parseNoteRef('4(c)')!)).not.toMatch(/Another subchapter/);
  });
});
