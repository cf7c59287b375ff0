import { documentFileName, parseSymbol, symbolFromStem, symbolRef, typeForSeries } from './documents';

const ok = (s: string) => {
  const r = parseSymbol(s);
  if (!r.ok) throw new Error(`${s}: ${r.error}`);
  return r.value;
};
const bad = (s: string) => {
  const r = parseSymbol(s);
  if (r.ok) throw new Error(`${s} should not parse`);
  return r.error;
};

describe('UN symbol grammar', () => {
  it('parses the main series, INF, CRP and L', () => {
    expect(ok('UNEP/MC/COP.6/19')).toMatchObject({ body: 'UNEP/MC/COP.6', series: 'main', number: 19, suffixes: [], base: null });
    expect(ok('UNEP/MC/COP.6/INF/26')).toMatchObject({ body: 'UNEP/MC/COP.6', series: 'INF', number: 26, stem: 'UNEP-MC-COP.6-INF-26' });
    expect(ok('UNEP/MC/COP.6/CRP.3')).toMatchObject({ series: 'CRP', number: 3 });
    expect(ok('UNEP/MC/COP.6/L.2')).toMatchObject({ series: 'L', number: 2 });
    expect(ok('FCCC/CP/2023/L.1')).toMatchObject({ body: 'FCCC/CP/2023', series: 'L', number: 1 });
  });

  it('reads Rev, Add and Corr suffixes and derives the base document', () => {
    expect(ok('UNEP/MC/COP.6/1/Rev.1')).toMatchObject({
      base: 'UNEP/MC/COP.6/1',
      revisionOf: 'UNEP/MC/COP.6/1',
      revision: 1,
      suffixes: [{ kind: 'Rev', n: 1 }],
    });
    expect(ok('UNEP/MC/COP.6/1/Add.1')).toMatchObject({ base: 'UNEP/MC/COP.6/1', revisionOf: 'UNEP/MC/COP.6/1/Add.1', revision: 0 });
    expect(ok('UNEP/MC/COP.6/INF/4/Corr.1')).toMatchObject({ series: 'INF', number: 4, base: 'UNEP/MC/COP.6/INF/4' });
    // A revision of an addendum revises the addendum, not the main document.
    expect(ok('UNEP/MC/COP.6/1/Add.1/Rev.2')).toMatchObject({
      base: 'UNEP/MC/COP.6/1/Add.1',
      revisionOf: 'UNEP/MC/COP.6/1/Add.1',
      revision: 2,
    });
    expect(ok('UNEP/MC/COP.6/CRP.3/Rev.1').revisionOf).toBe('UNEP/MC/COP.6/CRP.3');
    // Rev.1 and Rev.2 of the same document are one line of revisions.
    expect(ok('UNEP/MC/COP.6/1/Rev.2').revisionOf).toBe(ok('UNEP/MC/COP.6/1/Rev.1').revisionOf);
  });

  it.each([
    ['', /empty/],
    ['UNEP/MC/COP.6/', /empty parts/],
    ['/UNEP/MC/COP.6/1', /empty parts/],
    ['UNEP//COP.6/1', /empty parts/],
    ['UNEP/MC/COP.6/ 1', /spaces/],
    ['19', /issuing body/],
    ['INF/26', /issuing body/],
    ['UNEP/MC/COP.6/INF', /not a document number/],
    ['UNEP/MC/COP.6/CRP.0', /not a document number/],
    ['UNEP/MC/COP.6/CRP3', /not a document number/],
    ['UNEP/MC/COP.6/1/rev.1', /not a suffix/],
    ['UNEP/MC/COP.6/1/Rev.0', /not a suffix/],
    ['UNEP/MC/COP.6/1/Rev.1/Rev.2', /repeats/],
    ['unep/mc/COP.6/1', /not an issuing body/],
    ['UNEP/mc/COP.6/1', /not a valid symbol part/],
    ['UNEP/../COP.6/1', /not a valid symbol part/],
    ['UNEP/MC/COP.6/1/../../etc', /not a document number/],
    ['UNEP/MC/COP.6/007', /not a document number/],
    [`UNEP/${'X'.repeat(130)}/1`, /at most/],
  ])('refuses %j', (s, message) => {
    expect(bad(s)).toMatch(message);
  });

  it('makes UN-style file names and URL refs', () => {
    expect(documentFileName('UNEP/MC/COP.6/INF/26', 'en', 'pdf')).toBe('UNEP-MC-COP.6-INF-26-E.pdf');
    expect(documentFileName('UNEP/MC/COP.6/1/Rev.1', 'zh', 'docx')).toBe('UNEP-MC-COP.6-1-Rev.1-C.docx');
    expect(documentFileName('UNEP/MC/COP.6/CRP.3', 'original', 'xlsx')).toBe('UNEP-MC-COP.6-CRP.3.xlsx');
    expect(symbolRef('UNEP/MC/COP.6/INF/26')).toBe('UNEP-MC-COP.6-INF-26');
    expect(symbolFromStem('UNEP-MC-COP.6-INF-26')).toBe('UNEP/MC/COP.6/INF/26');
  });

  it('maps series to document types', () => {
    expect(typeForSeries('main')).toBe('official');
    expect(typeForSeries('INF')).toBe('information');
    expect(typeForSeries('CRP')).toBe('conference-room-paper');
    expect(typeForSeries('L')).toBe('limited');
  });
});
