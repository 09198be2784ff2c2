import path from 'node:path/posix';
import { isDateFormat } from './cell-value.ts';
import { xmlEvents, type XmlEvent } from './xml-events.ts';
import type { ZipArchive } from './zip-archive.ts';

/** What reading a worksheet needs from the rest of the workbook. */
export interface WorkbookParts {
  /** Worksheets in tab order, each with the zip part that holds it. */
  sheets: { name: string; part: string | undefined }[];
  date1904: boolean;
  /** Per cell style (`s` attribute), whether its number format shows a date. */
  dateStyles: boolean[];
  sharedStrings: string[];
}

/**
 * Number formats Excel does not write out because they are built in: the dates and times of
 * every locale, and the 年月日 forms that Chinese-locale Excel and WPS use.
 */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

async function* partEvents(zip: ZipArchive, name: string): AsyncGenerator<XmlEvent> {
  const stream = await zip.open(name);
  try {
    for await (const events of xmlEvents(stream)) yield* events;
  } finally {
    stream.destroy();
  }
}

/** The relationships of a part: id → target part name, resolved against the part's folder. */
async function relationships(zip: ZipArchive, part: string): Promise<{ id: string; type: string; target: string }[]> {
  const rels = zip.find(path.join(path.dirname(part), '_rels', `${path.basename(part)}.rels`));
  if (!rels) return [];
  const out: { id: string; type: string; target: string }[] = [];
  for await (const e of partEvents(zip, rels)) {
    if (e.kind !== 'open' || e.name !== 'Relationship' || e.attrs.TargetMode === 'External') continue;
    const target = e.attrs.Target ?? '';
    out.push({
      id: e.attrs.Id ?? '',
      type: e.attrs.Type ?? '',
      target: target.startsWith('/') ? target.slice(1) : path.normalize(path.join(path.dirname(part), target)),
    });
  }
  return out;
}

async function readStyles(zip: ZipArchive, part: string | undefined): Promise<boolean[]> {
  if (!part) return [];
  const formats = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  for await (const e of partEvents(zip, part)) {
    if (e.kind === 'open' && e.name === 'numFmt') formats.set(Number(e.attrs.numFmtId), e.attrs.formatCode ?? '');
    else if (e.kind === 'open' && e.name === 'cellXfs') inCellXfs = !e.empty;
    else if (e.kind === 'close' && e.name === 'cellXfs') inCellXfs = false;
    else if (e.kind === 'open' && e.name === 'xf' && inCellXfs) xfFormats.push(Number(e.attrs.numFmtId ?? 0));
  }
  return xfFormats.map((id) => (formats.has(id) ? isDateFormat(formats.get(id)) : BUILT_IN_DATE_FORMATS.has(id)));
}

/** Shared strings as plain text: rich-text runs joined, phonetic guides (`rPh`) left out. */
async function readSharedStrings(zip: ZipArchive, part: string | undefined): Promise<string[]> {
  if (!part) return [];
  const strings: string[] = [];
  let text: string[] = [];
  let inPhonetic = false;
  let inText = false;
  for await (const e of partEvents(zip, part)) {
    if (e.kind === 'text') {
      if (inText) text.push(e.text);
    } else if (e.kind === 'open') {
      if (e.name === 'si') text = [];
      else if (e.name === 'rPh') inPhonetic = !e.empty;
      else if (e.name === 't') inText = !e.empty && !inPhonetic;
      if (e.name === 'si' && e.empty) strings.push('');
    } else if (e.name === 't') inText = false;
    else if (e.name === 'rPh') inPhonetic = false;
    else if (e.name === 'si') strings.push(text.join(''));
  }
  return strings;
}

const OFFICE_DOCUMENT = /\/officeDocument$/;

/**
 * The workbook's sheet list, date system, date styles and shared strings, each read from its
 * own part before any worksheet, whatever order the zip stores them in.
 */
export async function readWorkbookParts(zip: ZipArchive): Promise<WorkbookParts> {
  const root = (await relationships(zip, '')).find((r) => OFFICE_DOCUMENT.test(r.type));
  const workbook = zip.find(root?.target ?? 'xl/workbook.xml');
  if (!workbook) throw new Error('no workbook part (xl/workbook.xml): not an xlsx workbook');
  const rels = await relationships(zip, workbook);
  const ofType = (suffix: string) => {
    const target = rels.find((r) => r.type.endsWith(`/${suffix}`))?.target;
    return target === undefined ? undefined : zip.find(target);
  };
  const sheets: WorkbookParts['sheets'] = [];
  let date1904 = false;
  for await (const e of partEvents(zip, workbook)) {
    if (e.kind !== 'open') continue;
    if (e.name === 'workbookPr') date1904 = e.attrs.date1904 === '1' || e.attrs.date1904 === 'true';
    if (e.name === 'sheet') {
      const target = rels.find((r) => r.id === e.attrs.id)?.target;
      sheets.push({ name: e.attrs.name ?? '', part: target === undefined ? undefined : zip.find(target) });
    }
  }
  return {
    sheets,
    date1904,
    dateStyles: await readStyles(zip, ofType('styles')),
    sharedStrings: await readSharedStrings(zip, ofType('sharedStrings')),
  };
}
